//go:build cgo

package interop_test

import (
	"bytes"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/auth"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// PLAIN and CURVE between our sockets and libzmq's, both ways: our client to a libzmq server
// whose ZAP handler is libzmq-side (internal/libzmq.ZapHandler), and a libzmq client to our
// server with our auth package as its handler. The binding side is the server.

// secLinkCfg configures both ends of a secured link.
type secLinkCfg struct {
	mech       string // "PLAIN" or "CURVE"
	server     curveKey
	client     curveKey
	user, pass string
	domain     string
	// libZap is the libzmq server's handler; nil binds none.
	libZap func(libzmq.ZapRequest) libzmq.ZapReply
	// zrAuth configures our server's Authenticator; nil starts none.
	zrAuth func(t testing.TB, a *auth.Authenticator)
	// from is the client's source address ("" for the default).
	from string
	// fails: the handshake is expected to fail, so newSecLink does not wait for it.
	fails bool
}

// honestLinkCfg is a PLAIN or CURVE link whose client passes both handlers.
func honestLinkCfg(t testing.TB, mech string) secLinkCfg {
	cfg := secLinkCfg{mech: mech, server: newCurveKey(t), client: honestCurveKey(), user: plainUser,
		pass: plainPass, domain: zapDomain}
	cfg.libZap = zapPolicy{keys: [][32]byte{cfg.client.pub}}.decide
	cfg.zrAuth = func(t testing.TB, a *auth.Authenticator) {
		a.AddPlainUser(zapDomain, plainUser, plainPass)
		testutil.Must(t, a.SetPlainMetadata(zapDomain, plainUser, map[string]string{"X-Zap": "plain"}), "SetPlainMetadata")
		k := z85(t, cfg.client.pub)
		testutil.Must(t, a.AllowCurveKeys(zapDomain, k), "AllowCurveKeys")
		testutil.Must(t, a.SetCurveMetadata(zapDomain, k, map[string]string{"X-Zap": "curve"}), "SetCurveMetadata")
		testutil.Must(t, a.Deny(deniedAddr), "Deny")
	}
	return cfg
}

// wantUserID is the User-Id the server's handler gives the honest client: libzmq-side our
// zapPolicy's, zr-side the auth package's (the username, or the Z85 key).
func (cfg secLinkCfg) wantUserID(t testing.TB, libServer bool) string {
	switch {
	case cfg.mech == "PLAIN" && libServer:
		return plainUserID
	case cfg.mech == "PLAIN":
		return cfg.user
	case libServer:
		return curveUserID(cfg.client.pub)
	default:
		return z85(t, cfg.client.pub)
	}
}

// secLink is a libLink whose server has a ZAP handler (or none).
type secLink struct {
	*libLink
	libZap *libzmq.ZapHandler  // the libzmq server's, or nil
	auth   *auth.Authenticator // our server's, or nil
}

// newSecLink binds a server (ours when weBind, else libzmq's) of type zt or lt and connects
// the other as its client. Unless cfg.fails it returns once both handshakes succeeded.
func newSecLink(t testing.TB, weBind bool, zt zmq.SocketType, lt libzmq.SocketType, cfg secLinkCfg) *secLink {
	t.Helper()
	l := &libLink{lctx: newLibCtx(t), weBind: weBind}
	sl := &secLink{libLink: l}
	l.ctx = testutil.NewCtx(t)
	if weBind && cfg.zrAuth != nil {
		a, err := auth.New(l.ctx)
		testutil.Must(t, err, "auth.New")
		t.Cleanup(func() { testutil.Must(t, a.Close(), "Authenticator.Close") })
		cfg.zrAuth(t, a)
		sl.auth = a
	}
	if !weBind && cfg.libZap != nil {
		sl.libZap = startLibZap(t, l.lctx, cfg.libZap)
	}
	l.lib = newLibSocket(t, l.lctx, lt)
	l.zr = testutil.NewSocket(t, l.ctx, zt)
	testutil.Must(t, l.zr.SetLinger(0), "SetLinger")
	setup := secSetup{mech: cfg.mech, server: cfg.server, domain: cfg.domain}
	if weBind {
		zrSecureServer(t, l.zr, setup)
		libClientOf(t, l.lib, cfg)
	} else {
		libSecureServer(t, l.lib, setup)
		zrClientOf(t, l.zr, cfg)
	}
	var err error
	l.events, err = l.zr.Monitor(zmq.EventAll)
	testutil.Must(t, err, "Monitor")
	l.libEvents, err = l.lib.Monitor(l.lctx, libzmq.EventAll)
	testutil.Must(t, err, "libzmq monitor")
	t.Cleanup(func() { l.libEvents.Close() })
	if weBind {
		testutil.Must(t, l.zr.Bind(interopAddr), "Bind")
		l.endpoint = l.zr.LastEndpoint()
	} else {
		testutil.Must(t, l.lib.Bind(interopAddr), "libzmq bind")
		l.endpoint, err = l.lib.LastEndpoint()
		testutil.Must(t, err, "libzmq last endpoint")
	}
	connectTo := l.endpoint
	if cfg.from != "" {
		connectTo = tcpFrom(cfg.from, l.endpoint)
	}
	if weBind {
		testutil.Must(t, l.lib.Connect(connectTo), "libzmq connect %s", connectTo)
	} else {
		testutil.Must(t, l.zr.Connect(connectTo), "Connect %s", connectTo)
	}
	if !cfg.fails {
		waitZrEvent(t, l.events, zmq.EventHandshakeSucceeded)
		_, err = l.libEvents.WaitFor(libzmq.EventHandshakeSucceeded, testutil.WaitTimeout)
		testutil.Must(t, err, "libzmq HANDSHAKE_SUCCEEDED")
	}
	return sl
}

func libClientOf(t testing.TB, s *libzmq.Socket, cfg secLinkCfg) {
	t.Helper()
	if cfg.mech == "PLAIN" {
		testutil.Must(t, s.SetString(libzmq.PlainUsername, cfg.user), "libzmq PLAIN_USERNAME")
		testutil.Must(t, s.SetString(libzmq.PlainPassword, cfg.pass), "libzmq PLAIN_PASSWORD")
		return
	}
	libCurveClient(t, s, cfg.server.pub, cfg.client)
}

func zrClientOf(t testing.TB, s *zmq.Socket, cfg secLinkCfg) {
	t.Helper()
	if cfg.mech == "PLAIN" {
		testutil.Must(t, s.SetPlainUsername(cfg.user), "SetPlainUsername")
		testutil.Must(t, s.SetPlainPassword(cfg.pass), "SetPlainPassword")
		return
	}
	zrCurveClient(t, s, cfg.server.pub, cfg.client)
}

// secDirections runs f with our server and a libzmq client ("zrServer"), then with a libzmq
// server and our client ("libServer"), as parallel subtests.
func secDirections(t *testing.T, f func(t *testing.T, weBind bool)) {
	for _, d := range []struct {
		name   string
		weBind bool
	}{{"zrServer", true}, {"libServer", false}} {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			f(t, d.weBind)
		})
	}
}

// checkServerProps checks, on the server's side, the User-Id and ZAP metadata the handler
// gave the client, on a message of two frames the client sent.
func checkServerProps(t *testing.T, l *secLink, cfg secLinkCfg, zapValue string) {
	t.Helper()
	wantUser := cfg.wantUserID(t, !l.weBind)
	if l.weBind {
		for i := range 2 {
			m, err := l.zr.RecvMsg(0)
			testutil.Must(t, err, "RecvMsg")
			if m.Property("User-Id") != wantUser || m.Property("X-Zap") != zapValue ||
				m.Property("Peer-Address") != "127.0.0.1" || m.Property("Socket-Type") != "DEALER" {
				t.Errorf("frame %d %q: User-Id %q X-Zap %q Peer-Address %q Socket-Type %q, want %q %q 127.0.0.1 DEALER",
					i, m.Bytes(), m.Property("User-Id"), m.Property("X-Zap"), m.Property("Peer-Address"),
					m.Property("Socket-Type"), wantUser, zapValue)
			}
		}
		return
	}
	for i := range 2 {
		m := libProps(t, l.lib, "User-Id", "X-Zap", "Socket-Type")
		if m.Props["User-Id"] != wantUser || m.Props["X-Zap"] != zapValue || m.Props["Socket-Type"] != "DEALER" {
			t.Errorf("libzmq frame %d %q: properties %v, want User-Id %q X-Zap %q Socket-Type DEALER",
				i, m.Data, m.Props, wantUser, zapValue)
		}
	}
}

// The client is told nothing by ZAP: its messages carry no User-Id.
func checkClientProps(t *testing.T, l *secLink) {
	t.Helper()
	if l.weBind {
		m := libProps(t, l.lib, "User-Id", "Socket-Type")
		if m.Props["User-Id"] != "" || m.Props["Socket-Type"] != "DEALER" {
			t.Errorf("libzmq client: properties %v, want no User-Id, Socket-Type DEALER", m.Props)
		}
		return
	}
	m, err := l.zr.RecvMsg(0)
	testutil.Must(t, err, "RecvMsg")
	if m.Property("User-Id") != "" || m.Property("Socket-Type") != "DEALER" {
		t.Errorf("client: User-Id %q Socket-Type %q, want none and DEALER", m.Property("User-Id"), m.Property("Socket-Type"))
	}
}

func TestInteropSecurityPlain(t *testing.T) {
	t.Parallel()
	secDirections(t, func(t *testing.T, weBind bool) {
		cfg := honestLinkCfg(t, "PLAIN")
		l := newSecLink(t, weBind, zmq.DEALER, libzmq.DEALER, cfg)
		secBounce(t, l)
		clientSend(t, l, "a", "b")
		checkServerProps(t, l, cfg, "plain")
		serverSend(t, l, "c")
		checkClientProps(t, l)
		if !weBind {
			checkLibZapRequest(t, l, "PLAIN", []byte(plainUser), []byte(plainPass))
		}
	})
}

func TestInteropSecurityCurve(t *testing.T) {
	t.Parallel()
	secDirections(t, func(t *testing.T, weBind bool) {
		cfg := honestLinkCfg(t, "CURVE")
		l := newSecLink(t, weBind, zmq.DEALER, libzmq.DEALER, cfg)
		secBounce(t, l)
		clientSend(t, l, "a", "b")
		checkServerProps(t, l, cfg, "curve")
		serverSend(t, l, "c")
		checkClientProps(t, l)
		if !weBind {
			checkLibZapRequest(t, l, "CURVE", cfg.client.pub[:])
		}
	})
}

// checkLibZapRequest checks the one request the libzmq server's handler had for our client:
// what our client sent, as libzmq's server read it.
func checkLibZapRequest(t *testing.T, l *secLink, mech string, creds ...[]byte) {
	t.Helper()
	reqs := l.libZap.Requests()
	if len(reqs) != 1 {
		t.Fatalf("libzmq ZAP handler had %d requests, want 1: %+v", len(reqs), reqs)
	}
	r := reqs[0]
	if r.Version != "1.0" || r.Domain != zapDomain || r.Address != "127.0.0.1" || r.Mechanism != mech ||
		len(r.Credentials) != len(creds) {
		t.Fatalf("libzmq ZAP request %+v", r)
	}
	for i := range creds {
		if !bytes.Equal(r.Credentials[i], creds[i]) {
			t.Fatalf("libzmq ZAP request credential %d is %q, want %q", i, r.Credentials[i], creds[i])
		}
	}
}

// secBounce sends testutil.BounceFrames client to server and back.
func secBounce(t *testing.T, l *secLink) {
	t.Helper()
	if l.weBind {
		libSend(t, l.lib, testutil.BounceFrames...)
		got, err := testutil.RecvWithTimeout(l.zr, testutil.WaitTimeout)
		testutil.Must(t, err, "server receive")
		testutil.CheckFrames(t, got, testutil.BounceFrames)
		testutil.Must(t, l.zr.SendMulti(got, 0), "server send")
		testutil.CheckFrames(t, libRecv(t, l.lib), testutil.BounceFrames)
		return
	}
	testutil.Must(t, l.zr.SendMulti(testutil.BounceFrames, 0), "client send")
	got := libRecv(t, l.lib)
	testutil.CheckFrames(t, got, testutil.BounceFrames)
	libSend(t, l.lib, got...)
	back, err := testutil.RecvWithTimeout(l.zr, testutil.WaitTimeout)
	testutil.Must(t, err, "client receive")
	testutil.CheckFrames(t, back, testutil.BounceFrames)
}

// clientSend sends frames from the client side of l; serverSend from the server side.
func clientSend(t *testing.T, l *secLink, frames ...string) {
	t.Helper()
	if l.weBind {
		libSend(t, l.lib, testutil.ByteFrames(frames)...)
	} else {
		testutil.Send(t, l.zr, frames...)
	}
}

func serverSend(t *testing.T, l *secLink, frames ...string) {
	t.Helper()
	if l.weBind {
		testutil.Send(t, l.zr, frames...)
	} else {
		libSend(t, l.lib, testutil.ByteFrames(frames)...)
	}
}
