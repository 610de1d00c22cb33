package zmtp

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/zreactor/zmq/internal/gss"
	"github.com/zreactor/zmq/internal/kdctest"
	"github.com/zreactor/zmq/msg"
)

// Fuzz targets for the GSSAPI mechanism. Inputs are frames joined as curveJoin joins them.
// FuzzGSSAPIServer plays them against a fresh server whose keytab is
// testdata/gssapi-service.keytab, the keys of the KDC that made the INITIATE seeds (their
// tickets decrypt, then fail the time checks). FuzzGSSAPIMessage plays them as data frames
// against a connected server whose key is fixed, seeded with genuine MESSAGEs.

func gssFuzzEnv() gss.Env {
	return gss.Env{Config: "/nonexistent/krb5.conf", Keytab: "FILE:" + filepath.Join("testdata", "gssapi-service.keytab")}
}

func FuzzGSSAPIServer(f *testing.F) {
	f.Add(curveJoin([]byte("\x08INITIATE\x00\x00\x00\x03abc")))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, so := gssOpts(&kdctest.KDC{}, false)
		so.MaxMetadataSize = 1024
		s := NewGSSAPIServer(so)
		s.env = gssFuzzEnv
		for _, fr := range curveFrames(in) {
			var m msg.Msg
			m.Init(fr, msg.Command)
			if err := s.ProcessHandshakeCommand(&m); err != nil {
				if s.Status() != Failed {
					t.Fatalf("error %v with status %v", err, s.Status())
				}
				return
			}
			for {
				var out msg.Msg
				ok, err := s.NextHandshakeCommand(&out)
				if err != nil || !ok {
					break
				}
			}
		}
		if s.Status() == Ready {
			t.Fatal("a fuzzed client got through")
		}
	})
}

var gssFuzzKey = []byte("0123456789abcdef0123456789abcdef")

// gssFuzzPair is a connected client and server sharing gssFuzzKey.
func gssFuzzPair(t testing.TB) (*GSSAPIClient, *GSSAPIServer) {
	ini, acc, err := gss.NewTestPair(18, gssFuzzKey)
	if err != nil {
		t.Fatal(err)
	}
	co, so := gssOpts(&kdctest.KDC{}, false)
	c, s := NewGSSAPIClient(co), NewGSSAPIServer(so)
	c.ctx, c.codec.ctx, c.state = ini, gssCodec{ctx: ini}.ctx, gssClientConnected
	s.ctx, s.codec.ctx, s.state = acc, acc, gssServerConnected
	return c, s
}

func gssFuzzMessages(t testing.TB, frames ...string) []byte {
	c, _ := gssFuzzPair(t)
	var out [][]byte
	for _, f := range frames {
		var m msg.Msg
		m.Init([]byte(f), msg.More)
		if err := c.Encode(&m); err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]byte(nil), m.Bytes()...))
	}
	return curveJoin(out...)
}

func FuzzGSSAPIMessage(f *testing.F) {
	f.Add(gssFuzzMessages(f, "a", "hello world"))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, s := gssFuzzPair(t)
		for _, fr := range curveFrames(in) {
			var m msg.Msg
			m.Init(fr, 0)
			if err := s.Decode(&m); err != nil {
				if CodeOf(err) == CodeNone {
					t.Fatalf("error without a protocol code: %v", err)
				}
				return
			}
			if m.Size() > len(fr) {
				t.Fatal("decoded frame larger than its MESSAGE")
			}
		}
	})
}

// TestGSSAPIFuzzCorpus checks the committed corpora exist; GSSAPI_WRITE_CORPUS=1 rewrites the
// seeds and the keytab (with the test KDC).
func TestGSSAPIFuzzCorpus(t *testing.T) {
	if os.Getenv("GSSAPI_WRITE_CORPUS") == "1" {
		gssWriteCorpus(t)
	}
	for _, target := range []string{"FuzzGSSAPIServer", "FuzzGSSAPIMessage"} {
		if ents, err := os.ReadDir(filepath.Join("testdata", "fuzz", target)); err != nil || len(ents) == 0 {
			t.Errorf("%s: no committed corpus (run with GSSAPI_WRITE_CORPUS=1): %v", target, err)
		}
	}
	// The genuine MESSAGE seed decodes.
	_, s := gssFuzzPair(t)
	for _, fr := range curveFrames(gssFuzzMessages(t, "a", "b")) {
		var m msg.Msg
		m.Init(fr, 0)
		if err := s.Decode(&m); err != nil {
			t.Fatal(err)
		}
	}
}

func gssWriteCorpus(t *testing.T) {
	k := kdctest.Start(t)
	put := func(target, name string, in []byte) {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", in)
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kt, err := os.ReadFile(k.ServiceKeytab)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "gssapi-service.keytab"), kt, 0o644); err != nil {
		t.Fatal(err)
	}
	c, s := gssConnected(t, k)
	_ = s
	co, _ := gssOpts(k, false)
	init := curveNext(t, NewGSSAPIClient(co))
	put("FuzzGSSAPIServer", "initiate", curveJoin(init))
	put("FuzzGSSAPIServer", "initiate-empty-ready", curveJoin(init, nil, []byte("\x07MESSAGE\x00\x00\x00\x00")))
	put("FuzzGSSAPIServer", "initiate-truncated", curveJoin(init[:len(init)/2]))
	put("FuzzGSSAPIServer", "initiate-overflow", curveJoin([]byte("\x08INITIATE\xff\xff\xff\xff\x60")))
	_ = c
	put("FuzzGSSAPIMessage", "messages", gssFuzzMessages(t, "a", "hello world", string(make([]byte, 300))))
	put("FuzzGSSAPIMessage", "message-replay", func() []byte {
		m := curveFrames(gssFuzzMessages(t, "x"))[0]
		return curveJoin(m, m)
	}())
	put("FuzzGSSAPIMessage", "ready-command", gssFuzzMessages(t, "\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER"))
}
