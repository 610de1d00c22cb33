package zmq_test

import (
	"context"
	"encoding/binary"
	"errors"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// zapEndpoint is where ZAP handlers bind (RFC 27).
const zapEndpoint = "inproc://zeromq.zap.01"

// zapRequest is one RFC 27 request as a handler receives it from its REP socket.
type zapRequest struct {
	version, requestID, domain, address, identity, mechanism string
	credentials                                              [][]byte
}

// zapVerdict is a handler's answer: status code, user id and metadata properties.
type zapVerdict struct {
	status, userID string
	metadata       map[string]string
}

// zapHandler is a ZAP handler written the plain way, as an application would: a REP socket
// bound at inproc://zeromq.zap.01 answering from its own goroutine by the test's rule.
type zapHandler struct {
	requests chan zapRequest // every request seen, for the test to inspect
	rule     atomic.Pointer[func(zapRequest) zapVerdict]
}

// startZapHandler binds the handler in c and serves until the test ends; the handler's
// socket is closed by its goroutine before the context.
func startZapHandler(t testing.TB, c *zmq.Context, rule func(zapRequest) zapVerdict) *zapHandler {
	t.Helper()
	rep, err := c.NewSocket(zmq.REP)
	testutil.Must(t, err, "NewSocket(REP)")
	if err := rep.Bind(zapEndpoint); err != nil {
		rep.Close()
		t.Fatalf("bind the ZAP handler: %v", err)
	}
	h := &zapHandler{requests: make(chan zapRequest, 64)}
	h.rule.Store(&rule)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		defer rep.Close()
		for h.serve(ctx, t, rep) {
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	return h
}

// setRule changes the verdicts from the next request on.
func (h *zapHandler) setRule(rule func(zapRequest) zapVerdict) { h.rule.Store(&rule) }

// serve answers one request; false once the test is over.
func (h *zapHandler) serve(ctx context.Context, t testing.TB, rep *zmq.Socket) bool {
	first, err := rep.RecvContext(ctx, 0)
	if err != nil {
		return false
	}
	frames := [][]byte{first}
	for rep.RcvMore() {
		f, err := rep.Recv(0)
		if err != nil {
			return false
		}
		frames = append(frames, f)
	}
	if len(frames) < 6 {
		t.Errorf("ZAP request of %d frames: %q", len(frames), frames)
		return false
	}
	req := zapRequest{version: string(frames[0]), requestID: string(frames[1]), domain: string(frames[2]),
		address: string(frames[3]), identity: string(frames[4]), mechanism: string(frames[5]),
		credentials: frames[6:]}
	v := (*h.rule.Load())(req)
	select {
	case h.requests <- req:
	default:
	}
	reply := [][]byte{[]byte("1.0"), []byte(req.requestID), []byte(v.status), []byte("test verdict"),
		[]byte(v.userID), encodeProperties(v.metadata)}
	return rep.SendMulti(reply, 0) == nil
}

// next returns the next request the handler answered.
func (h *zapHandler) next(t testing.TB) zapRequest {
	t.Helper()
	select {
	case r := <-h.requests:
		return r
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("the ZAP handler got no request")
	}
	panic("unreachable")
}

// encodeProperties is the ZMTP property list (RFC 23 metadata) of a ZAP reply.
func encodeProperties(props map[string]string) []byte {
	var b []byte
	for k, v := range props {
		b = append(b, byte(len(k)))
		b = append(b, k...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
		b = append(b, v...)
	}
	return b
}

func zapAllow(userID string) func(zapRequest) zapVerdict {
	return func(zapRequest) zapVerdict { return zapVerdict{status: "200", userID: userID} }
}

func zapDeny(status string) func(zapRequest) zapVerdict {
	return func(zapRequest) zapVerdict { return zapVerdict{status: status} }
}

// secured is one end of a secured TCP connection under test, with its monitor.
type secured struct {
	s *zmq.Socket
	w *eventWatch
}

// securedServer binds a DEALER configured by cfg on loopback TCP and returns it with the
// endpoint to connect to.
func securedServer(t testing.TB, c *zmq.Context, cfg func(s *zmq.Socket)) (secured, string) {
	t.Helper()
	s := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, s.SetRcvTimeo(testutil.WaitTimeout), "SetRcvTimeo")
	testutil.Must(t, s.SetLinger(0), "SetLinger") // messages a refused peer never took are dropped
	cfg(s)
	w := watchEvents(t, s, handshakeEvents)
	testutil.Must(t, s.Bind("tcp://127.0.0.1:*"), "Bind")
	return secured{s, w}, s.LastEndpoint()
}

// securedClient connects a DEALER configured by cfg to endpoint. Reconnects are slowed down
// so that a refused client does not flood the server's monitor.
func securedClient(t testing.TB, c *zmq.Context, endpoint string, cfg func(s *zmq.Socket)) secured {
	t.Helper()
	s := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, s.SetRcvTimeo(testutil.WaitTimeout), "SetRcvTimeo")
	testutil.Must(t, s.SetReconnectIvl(time.Second), "SetReconnectIvl")
	testutil.Must(t, s.SetLinger(0), "SetLinger")
	cfg(s)
	w := watchEvents(t, s, handshakeEvents)
	testutil.Must(t, s.Connect(endpoint), "Connect")
	return secured{s, w}
}

// handshakeEvents are the monitor events the security tests watch.
const handshakeEvents = zmq.EventHandshakeSucceeded | zmq.EventHandshakeFailedNoDetail |
	zmq.EventHandshakeFailedProtocol | zmq.EventHandshakeFailedAuth | zmq.EventDisconnected

// expectHandshake waits for the next handshake outcome and checks it.
func (e secured) expectHandshake(t testing.TB, kind zmq.EventKind, value int64) {
	t.Helper()
	for {
		ev := e.w.next()
		if ev.Kind == zmq.EventDisconnected {
			continue
		}
		if ev.Kind != kind || (kind != zmq.EventHandshakeSucceeded && value >= 0 && ev.Value != value) {
			t.Fatalf("%v: event %v %d, want %v %d; events seen:%s", e.s.Type(), ev.Kind, ev.Value, kind, value, e.w.history())
		}
		return
	}
}

// expectDisconnected waits for DISCONNECTED, with no other handshake outcome before it.
func (e secured) expectDisconnected(t testing.TB) {
	t.Helper()
	if ev := e.w.next(); ev.Kind != zmq.EventDisconnected {
		t.Fatalf("%v: event %v %d, want DISCONNECTED; events seen:%s", e.s.Type(), ev.Kind, ev.Value, e.w.history())
	}
}

// expectDelivered sends a message from client to server and one back, and returns the
// message the server received, for its properties.
func expectDelivered(t testing.TB, client, server secured) *zmq.Msg {
	t.Helper()
	testutil.Must(t, client.s.Send([]byte("hello"), 0), "client Send")
	m, err := server.s.RecvMsg(0)
	testutil.Must(t, err, "server RecvMsg")
	if string(m.Bytes()) != "hello" {
		t.Fatalf("server received %q", m.Bytes())
	}
	testutil.Must(t, server.s.Send([]byte("world"), 0), "server Send")
	testutil.ExpectRecv(t, client.s, "world")
	return m
}

// expectNothingDelivered checks that nothing crosses in either direction.
func expectNothingDelivered(t testing.TB, client, server secured) {
	t.Helper()
	if err := client.s.Send([]byte("must not arrive"), zmq.DontWait); err != nil && !errors.Is(err, zmq.ErrAgain) {
		t.Fatalf("client Send: %v", err)
	}
	testutil.ExpectNoRecv(t, server.s)
	if err := server.s.Send([]byte("must not arrive"), zmq.DontWait); !errors.Is(err, zmq.ErrAgain) {
		t.Fatalf("server Send with no authenticated peer: %v, want ErrAgain", err)
	}
}

// NULL with a ZAP domain: the handler is asked, its user id and metadata come with every
// message, and the request carries the domain, the peer's address and the mechanism.
func TestZapNullAccept(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	h := startZapHandler(t, c, func(zapRequest) zapVerdict {
		return zapVerdict{status: "200", userID: "anonymous-42", metadata: map[string]string{"X-Role": "guest", "Hello": "World"}}
	})
	srv, ep := securedServer(t, c, func(s *zmq.Socket) { testutil.Must(t, s.SetZapDomain("global"), "SetZapDomain") })
	cli := securedClient(t, c, ep, func(s *zmq.Socket) {
		testutil.Must(t, s.SetMetadata("X-Role", "admin"), "SetMetadata") // the handler's word wins
		testutil.Must(t, s.SetMetadata("X-Client", "yes"), "SetMetadata")
	})
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	cli.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	m := expectDelivered(t, cli, srv)
	for name, want := range map[string]string{
		"User-Id": "anonymous-42", "Hello": "World", "X-Role": "guest", "X-Client": "yes",
		"Peer-Address": "127.0.0.1", "Socket-Type": "DEALER",
	} {
		if got := m.Property(name); got != want {
			t.Errorf("property %s = %q, want %q", name, got, want)
		}
	}
	r := h.next(t)
	if r.version != "1.0" || r.requestID != "1" || r.domain != "global" || r.address != "127.0.0.1" ||
		r.identity != "" || r.mechanism != "NULL" || len(r.credentials) != 0 {
		t.Fatalf("ZAP request %+v", r)
	}
}

// A denial: HANDSHAKE_FAILED_AUTH 400 on both ends, the connection closed, nothing
// delivered; then the server still serves a client the handler accepts.
func TestZapNullDeny(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	h := startZapHandler(t, c, zapDeny("400"))
	srv, ep := securedServer(t, c, func(s *zmq.Socket) { testutil.Must(t, s.SetZapDomain("global"), "SetZapDomain") })
	bad := securedClient(t, c, ep, func(*zmq.Socket) {})
	srv.expectHandshake(t, zmq.EventHandshakeFailedAuth, 400)
	bad.expectHandshake(t, zmq.EventHandshakeFailedAuth, 400)
	srv.expectDisconnected(t)
	bad.expectDisconnected(t)
	expectNothingDelivered(t, bad, srv)
	bad.w.expectQuiet(testutil.QuietTime) // refused for good: no reconnect after an ERROR

	h.setRule(zapAllow("friend"))
	good := securedClient(t, c, ep, func(*zmq.Socket) {})
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	if m := expectDelivered(t, good, srv); m.Property("User-Id") != "friend" {
		t.Fatalf("User-Id %q", m.Property("User-Id"))
	}
	testutil.ExpectNoRecv(t, srv.s) // the refused client's message never shows up
}

// NULL with a domain and no handler accepts, as libzmq; with ZAP_ENFORCE_DOMAIN it refuses
// (HANDSHAKE_FAILED_NO_DETAIL, EFAULT).
func TestZapNullNoHandler(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	srv, ep := securedServer(t, c, func(s *zmq.Socket) { testutil.Must(t, s.SetZapDomain("global"), "SetZapDomain") })
	cli := securedClient(t, c, ep, func(*zmq.Socket) {})
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	if m := expectDelivered(t, cli, srv); m.Property("User-Id") != "" {
		t.Fatalf("User-Id %q without a handler", m.Property("User-Id"))
	}

	strict, ep2 := securedServer(t, c, func(s *zmq.Socket) {
		testutil.Must(t, s.SetZapDomain("global"), "SetZapDomain")
		testutil.Must(t, s.SetZapEnforceDomain(true), "SetZapEnforceDomain")
	})
	refused := securedClient(t, c, ep2, func(*zmq.Socket) {})
	strict.expectHandshake(t, zmq.EventHandshakeFailedNoDetail, int64(syscall.EFAULT))
	strict.expectDisconnected(t)
	expectNothingDelivered(t, refused, strict)
}

// Status 300 (temporary failure): the NULL server closes without an ERROR and raises
// HANDSHAKE_FAILED_AUTH 300; nothing is delivered.
func TestZapNullTemporaryFailure(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	startZapHandler(t, c, zapDeny("300"))
	srv, ep := securedServer(t, c, func(s *zmq.Socket) { testutil.Must(t, s.SetZapDomain("global"), "SetZapDomain") })
	cli := securedClient(t, c, ep, func(*zmq.Socket) {})
	srv.expectHandshake(t, zmq.EventHandshakeFailedAuth, 300)
	srv.expectDisconnected(t)
	expectNothingDelivered(t, cli, srv)
}

// A socket bound at the ZAP endpoint that is neither REP nor ROUTER is refused as a
// handler (libzmq asserts): the server never sends it a request. The mechanism then acts as
// if no handler were bound.
func TestZapHandlerWrongType(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, zapEndpoint)
	srv, ep := securedServer(t, c, func(s *zmq.Socket) { testutil.Must(t, s.SetZapDomain("global"), "SetZapDomain") })
	securedClient(t, c, ep, func(*zmq.Socket) {})
	srv.w.next() // whatever the mechanism makes of a missing handler
	testutil.ExpectNoRecv(t, pull)
}

// A ROUTER handler gets the session's (empty) routing id first, and can answer with the
// envelope it received.
func TestZapRouterHandler(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	router := testutil.Bound(t, c, zmq.ROUTER, zapEndpoint)
	srv, ep := securedServer(t, c, func(s *zmq.Socket) { testutil.Must(t, s.SetZapDomain("global"), "SetZapDomain") })
	cli := securedClient(t, c, ep, func(*zmq.Socket) {})
	req, err := testutil.RecvWithTimeout(router, testutil.WaitTimeout)
	testutil.Must(t, err, "ROUTER handler receive")
	if len(req) != 8 || len(req[0]) == 0 || len(req[1]) != 0 || string(req[2]) != "1.0" || string(req[7]) != "NULL" {
		t.Fatalf("ROUTER handler got %q", req)
	}
	reply := [][]byte{req[0], {}, []byte("1.0"), req[3], []byte("200"), []byte("OK"), []byte("routed"), {}}
	testutil.Must(t, router.SendMulti(reply, 0), "ROUTER handler reply")
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	if m := expectDelivered(t, cli, srv); m.Property("User-Id") != "routed" {
		t.Fatalf("User-Id %q", m.Property("User-Id"))
	}
}
