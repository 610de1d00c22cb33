package zmq_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// The files pyzmq's create_certificates writes load as they are: the public file gives the
// public key, the secret file both keys and the metadata (pyzmq writes it only there).
func TestLoadPyzmqCertificates(t *testing.T) {
	for _, name := range []string{"server", "client", "client2"} {
		pub, err := zmq.LoadCertificate(filepath.Join("testdata/certs/pyzmq", name+".key"))
		testutil.Must(t, err, "load %s.key", name)
		sec, err := zmq.LoadCertificate(filepath.Join("testdata/certs/pyzmq", name+".key_secret"))
		testutil.Must(t, err, "load %s.key_secret", name)
		if pub.SecretKey != "" || pub.PublicKey != sec.PublicKey || len(pub.Metadata) != 0 {
			t.Errorf("%s.key: %+v (secret file: %+v)", name, pub, sec)
		}
		if derived, err := zmq.CurvePublic(sec.SecretKey); err != nil || derived != sec.PublicKey {
			t.Errorf("%s.key_secret: the secret key's public key is %q (%v), the file says %q", name, derived, err, sec.PublicKey)
		}
	}
	c, err := zmq.LoadCertificate("testdata/certs/pyzmq/client.key_secret")
	testutil.Must(t, err, "load client.key_secret")
	if c.Metadata["name"] != "client one" || c.Metadata["email"] != "one@example.org" || len(c.Metadata) != 2 {
		t.Errorf("client.key_secret metadata %q", c.Metadata)
	}
}

// czmq's layout (quoted values, metadata in both files) loads too.
func TestLoadCzmqCertificates(t *testing.T) {
	pub, err := zmq.LoadCertificate("testdata/certs/czmq/peer")
	testutil.Must(t, err, "load peer")
	sec, err := zmq.LoadCertificate("testdata/certs/czmq/peer_secret")
	testutil.Must(t, err, "load peer_secret")
	if pub.PublicKey != sec.PublicKey || pub.SecretKey != "" || sec.SecretKey == "" {
		t.Fatalf("peer %+v, peer_secret %+v", pub, sec)
	}
	for _, c := range []*zmq.Certificate{pub, sec} {
		if c.Metadata["name"] != "czmq peer" || c.Metadata["role"] != "test" {
			t.Errorf("metadata %q", c.Metadata)
		}
	}
}

// Save writes a public file and a secret one beside it, named as pyzmq and czmq name them, which
// load back to the same certificate; the secret file is the owner's alone.
func TestCertificateSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c, err := zmq.NewCertificate()
	testutil.Must(t, err, "NewCertificate")
	c.Metadata = map[string]string{"name": "round trip", "quote": `say "hi"`, "x.y": "#not a comment"}
	path := filepath.Join(dir, "node.key")
	testutil.Must(t, c.Save(path), "Save")

	pub, err := zmq.LoadCertificate(path)
	testutil.Must(t, err, "load public")
	sec, err := zmq.LoadCertificate(path + "_secret")
	testutil.Must(t, err, "load secret")
	if pub.PublicKey != c.PublicKey || pub.SecretKey != "" || sec.PublicKey != c.PublicKey || sec.SecretKey != c.SecretKey {
		t.Fatalf("saved %+v, loaded %+v and %+v", c, pub, sec)
	}
	for _, got := range []*zmq.Certificate{pub, sec} {
		if len(got.Metadata) != len(c.Metadata) {
			t.Fatalf("metadata %q, want %q", got.Metadata, c.Metadata)
		}
		for k, v := range c.Metadata {
			if got.Metadata[k] != v {
				t.Errorf("metadata %s = %q, want %q", k, got.Metadata[k], v)
			}
		}
	}
	fi, err := os.Stat(path + "_secret")
	testutil.Must(t, err, "stat")
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("secret file mode %v, want 0600", fi.Mode().Perm())
	}
	text, err := os.ReadFile(path + "_secret")
	testutil.Must(t, err, "read")
	if !strings.HasPrefix(string(text), "#   ****  Generated on ") || !strings.Contains(string(text), "#   ZeroMQ CURVE **Secret** Certificate\n") ||
		!strings.Contains(string(text), "\nmetadata\n") || !strings.Contains(string(text), "\ncurve\n    public-key = \""+c.PublicKey+"\"\n    secret-key = \"") {
		t.Errorf("secret file:\n%s", text)
	}

	// A public certificate saves only its public file; it cannot be applied to a socket.
	pubOnly := &zmq.Certificate{PublicKey: c.PublicKey}
	testutil.Must(t, pubOnly.Save(filepath.Join(dir, "pub.key")), "Save public")
	if _, err := os.Stat(filepath.Join(dir, "pub.key_secret")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a public certificate wrote a secret file: %v", err)
	}
	testutil.RequireIs(t, pubOnly.SaveSecret(filepath.Join(dir, "x")), zmq.ErrInvalid)
}

// Malformed files fail with ErrInvalid and say where.
func TestParseCertificateErrors(t *testing.T) {
	c, err := zmq.NewCertificate()
	testutil.Must(t, err, "NewCertificate")
	other, err := zmq.NewCertificate()
	testutil.Must(t, err, "NewCertificate")
	for _, tc := range []struct{ name, text, want string }{
		{"no key", "metadata\ncurve\n", "no curve/public-key"},
		{"short key", "curve\n    public-key = \"abc\"\n", "public-key is not"},
		{"bad Z85", "curve\n    public-key = \"" + strings.Repeat("~", 40) + "\"\n", "public-key is not"},
		{"other pair", "curve\n    public-key = \"" + c.PublicKey + "\"\n    secret-key = \"" + other.SecretKey + "\"\n", "does not belong"},
		{"indent", "curve\n   public-key = \"" + c.PublicKey + "\"\n", "line 2: indent"},
		{"too deep", "curve\n        public-key = \"" + c.PublicKey + "\"\n", "line 2: indentation"},
		{"quote", "curve\n    public-key = \"" + c.PublicKey + "\n", "line 2: missing \""},
		{"junk", "curve\n    public-key = \"" + c.PublicKey + "\" junk\n", "line 2: invalid syntax"},
		{"slash", "curve/\n", "line 1: '/'"},
	} {
		_, err := zmq.ParseCertificate([]byte(tc.text))
		if !errors.Is(err, zmq.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrInvalid saying %q", tc.name, err, tc.want)
		}
	}
	// Comments, blank lines, single quotes, CRLF and other sections are fine.
	text := "# a comment\r\n\r\nother\n    thing = 1 # trailing\ncurve   # the keys\n    public-key = '" +
		c.PublicKey + "'   # note\r\n    # indented comment\n"
	got, err := zmq.ParseCertificate([]byte(text))
	if err != nil || got.PublicKey != c.PublicKey {
		t.Fatalf("lenient text: %+v, %v", got, err)
	}
	_, err = zmq.LoadCertificate(filepath.Join(t.TempDir(), "missing"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// A client and a server configured from certificate files talk CURVE.
func TestCertificateApply(t *testing.T) {
	t.Parallel()
	srvCert, err := zmq.LoadCertificate("testdata/certs/pyzmq/server.key_secret")
	testutil.Must(t, err, "load server")
	srvPublic, err := zmq.LoadCertificate("testdata/certs/pyzmq/server.key")
	testutil.Must(t, err, "load server public")
	cliCert, err := zmq.LoadCertificate("testdata/certs/czmq/peer_secret")
	testutil.Must(t, err, "load client")
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, srvCert.Apply(srv), "Apply server")
	testutil.Must(t, srv.SetCurveServer(true), "SetCurveServer")
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	cli := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, cliCert.Apply(cli), "Apply client")
	testutil.Must(t, cli.SetCurveServerKey(srvPublic.PublicKey), "SetCurveServerKey")
	testutil.Must(t, cli.Connect(srv.LastEndpoint()), "Connect")
	testutil.Send(t, cli, "secret hello")
	testutil.ExpectRecv(t, srv, "secret hello")
	if cli.Mechanism() != zmq.MechanismCurve || cli.CurvePublicKey() != cliCert.PublicKey {
		t.Errorf("client mechanism %v, key %q", cli.Mechanism(), cli.CurvePublicKey())
	}
	testutil.RequireIs(t, srvPublic.Apply(cli), zmq.ErrInvalid)
}
