package auth

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
)

// rawOf is a Z85 key's raw bytes.
func rawOf(t *testing.T, z85 string) []byte {
	t.Helper()
	b, err := zmq.Z85Decode(z85)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadCert(t *testing.T, path string) *zmq.Certificate {
	t.Helper()
	c, err := zmq.LoadCertificate(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A directory written by pyzmq is accepted as it is: its *.key files' keys get in with their
// certificates' metadata, and the *.key_secret files are not read.
func TestCurveCertificatesPyzmqDirectory(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	const dir = "../testdata/certs/pyzmq"
	if err := a.AllowCurveCertificates("global", dir); err != nil {
		t.Fatal(err)
	}
	p := newZapPeer(t, ctx)
	for _, name := range []string{"server", "client", "client2"} {
		k := rawOf(t, loadCert(t, filepath.Join(dir, name+".key")).PublicKey)
		rep := p.ask(curve("global", "127.0.0.1", k))
		if string(rep[2]) != "200" || string(rep[4]) != keyText(k) {
			t.Errorf("%s: reply %q, want 200 with its key as User-Id", name, rep)
		}
	}
	p.expect(curve("global", "127.0.0.1", testKey(9)), "400")
	p.expect(curve("other", "127.0.0.1", rawOf(t, loadCert(t, dir+"/client.key").PublicKey)), "400")
}

// Reloading a directory replaces what it allowed; other directories and AllowCurveKeys stay.
// A certificate's metadata comes with the reply, unless the key has metadata of its own.
func TestCurveCertificatesReload(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	dir := t.TempDir()
	one, err := zmq.NewCertificate()
	if err != nil {
		t.Fatal(err)
	}
	one.Metadata = map[string]string{"role": "first"}
	two, _ := zmq.NewCertificate()
	if err := one.Save(filepath.Join(dir, "one.key")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "README"), []byte("Not a certificate.\n"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if err := a.AllowCurveCertificates("*", dir); err != nil {
		t.Fatal(err)
	}
	if err := a.AllowCurveCertificates("*", "../testdata/certs/czmq"); err != nil {
		t.Fatal(err)
	}
	if err := a.AllowCurveKeys("*", keyText(testKey(5))); err != nil {
		t.Fatal(err)
	}
	p := newZapPeer(t, ctx)
	k1, k2 := rawOf(t, one.PublicKey), rawOf(t, two.PublicKey)
	rep := p.ask(curve("d", "127.0.0.1", k1))
	if md := decodeMetadata(t, rep[5]); string(rep[2]) != "200" || md["role"] != "first" || len(md) != 1 {
		t.Errorf("certificate key: reply %q, want 200 with the certificate's metadata", rep)
	}
	p.expect(curve("d", "127.0.0.1", k2), "400")

	// one goes, two comes: after the reload only two is allowed from this directory.
	os.Remove(filepath.Join(dir, "one.key"))
	two.Save(filepath.Join(dir, "two.key"))
	if err := a.AllowCurveCertificates("*", dir+"/"); err != nil {
		t.Fatal(err)
	}
	p.expect(curve("d", "127.0.0.1", k1), "400")
	p.expect(curve("d", "127.0.0.1", k2), "200")
	p.expect(curve("d", "127.0.0.1", rawOf(t, loadCert(t, "../testdata/certs/czmq/peer").PublicKey)), "200")
	p.expect(curve("d", "127.0.0.1", testKey(5)), "200")

	// Metadata set for the key wins over its certificate's.
	if err := a.SetCurveMetadata("*", two.PublicKey, map[string]string{"role": "explicit"}); err != nil {
		t.Fatal(err)
	}
	rep = p.ask(curve("d", "127.0.0.1", k2))
	if md := decodeMetadata(t, rep[5]); md["role"] != "explicit" || len(md) != 1 {
		t.Errorf("reply %q, want the key's own metadata", rep)
	}

	if err := a.AllowCurveCertificates("*", filepath.Join(dir, "missing")); err == nil {
		t.Fatal("a missing directory was accepted")
	}
	p.expect(curve("d", "127.0.0.1", k2), "200") // the failed call changed nothing
}
