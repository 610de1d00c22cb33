package gss

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/types"
)

// The fuzz targets' keys are fixed, so the committed seeds (written with GSS_WRITE_CORPUS=1)
// stay valid tokens although encryption draws a random confounder each time.

func fixedKey() types.EncryptionKey {
	k := make([]byte, 32)
	for i := range k {
		k[i] = byte(i * 7)
	}
	return types.EncryptionKey{KeyType: etypeID.AES256_CTS_HMAC_SHA1_96, KeyValue: k}
}

// fixedPair is an established initiator and acceptor with fixedKey: the initiator sends from
// 100, the acceptor from 500.
func fixedPair(t testing.TB) (ini, acc *Context) {
	k := fixedKey()
	ini, acc, err := NewTestPair(k.KeyType, k.KeyValue)
	if err != nil {
		t.Fatal(err)
	}
	return ini, acc
}

var fixedCTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// waitingInitiator is an initiator that sent an AP-REQ with fixedKey as session and subkey.
func waitingInitiator() *Context {
	return &Context{state: stateWaitAPRep, skey: fixedKey(), key: fixedKey(), ctime: fixedCTime, cusec: 123456, sendSeq: 100}
}

func FuzzParseToken(f *testing.F) {
	f.Add(frameToken(tokAPReq, []byte("ap-req")))
	f.Add(frameToken(tokAPRep, bytes.Repeat([]byte{1}, 300)))
	f.Fuzz(func(t *testing.T, tok []byte) {
		id, msg, err := parseToken(tok)
		if err != nil {
			return
		}
		if again := frameToken(id, msg); !bytes.Equal(again, tok) {
			t.Fatalf("parse/frame not a round trip: % x", tok)
		}
	})
}

func FuzzUnwrap(f *testing.F) {
	ini, _ := fixedPair(f)
	for _, m := range []string{"", "a", "READY", string(bytes.Repeat([]byte{9}, 100))} {
		tok, _ := ini.Wrap(nil, []byte(m))
		f.Add(tok)
	}
	f.Fuzz(func(t *testing.T, tok []byte) {
		_, acc := fixedPair(t)
		msg, err := acc.Unwrap(nil, tok)
		if err != nil {
			if acc.recvSeq != 100 {
				t.Fatal("a failed unwrap moved the sequence")
			}
			return
		}
		if acc.recvSeq != 101 || len(msg) > len(tok) {
			t.Fatalf("unwrapped %d bytes from %d, seq %d", len(msg), len(tok), acc.recvSeq)
		}
	})
}

func FuzzVerifyMIC(f *testing.F) {
	_, acc := fixedPair(f)
	// MICs from the acceptor, for the initiator to verify (its recvSeq is 500).
	for _, m := range []string{"", "signed"} {
		mic, _ := acc.GetMIC([]byte(m))
		f.Add([]byte(m), mic)
	}
	f.Fuzz(func(t *testing.T, msg, tok []byte) {
		ini, _ := fixedPair(t)
		if err := ini.VerifyMIC(msg, tok); err == nil && ini.recvSeq != 501 {
			t.Fatal("verified MIC did not move the sequence")
		}
	})
}

func apRepSeed(tb testing.TB) []byte {
	rep, err := sealAPRep(fixedKey(), fixedCTime, 123456, fixedKey(), 777)
	if err != nil {
		tb.Fatal(err)
	}
	return frameToken(tokAPRep, rep)
}

func FuzzAPRep(f *testing.F) {
	f.Add(apRepSeed(f))
	f.Add(frameToken(tokKRBError, []byte{0x7e, 0x03, 0x30, 0x01, 0x00}))
	f.Fuzz(func(t *testing.T, tok []byte) {
		c := waitingInitiator()
		_, err := c.Step(tok)
		if (err == nil) != c.Established() {
			t.Fatalf("err %v, established %v", err, c.Established())
		}
	})
}

// fuzzAcceptorCred is an acceptor whose keytab is testdata/fuzz-service.keytab: the keys of
// the KDC that made the AP-REQ seeds, so their tickets decrypt (and then fail the time checks).
func fuzzAcceptorCred(tb testing.TB) *AcceptorCred {
	kt, err := keytab.Load(filepath.Join("testdata", "fuzz-service.keytab"))
	if err != nil {
		tb.Fatal(err)
	}
	return &AcceptorCred{cfg: config.New(), kt: kt}
}

func FuzzAcceptStep(f *testing.F) {
	cred := fuzzAcceptorCred(f)
	f.Add(frameToken(tokAPReq, []byte{0x6e, 0x03, 0x30, 0x01, 0x00}))
	f.Fuzz(func(t *testing.T, tok []byte) {
		acc, _ := NewAcceptor(cred)
		// Only a genuine seed, fresh from the KDC, is accepted, and then as its client.
		if _, err := acc.Step(tok); err == nil && acc.PeerName().String() != "zclient@ZREACTOR.TEST" {
			t.Fatalf("accepted a fuzzed AP-REQ, peer %s", acc.PeerName())
		}
	})
}

func FuzzParseName(f *testing.F) {
	f.Add("zmqtest@localhost", 0)
	f.Add(`a\/b/c@R`, 2)
	f.Fuzz(func(t *testing.T, s string, nt int) {
		n, err := ParseName(s, NameType(nt))
		if err != nil || n.Hostbased {
			return
		}
		again, err := ParseName(n.String(), NTKRB5Principal)
		if err != nil || again.String() != n.String() {
			t.Fatalf("%q shows as %q, which reads back as %q (%v)", s, n.String(), again.String(), err)
		}
	})
}

// TestFuzzCorpus checks every target has its committed corpus and rewrites the seeds with
// GSS_WRITE_CORPUS=1 (the AP-REQ seeds and the fuzz keytab need the test KDC).
func TestFuzzCorpus(t *testing.T) {
	if os.Getenv("GSS_WRITE_CORPUS") == "1" {
		writeCorpus(t)
	}
	for _, target := range []string{"FuzzParseToken", "FuzzUnwrap", "FuzzVerifyMIC", "FuzzAPRep", "FuzzAcceptStep", "FuzzParseName"} {
		ents, err := os.ReadDir(filepath.Join("testdata", "fuzz", target))
		if err != nil || len(ents) == 0 {
			t.Errorf("%s: no committed corpus (run with GSS_WRITE_CORPUS=1): %v", target, err)
		}
	}
	// The honest seeds pass.
	c := waitingInitiator()
	if _, err := c.Step(apRepSeed(t)); err != nil || c.recvSeq != 777 {
		t.Fatalf("AP-REP seed: %v", err)
	}
}

func writeCorpus(t *testing.T) {
	env := needKDC(t)
	put := func(target, name string, args ...any) {
		content := "go test fuzz v1\n"
		for _, a := range args {
			switch v := a.(type) {
			case []byte:
				content += fmt.Sprintf("[]byte(%q)\n", v)
			case string:
				content += fmt.Sprintf("string(%q)\n", v)
			case int:
				content += fmt.Sprintf("int(%d)\n", v)
			}
		}
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kt, err := os.ReadFile(testKDC.ServiceKeytab)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "fuzz-service.keytab"), kt, 0o644); err != nil {
		t.Fatal(err)
	}
	_, req := firstToken(t, env)
	put("FuzzAcceptStep", "ap-req", req)
	put("FuzzAcceptStep", "ap-req-truncated", req[:len(req)/2])
	put("FuzzParseToken", "ap-req", req)
	put("FuzzParseToken", "short-form", frameToken(tokAPRep, []byte("x")))

	ini, acc := fixedPair(t)
	tok, _ := ini.Wrap(nil, []byte("\x00\x05READY\x0bSocket-Type\x00\x00\x00\x03REQ"))
	put("FuzzUnwrap", "ready", tok)
	tok2, _ := ini.Wrap(nil, bytes.Repeat([]byte("m"), 300))
	put("FuzzUnwrap", "second", tok2)
	rot := append([]byte(nil), tok[:headerLen]...)
	body := tok[headerLen:]
	rot = append(append(rot, body[len(body)-28:]...), body[:len(body)-28]...)
	binary.BigEndian.PutUint16(rot[6:], 28)
	put("FuzzUnwrap", "rrc-28", rot)
	put("FuzzUnwrap", "truncated", tok[:40])
	mic, _ := acc.GetMIC([]byte("signed"))
	put("FuzzVerifyMIC", "mic", []byte("signed"), mic)
	put("FuzzAPRep", "ap-rep", apRepSeed(t))
	rep, _ := sealAPRep(fixedKey(), fixedCTime, 123456, types.EncryptionKey{}, 0)
	put("FuzzAPRep", "ap-rep-no-subkey", frameToken(tokAPRep, rep))
	put("FuzzParseName", "hostbased", "zmqtest@localhost", 0)
	put("FuzzParseName", "escaped", `a\/b/c\@d@R/X`, 2)
	put("FuzzParseName", "user", "zclient", 1)
}
