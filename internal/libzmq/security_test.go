//go:build cgo

package libzmq

import (
	"bytes"
	"crypto/rand"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// startZap starts a ZAP handler in c, stopped (before c terminates) when the test ends.
func startZap(t *testing.T, c *Context, decide func(ZapRequest) ZapReply) *ZapHandler {
	t.Helper()
	h, err := c.StartZapHandler(decide)
	must(t, err)
	t.Cleanup(func() {
		if err := h.Stop(); err != nil {
			t.Errorf("ZAP handler: %v", err)
		}
	})
	return h
}

// plainDecide allows admin/secret as user "admin-id", with metadata Hello=World.
func plainDecide(r ZapRequest) ZapReply {
	if r.Mechanism == "PLAIN" && len(r.Credentials) == 2 &&
		string(r.Credentials[0]) == "admin" && string(r.Credentials[1]) == "secret" {
		rep := ZapAllow("admin-id")
		rep.Metadata = EncodeMetadata("Hello", "World")
		return rep
	}
	return ZapDeny("bad credentials")
}

// securePair binds a monitored DEALER server configured by srvOpts on TCP and connects a
// monitored DEALER client configured by cliOpts.
func securePair(t *testing.T, c *Context, srvOpts, cliOpts func(*Socket)) (srv, cli *Socket, srvMon, cliMon *Monitor) {
	t.Helper()
	srv, cli = newSocket(t, c, DEALER), newSocket(t, c, DEALER)
	srvOpts(srv)
	cliOpts(cli)
	var err error
	srvMon, err = srv.Monitor(c, EventAll)
	must(t, err)
	t.Cleanup(func() { srvMon.Close() })
	cliMon, err = cli.Monitor(c, EventAll)
	must(t, err)
	t.Cleanup(func() { cliMon.Close() })
	must(t, srv.Bind("tcp://127.0.0.1:*"))
	ep, err := srv.LastEndpoint()
	must(t, err)
	must(t, cli.Connect(ep))
	return srv, cli, srvMon, cliMon
}

func plainServer(t *testing.T) func(*Socket) {
	return func(s *Socket) {
		must(t, s.SetInt(PlainServer, 1))
		must(t, s.SetString(ZapDomain, "test"))
	}
}

func plainClient(t *testing.T, user, pass string) func(*Socket) {
	return func(s *Socket) {
		must(t, s.SetString(PlainUsername, user))
		must(t, s.SetString(PlainPassword, pass))
	}
}

func TestPlainWithZapHandler(t *testing.T) {
	c := newContext(t)
	h := startZap(t, c, plainDecide)
	srv, cli, srvMon, _ := securePair(t, c, plainServer(t), plainClient(t, "admin", "secret"))
	must(t, cli.Send([]byte("hi"), 0))
	m, err := srv.RecvMsg(0, "User-Id", "Hello", "Peer-Address")
	must(t, err)
	if string(m.Data) != "hi" || m.Props["User-Id"] != "admin-id" || m.Props["Hello"] != "World" ||
		m.Props["Peer-Address"] != "127.0.0.1" {
		t.Fatalf("got %q with properties %v", m.Data, m.Props)
	}
	if _, err := srvMon.WaitFor(EventHandshakeSucceeded, 5*time.Second); err != nil {
		t.Fatalf("server handshake: %v", err)
	}
	reqs := h.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d ZAP requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Version != "1.0" || r.Domain != "test" || r.Address != "127.0.0.1" || r.Mechanism != "PLAIN" ||
		len(r.Credentials) != 2 || string(r.Credentials[0]) != "admin" || string(r.Credentials[1]) != "secret" {
		t.Fatalf("ZAP request %+v", r)
	}
	must(t, srv.Send([]byte("back"), 0))
	if got := recvString(t, cli); got != "back" {
		t.Fatalf("reply %q", got)
	}
}

// A denied client: both sides report HANDSHAKE_FAILED_AUTH with the ZAP status, nothing is
// delivered.
func TestPlainDenied(t *testing.T) {
	c := newContext(t)
	startZap(t, c, plainDecide)
	srv, cli, srvMon, cliMon := securePair(t, c, plainServer(t), plainClient(t, "admin", "wrong"))
	for name, mon := range map[string]*Monitor{"server": srvMon, "client": cliMon} {
		ev, err := mon.WaitFor(EventHandshakeFailedAuth|EventHandshakeSucceeded, 5*time.Second)
		must(t, err)
		if ev.Event != EventHandshakeFailedAuth || ev.Value != 400 {
			t.Fatalf("%s: event %#x value %d, want HANDSHAKE_FAILED_AUTH 400", name, ev.Event, ev.Value)
		}
	}
	// The refused connection may already be gone, taking the client's pipe with it: EAGAIN.
	if err := cli.Send([]byte("lost"), DontWait); err != nil && !errors.Is(err, EAGAIN) {
		t.Fatal(err)
	}
	must(t, srv.SetInt(RcvTimeo, 100))
	if _, _, err := srv.Recv(0); !errors.Is(err, EAGAIN) {
		t.Fatalf("server received from a denied client: %v", err)
	}
}

// libzmq 4.3.4's PLAIN server without a ZAP handler refuses every client: NO_DETAIL EFAULT.
func TestPlainWithoutZapHandler(t *testing.T) {
	c := newContext(t)
	_, _, srvMon, _ := securePair(t, c, plainServer(t), plainClient(t, "admin", "secret"))
	ev, err := srvMon.WaitFor(EventHandshakeFailedNoDetail|EventHandshakeSucceeded, 5*time.Second)
	must(t, err)
	if ev.Event != EventHandshakeFailedNoDetail || ev.Value != uint32(syscall.EFAULT) {
		t.Fatalf("event %#x value %d, want HANDSHAKE_FAILED_NO_DETAIL EFAULT", ev.Event, ev.Value)
	}
}

func newKeypair(t *testing.T) (pub, sec string) {
	t.Helper()
	pub, sec, err := CurveKeypair()
	must(t, err)
	return pub, sec
}

func curveServer(t *testing.T, sec string) func(*Socket) {
	return func(s *Socket) {
		must(t, s.SetInt(CurveServer, 1))
		must(t, s.SetString(CurveSecretKey, sec))
		must(t, s.SetString(ZapDomain, "test"))
	}
}

func curveClient(t *testing.T, serverPub, pub, sec string) func(*Socket) {
	return func(s *Socket) {
		must(t, s.SetString(CurveServerKey, serverPub))
		must(t, s.SetString(CurvePublicKey, pub))
		must(t, s.SetString(CurveSecretKey, sec))
	}
}

func TestCurveWithZapHandler(t *testing.T) {
	if !Has("curve") {
		t.Skip("libzmq built without CURVE")
	}
	c := newContext(t)
	srvPub, srvSec := newKeypair(t)
	cliPub, cliSec := newKeypair(t)
	raw, err := Z85Decode(cliPub)
	must(t, err)
	h := startZap(t, c, func(r ZapRequest) ZapReply {
		if r.Mechanism == "CURVE" && len(r.Credentials) == 1 && bytes.Equal(r.Credentials[0], raw) {
			return ZapAllow("curve-user")
		}
		return ZapDeny("unknown key")
	})
	srv, cli, _, _ := securePair(t, c, curveServer(t, srvSec), curveClient(t, srvPub, cliPub, cliSec))
	big := bytes.Repeat([]byte("c"), 1<<20)
	must(t, cli.SendMulti([][]byte{[]byte("a"), big}, 0))
	m, err := srv.RecvMsg(0, "User-Id")
	must(t, err)
	if string(m.Data) != "a" || !m.More || m.Props["User-Id"] != "curve-user" {
		t.Fatalf("got %q more=%v properties %v", m.Data, m.More, m.Props)
	}
	if b, more, err := srv.Recv(0); err != nil || more || !bytes.Equal(b, big) {
		t.Fatalf("second frame: %d bytes more=%v err=%v", len(b), more, err)
	}
	if r := h.Requests(); len(r) != 1 || r[0].Mechanism != "CURVE" {
		t.Fatalf("ZAP requests %+v", r)
	}

	// Another client key is denied by the handler.
	otherPub, otherSec := newKeypair(t)
	_, _, srvMon, _ := securePair(t, c, curveServer(t, srvSec), curveClient(t, srvPub, otherPub, otherSec))
	ev, err := srvMon.WaitFor(EventHandshakeFailedAuth|EventHandshakeSucceeded, 5*time.Second)
	must(t, err)
	if ev.Event != EventHandshakeFailedAuth || ev.Value != 400 {
		t.Fatalf("event %#x value %d, want HANDSHAKE_FAILED_AUTH 400", ev.Event, ev.Value)
	}
}

func TestCurveKeys(t *testing.T) {
	pub, sec := newKeypair(t)
	if len(pub) != 40 || len(sec) != 40 {
		t.Fatalf("keys %q %q", pub, sec)
	}
	derived, err := CurvePublic(sec)
	must(t, err)
	if derived != pub {
		t.Fatalf("CurvePublic(secret) = %q, want %q", derived, pub)
	}
	if _, err := CurvePublic("short"); err == nil {
		t.Fatal("CurvePublic of a short key succeeded")
	}
}

func TestZ85(t *testing.T) {
	// The test vector of RFC 32 (Z85).
	vec := []byte{0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B}
	s, err := Z85Encode(vec)
	must(t, err)
	if s != "HelloWorld" {
		t.Fatalf("encode %q", s)
	}
	b, err := Z85Decode("HelloWorld")
	must(t, err)
	if !bytes.Equal(b, vec) {
		t.Fatalf("decode % x", b)
	}
	key := make([]byte, 32)
	rand.Read(key)
	s, err = Z85Encode(key)
	must(t, err)
	if b, err = Z85Decode(s); err != nil || !bytes.Equal(b, key) {
		t.Fatalf("round trip: % x, %v", b, err)
	}
	if _, err := Z85Encode([]byte{1, 2, 3}); err == nil {
		t.Fatal("encoded 3 bytes")
	}
	if _, err := Z85Decode("abcd"); err == nil {
		t.Fatal("decoded 4 characters")
	}
}

// A handler can be stopped and another bound in its place; stopping leaks neither fds nor
// goroutines (goleak checks the latter at the end).
func TestZapHandlerStopRebind(t *testing.T) {
	leakcheck.FDs(t)
	t.Run("cycle", func(t *testing.T) {
		c := newContext(t)
		h, err := c.StartZapHandler(plainDecide)
		must(t, err)
		if _, err := c.StartZapHandler(plainDecide); !errors.Is(err, syscall.EADDRINUSE) {
			t.Fatalf("second handler: %v, want EADDRINUSE", err)
		}
		must(t, h.Stop())
		must(t, h.Stop())
		startZap(t, c, plainDecide)
		srv, cli, _, _ := securePair(t, c, plainServer(t), plainClient(t, "admin", "secret"))
		must(t, cli.Send([]byte("x"), 0))
		if got := recvString(t, srv); got != "x" {
			t.Fatalf("got %q", got)
		}
	})
}
