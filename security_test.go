package zmq_test

import (
	"bytes"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// End-to-end PLAIN and CURVE between two zreactor sockets over loopback TCP, with a ZAP
// handler written in the test (zap_test.go) deciding by rule.

// plainRule accepts admin/password and refuses everyone else with 400.
func plainRule(r zapRequest) zapVerdict {
	if r.mechanism == "PLAIN" && len(r.credentials) == 2 &&
		string(r.credentials[0]) == "admin" && string(r.credentials[1]) == "password" {
		return zapVerdict{status: "200", userID: "admin", metadata: map[string]string{"X-Plan": "gold"}}
	}
	return zapVerdict{status: "400"}
}

func plainServer(t testing.TB) func(*zmq.Socket) {
	return func(s *zmq.Socket) { testutil.Must(t, s.SetPlainServer(true), "SetPlainServer") }
}

func plainClient(t testing.TB, user, password string) func(*zmq.Socket) {
	return func(s *zmq.Socket) {
		testutil.Must(t, s.SetPlainUsername(user), "SetPlainUsername")
		testutil.Must(t, s.SetPlainPassword(password), "SetPlainPassword")
	}
}

// expectZapRefused checks a refusal by the ZAP handler: HANDSHAKE_FAILED_AUTH with status on
// both ends, both connections closed, nothing delivered either way.
func expectZapRefused(t testing.TB, srv, cli secured, status int64) {
	t.Helper()
	srv.expectHandshake(t, zmq.EventHandshakeFailedAuth, status)
	cli.expectHandshake(t, zmq.EventHandshakeFailedAuth, status)
	srv.expectDisconnected(t)
	cli.expectDisconnected(t)
	expectNothingDelivered(t, cli, srv)
}

func TestPlainAccept(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	h := startZapHandler(t, c, plainRule)
	srv, ep := securedServer(t, c, func(s *zmq.Socket) {
		plainServer(t)(s)
		testutil.Must(t, s.SetZapDomain("accounts"), "SetZapDomain")
	})
	cli := securedClient(t, c, ep, plainClient(t, "admin", "password"))
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	cli.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	m := expectDelivered(t, cli, srv)
	for name, want := range map[string]string{"User-Id": "admin", "X-Plan": "gold", "Peer-Address": "127.0.0.1"} {
		if got := m.Property(name); got != want {
			t.Errorf("property %s = %q, want %q", name, got, want)
		}
	}
	testutil.Bounce(t, cli.s, srv.s)
	r := h.next(t)
	if r.mechanism != "PLAIN" || r.domain != "accounts" || r.address != "127.0.0.1" ||
		len(r.credentials) != 2 || string(r.credentials[0]) != "admin" || string(r.credentials[1]) != "password" {
		t.Fatalf("ZAP request %+v %q", r, r.credentials)
	}
}

// A wrong password and an unknown user are refused with 400 on both ends; the server goes
// on serving an honest client.
func TestPlainDeny(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	startZapHandler(t, c, plainRule)
	srv, ep := securedServer(t, c, plainServer(t))
	for _, creds := range [][2]string{{"admin", "wrong"}, {"mallory", "password"}} {
		bad := securedClient(t, c, ep, plainClient(t, creds[0], creds[1]))
		expectZapRefused(t, srv, bad, 400)
		bad.w.expectQuiet(testutil.QuietTime) // an ERROR ends reconnection
	}
	good := securedClient(t, c, ep, plainClient(t, "admin", "password"))
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	if m := expectDelivered(t, good, srv); m.Property("User-Id") != "admin" {
		t.Fatalf("User-Id %q", m.Property("User-Id"))
	}
	testutil.ExpectNoRecv(t, srv.s)
}

// A PLAIN server without a ZAP handler refuses every client (libzmq:
// HANDSHAKE_FAILED_NO_DETAIL with EFAULT), since nobody can check the password.
func TestPlainNoHandler(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	srv, ep := securedServer(t, c, plainServer(t))
	cli := securedClient(t, c, ep, plainClient(t, "admin", "password"))
	srv.expectHandshake(t, zmq.EventHandshakeFailedNoDetail, int64(syscall.EFAULT))
	srv.expectDisconnected(t)
	expectNothingDelivered(t, cli, srv)
}

// curvePair is a CURVE key pair in Z85.
type curvePair struct{ public, secret string }

func newCurvePair(t testing.TB) curvePair {
	t.Helper()
	public, secret, err := zmq.CurveKeypair()
	testutil.Must(t, err, "CurveKeypair")
	return curvePair{public, secret}
}

func curveServer(t testing.TB, k curvePair) func(*zmq.Socket) {
	return func(s *zmq.Socket) {
		testutil.Must(t, s.SetCurveServer(true), "SetCurveServer")
		testutil.Must(t, s.SetCurvePublicKey(k.public), "SetCurvePublicKey")
		testutil.Must(t, s.SetCurveSecretKey(k.secret), "SetCurveSecretKey")
	}
}

func curveClient(t testing.TB, server string, k curvePair) func(*zmq.Socket) {
	return func(s *zmq.Socket) {
		testutil.Must(t, s.SetCurveServerKey(server), "SetCurveServerKey")
		testutil.Must(t, s.SetCurvePublicKey(k.public), "SetCurvePublicKey")
		testutil.Must(t, s.SetCurveSecretKey(k.secret), "SetCurveSecretKey")
	}
}

// curveRule accepts the clients whose public keys (Z85) are in allowed, naming them.
func curveRule(t testing.TB, allowed map[string]string) func(zapRequest) zapVerdict {
	return func(r zapRequest) zapVerdict {
		if r.mechanism != "CURVE" || len(r.credentials) != 1 || len(r.credentials[0]) != 32 {
			return zapVerdict{status: "400"}
		}
		key, err := zmq.Z85Encode(r.credentials[0])
		if err != nil {
			return zapVerdict{status: "500"}
		}
		if name, ok := allowed[key]; ok {
			return zapVerdict{status: "200", userID: name}
		}
		return zapVerdict{status: "400"}
	}
}

// CURVE with a ZAP handler checking the client's long-term key: the request carries the key,
// User-Id comes with every message, and multipart and large messages cross intact.
func TestCurveAccept(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	server, client := newCurvePair(t), newCurvePair(t)
	h := startZapHandler(t, c, curveRule(t, map[string]string{client.public: "alice"}))
	srv, ep := securedServer(t, c, curveServer(t, server))
	cli := securedClient(t, c, ep, curveClient(t, server.public, client))
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	cli.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	m := expectDelivered(t, cli, srv)
	if m.Property("User-Id") != "alice" || m.Property("Peer-Address") != "127.0.0.1" {
		t.Fatalf("User-Id %q Peer-Address %q", m.Property("User-Id"), m.Property("Peer-Address"))
	}
	testutil.Bounce(t, cli.s, srv.s)
	big := bytes.Repeat([]byte("curve"), 300_000) // 1.5 MB: many reads, one box
	testutil.Must(t, cli.s.SendMulti([][]byte{[]byte("big"), big}, 0), "send big")
	got, err := testutil.RecvWithTimeout(srv.s, testutil.WaitTimeout)
	testutil.Must(t, err, "receive big")
	if len(got) != 2 || !bytes.Equal(got[1], big) {
		t.Fatalf("big message arrived as %d frames", len(got))
	}
	r := h.next(t)
	key, _ := zmq.Z85Encode(r.credentials[0])
	if r.mechanism != "CURVE" || key != client.public || r.address != "127.0.0.1" {
		t.Fatalf("ZAP request %+v", r)
	}
}

// A client key the handler does not know is refused with 400 on both ends; the server goes
// on serving an allowed client.
func TestCurveDeny(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	server, good, bad := newCurvePair(t), newCurvePair(t), newCurvePair(t)
	startZapHandler(t, c, curveRule(t, map[string]string{good.public: "good"}))
	srv, ep := securedServer(t, c, curveServer(t, server))
	intruder := securedClient(t, c, ep, curveClient(t, server.public, bad))
	expectZapRefused(t, srv, intruder, 400)
	honest := securedClient(t, c, ep, curveClient(t, server.public, good))
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	if m := expectDelivered(t, honest, srv); m.Property("User-Id") != "good" {
		t.Fatalf("User-Id %q", m.Property("User-Id"))
	}
	testutil.ExpectNoRecv(t, srv.s)
}

// Without a ZAP handler a CURVE server accepts any client key (libzmq's "stonehouse":
// encryption without authentication); with a ZAP domain and ZAP_ENFORCE_DOMAIN it refuses
// them (HANDSHAKE_FAILED_NO_DETAIL, EFAULT). As in libzmq 4.3, enforcement without a domain
// changes nothing.
func TestCurveNoHandler(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	server := newCurvePair(t)
	srv, ep := securedServer(t, c, curveServer(t, server))
	cli := securedClient(t, c, ep, curveClient(t, server.public, newCurvePair(t)))
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	cli.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	if m := expectDelivered(t, cli, srv); m.Property("User-Id") != "" {
		t.Fatalf("User-Id %q without a handler", m.Property("User-Id"))
	}

	lax, ep2 := securedServer(t, c, func(s *zmq.Socket) {
		curveServer(t, server)(s)
		testutil.Must(t, s.SetZapEnforceDomain(true), "SetZapEnforceDomain")
	})
	cli2 := securedClient(t, c, ep2, curveClient(t, server.public, newCurvePair(t)))
	lax.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	expectDelivered(t, cli2, lax)

	strict, ep3 := securedServer(t, c, func(s *zmq.Socket) {
		curveServer(t, server)(s)
		testutil.Must(t, s.SetZapDomain("global"), "SetZapDomain")
		testutil.Must(t, s.SetZapEnforceDomain(true), "SetZapEnforceDomain")
	})
	refused := securedClient(t, c, ep3, curveClient(t, server.public, newCurvePair(t)))
	strict.expectHandshake(t, zmq.EventHandshakeFailedNoDetail, int64(syscall.EFAULT))
	strict.expectDisconnected(t)
	expectNothingDelivered(t, refused, strict)
}

// A client that has the wrong server key cannot even say HELLO: the server raises
// HANDSHAKE_FAILED_PROTOCOL (ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC) and closes; the ZAP
// handler is never asked.
func TestCurveWrongServerKey(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	server := newCurvePair(t)
	h := startZapHandler(t, c, zapAllow("anyone"))
	srv, ep := securedServer(t, c, curveServer(t, server))
	cli := securedClient(t, c, ep, curveClient(t, newCurvePair(t).public, newCurvePair(t)))
	srv.expectHandshake(t, zmq.EventHandshakeFailedProtocol, 0x11000001)
	srv.expectDisconnected(t)
	expectNothingDelivered(t, cli, srv)
	select {
	case r := <-h.requests:
		t.Fatalf("the ZAP handler was asked: %+v", r)
	default:
	}
}
