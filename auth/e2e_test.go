package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
)

// End-to-end: real server and client sockets over loopback TCP, whose handshakes ask the
// Authenticator. A refusal shows as HANDSHAKE_FAILED_AUTH with the ZAP status on the server's
// monitor, and nothing reaches the server application.

// e2eServer is a PULL server socket with its monitor.
type e2eServer struct {
	t        *testing.T
	s        *zmq.Socket
	events   <-chan zmq.Event
	endpoint string
}

// newServer binds a PULL socket configured by setup on an ephemeral loopback port.
func newServer(t *testing.T, ctx *zmq.Context, setup func(*zmq.Socket) error) *e2eServer {
	t.Helper()
	s, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	must(t, s.SetLinger(0), s.SetRcvTimeo(5*time.Second), setup(s))
	events, err := s.Monitor(zmq.EventHandshakeFailedAuth | zmq.EventHandshakeFailedProtocol | zmq.EventHandshakeFailedNoDetail)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.Bind("tcp://127.0.0.1:*"))
	return &e2eServer{t: t, s: s, events: events, endpoint: s.LastEndpoint()}
}

// connect makes a PUSH client configured by setup, connects it and queues one message.
func (srv *e2eServer) connect(ctx *zmq.Context, body string, setup func(*zmq.Socket) error) *zmq.Socket {
	t := srv.t
	t.Helper()
	c, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	must(t, c.SetLinger(0), setup(c), c.Connect(srv.endpoint), c.Send([]byte(body), 0))
	return c
}

// expectDelivered receives body and checks the User-Id and other properties it carries.
func (srv *e2eServer) expectDelivered(body string, props map[string]string) {
	t := srv.t
	t.Helper()
	m, err := srv.s.RecvMsg(0)
	if err != nil {
		t.Fatalf("waiting for %q: %v", body, err)
	}
	if string(m.Bytes()) != body {
		t.Fatalf("received %q, want %q", m.Bytes(), body)
	}
	for name, want := range props {
		if got := m.Property(name); got != want {
			t.Errorf("%q: property %s = %q, want %q", body, name, got, want)
		}
	}
}

// expectRefused waits for HANDSHAKE_FAILED_AUTH with status and checks nothing was delivered.
func (srv *e2eServer) expectRefused(status int64) {
	t := srv.t
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e := <-srv.events:
			if e.Kind != zmq.EventHandshakeFailedAuth || e.Value != status {
				t.Fatalf("event %v (value %d), want HANDSHAKE_FAILED_AUTH %d", e.Kind, e.Value, status)
			}
			if b, err := srv.s.Recv(zmq.DontWait); !errors.Is(err, zmq.ErrAgain) {
				t.Fatalf("refused peer's message delivered: %q, %v", b, err)
			}
			return
		case <-deadline:
			t.Fatalf("no HANDSHAKE_FAILED_AUTH %d within 5 s", status)
		}
	}
}

// drainRefusals forgets the events of a refused client that keeps reconnecting until closed.
func (srv *e2eServer) drainRefusals() {
	for {
		select {
		case <-srv.events:
		default:
			return
		}
	}
}

func must(t *testing.T, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func plainClient(user, password string) func(*zmq.Socket) error {
	return func(c *zmq.Socket) error {
		return errors.Join(c.SetPlainUsername(user), c.SetPlainPassword(password))
	}
}

func TestE2EPlain(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	a.AddPlainUser("test", "admin", "secret")
	must(t, a.SetPlainMetadata("test", "admin", map[string]string{"X-Role": "root"}))
	srv := newServer(t, ctx, func(s *zmq.Socket) error {
		return errors.Join(s.SetPlainServer(true), s.SetZapDomain("test"))
	})

	srv.connect(ctx, "hello", plainClient("admin", "secret"))
	srv.expectDelivered("hello", map[string]string{"User-Id": "admin", "X-Role": "root", "Peer-Address": "127.0.0.1"})

	bad := srv.connect(ctx, "wrong password", plainClient("admin", "guess"))
	srv.expectRefused(400)
	bad.Close()
	unknown := srv.connect(ctx, "unknown user", plainClient("mallory", "secret"))
	srv.expectRefused(400)
	unknown.Close()
	srv.drainRefusals()

	// The server still serves an honest peer.
	srv.connect(ctx, "again", plainClient("admin", "secret"))
	srv.expectDelivered("again", map[string]string{"User-Id": "admin"})
}

func TestE2EPlainWrongDomain(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	a.AddPlainUser("other", "admin", "secret")
	srv := newServer(t, ctx, func(s *zmq.Socket) error {
		return errors.Join(s.SetPlainServer(true), s.SetZapDomain("test"))
	})
	srv.connect(ctx, "hello", plainClient("admin", "secret"))
	srv.expectRefused(400)
}

// Address rules come before credentials: a denied address fails even with a good password.
func TestE2EPlainAddressDenied(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	a.AddPlainUser("*", "admin", "secret")
	must(t, a.Deny("127.0.0.1"))
	srv := newServer(t, ctx, func(s *zmq.Socket) error { return s.SetPlainServer(true) })
	srv.connect(ctx, "hello", plainClient("admin", "secret"))
	srv.expectRefused(400)
}

// NULL servers ask the handler only when they have a ZAP domain.
func TestE2ENullAddress(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	must(t, a.Allow("10.1.2.3"))
	withDomain := newServer(t, ctx, func(s *zmq.Socket) error { return s.SetZapDomain("d") })
	withDomain.connect(ctx, "hello", func(*zmq.Socket) error { return nil })
	withDomain.expectRefused(400)

	noDomain := newServer(t, ctx, func(*zmq.Socket) error { return nil })
	noDomain.connect(ctx, "not asked", func(*zmq.Socket) error { return nil })
	noDomain.expectDelivered("not asked", nil)

	must(t, a.Allow("127.0.0.1"))
	withDomain.drainRefusals()
	withDomain.connect(ctx, "allowed", func(*zmq.Socket) error { return nil })
	withDomain.expectDelivered("allowed", map[string]string{"User-Id": ""})
}

// curveKeys makes a key pair, failing t on error.
func curveKeys(t *testing.T) (public, secret string) {
	t.Helper()
	public, secret, err := zmq.CurveKeypair()
	if err != nil {
		t.Fatal(err)
	}
	return public, secret
}

func curveClient(serverPublic, public, secret string) func(*zmq.Socket) error {
	return func(c *zmq.Socket) error {
		return errors.Join(c.SetCurveServerKey(serverPublic), c.SetCurvePublicKey(public), c.SetCurveSecretKey(secret))
	}
}

func TestE2ECurve(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	serverPub, serverSec := curveKeys(t)
	goodPub, goodSec := curveKeys(t)
	otherPub, otherSec := curveKeys(t)
	must(t, a.AllowCurveKeys("*", goodPub), a.SetCurveMetadata("*", goodPub, map[string]string{"X-Tier": "gold"}))
	srv := newServer(t, ctx, func(s *zmq.Socket) error {
		// Both keys, as czmq's zcert_apply sets them (libzmq itself needs only the secret).
		return errors.Join(s.SetCurveServer(true), s.SetCurvePublicKey(serverPub), s.SetCurveSecretKey(serverSec),
			s.SetZapDomain("secure"))
	})

	srv.connect(ctx, "hello", curveClient(serverPub, goodPub, goodSec))
	srv.expectDelivered("hello", map[string]string{"User-Id": goodPub, "X-Tier": "gold"})

	stranger := srv.connect(ctx, "stranger", curveClient(serverPub, otherPub, otherSec))
	srv.expectRefused(400)
	stranger.Close()
	srv.drainRefusals()

	// Open the domain to any key: the stranger gets in, known by its key.
	a.AllowAnyCurve("secure")
	srv.connect(ctx, "any", curveClient(serverPub, otherPub, otherSec))
	srv.expectDelivered("any", map[string]string{"User-Id": otherPub})
}

// Closing the context with an Authenticator, a server and live authenticated connections
// still ends everything.
func TestE2EContextClose(t *testing.T) {
	leakcheck.FDs(t)
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a.AddPlainUser("*", "u", "p")
	srv := newServer(t, ctx, func(s *zmq.Socket) error { return s.SetPlainServer(true) })
	c := srv.connect(ctx, "hello", plainClient("u", "p"))
	srv.expectDelivered("hello", nil)
	c.Close()
	srv.s.Close()
	must(t, ctx.Close(), a.Close())
}
