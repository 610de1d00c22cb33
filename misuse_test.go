package zmq_test

import (
	"bytes"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Malformed endpoints fail Bind, Connect, Unbind and Disconnect with EINVAL; the error quotes
// the endpoint.
func TestMalformedEndpoints(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PAIR)
	for _, ep := range []string{"", "inproc", "inproc:/x", "inproc://", "://name", "tcp//127.0.0.1:5555", "tcp://"} {
		for _, op := range []func(string) error{s.Bind, s.Connect, s.Unbind, s.Disconnect} {
			err := op(ep)
			testutil.RequireIs(t, err, zmq.ErrInvalid, syscall.EINVAL)
			if ep != "" {
				testutil.ErrorMentions(t, err, ep)
			}
		}
	}
}

// Unknown transports and transports this library does not have fail with EPROTONOSUPPORT,
// naming the transport.
func TestUnsupportedTransports(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PUB)
	for _, ep := range []string{"foo://bar", "tipc://{5560,0,0}", "pgm://eth0;239.192.1.1:5555", "epgm://eth0;239.192.1.1:5555", "ws://127.0.0.1:80", "udp://127.0.0.1:5555", "INPROC://upper"} {
		for _, op := range []func(string) error{s.Bind, s.Connect} {
			err := op(ep)
			testutil.RequireIs(t, err, zmq.ErrProtoNoSupport, syscall.EPROTONOSUPPORT)
			transport, _, _ := strings.Cut(ep, "://")
			testutil.ErrorMentions(t, err, transport)
		}
	}
}

// Option values out of range fail with EINVAL naming the option, and leave the value as it was.
func TestOptionOutOfRange(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.DEALER)
	cases := []struct {
		option string
		set    func() error
	}{
		{"SNDHWM", func() error { return s.SetSndHWM(-1) }},
		{"RCVHWM", func() error { return s.SetRcvHWM(-1) }},
		{"ROUTING_ID", func() error { return s.SetRoutingID(nil) }},
		{"ROUTING_ID", func() error { return s.SetRoutingID(bytes.Repeat([]byte("x"), 256)) }},
		{"ROUTING_ID", func() error { return s.SetRoutingID([]byte("\x00reserved")) }},
		{"RECONNECT_IVL_MAX", func() error { return s.SetReconnectIvlMax(-time.Second) }},
		{"HANDSHAKE_IVL", func() error { return s.SetHandshakeIvl(-time.Second) }},
		{"MAXMSGSIZE", func() error { return s.SetMaxMsgSize(-2) }},
		{"TCP_KEEPALIVE", func() error { return s.SetTCPKeepalive(2) }},
		{"TOS", func() error { return s.SetTOS(256) }},
		{"HEARTBEAT_TTL", func() error { return s.SetHeartbeatTTL(2 * time.Hour) }},
		{"METADATA", func() error { return s.SetMetadata("Plain-Name", "v") }},
	}
	for _, tc := range cases {
		err := tc.set()
		testutil.RequireIs(t, err, zmq.ErrInvalid, syscall.EINVAL)
		testutil.ErrorMentions(t, err, tc.option)
	}
	if s.SndHWM() != 1000 || s.RcvHWM() != 1000 || s.MaxMsgSize() != -1 || s.HandshakeIvl() != 30*time.Second {
		t.Fatalf("a failed setter changed a value: SndHWM %d RcvHWM %d MaxMsgSize %d HandshakeIvl %v",
			s.SndHWM(), s.RcvHWM(), s.MaxMsgSize(), s.HandshakeIvl())
	}
	if id := s.RoutingID(); len(id) != 0 {
		t.Fatalf("a failed SetRoutingID left routing id %q", id)
	}
}

// Options of other socket types fail with EINVAL naming the option and the socket type.
func TestOptionWrongSocketType(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	sock := func(typ zmq.SocketType) *zmq.Socket { return testutil.NewSocket(t, c, typ) }
	dealer, pub, rep, push, sub, req := sock(zmq.DEALER), sock(zmq.PUB), sock(zmq.REP), sock(zmq.PUSH), sock(zmq.SUB), sock(zmq.REQ)
	cases := []struct {
		option, typ string
		set         func() error
	}{
		{"ROUTER_MANDATORY", "DEALER", func() error { return dealer.SetRouterMandatory(true) }},
		{"ROUTER_HANDOVER", "DEALER", func() error { return dealer.SetRouterHandover(true) }},
		{"CONNECT_ROUTING_ID", "DEALER", func() error { return dealer.SetConnectRoutingID([]byte("x")) }},
		{"XPUB_VERBOSE", "PUB", func() error { return pub.SetXPubVerbose(true) }},
		{"XPUB_MANUAL", "SUB", func() error { return sub.SetXPubManual(true) }},
		{"XPUB_WELCOME_MSG", "SUB", func() error { return sub.SetXPubWelcomeMsg([]byte("w")) }},
		{"REQ_CORRELATE", "REP", func() error { return rep.SetReqCorrelate(true) }},
		{"REQ_RELAXED", "DEALER", func() error { return dealer.SetReqRelaxed(true) }},
		{"PROBE_ROUTER", "PUSH", func() error { return push.SetProbeRouter(true) }},
		{"SUBSCRIBE", "PUSH", func() error { return push.SetSubscribe([]byte("x")) }},
		{"UNSUBSCRIBE", "REQ", func() error { return req.SetUnsubscribe([]byte("x")) }},
		{"CONFLATE", "REQ", func() error { return req.SetConflate(true) }},
		{"INVERT_MATCHING", "PUSH", func() error { return push.SetInvertMatching(true) }},
		{"STREAM_NOTIFY", "DEALER", func() error { return dealer.SetStreamNotify(true) }},
	}
	for _, tc := range cases {
		err := tc.set()
		testutil.RequireIs(t, err, zmq.ErrInvalid, syscall.EINVAL)
		testutil.ErrorMentions(t, err, tc.option, tc.typ)
	}
}

func TestInvalidSocketTypeAndContextOptions(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	for _, typ := range []zmq.SocketType{-1, 12, 99} {
		s, err := c.NewSocket(typ)
		if err == nil {
			s.Close()
		}
		testutil.RequireIs(t, err, zmq.ErrInvalid, syscall.EINVAL)
	}
	_, err := zmq.NewContext(zmq.IOThreads(-1))
	testutil.RequireIs(t, err, zmq.ErrInvalid, syscall.EINVAL)
	s := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.RequireIs(t, s.SendMulti(nil, 0), zmq.ErrInvalid)
}

// A failed call leaves a queued message intact: a half-sent multipart message can be finished
// after failing calls, and a waiting message is received whole.
func TestFailedCallKeepsQueuedMessage(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://intact")
	b := testutil.Connected(t, c, zmq.PAIR, "inproc://intact")
	fail := func(s *zmq.Socket) {
		t.Helper()
		testutil.RequireIs(t, s.Bind("bogus"), zmq.ErrInvalid)
		testutil.RequireIs(t, s.Connect("foo://x"), zmq.ErrProtoNoSupport)
		testutil.RequireIs(t, s.SetSndHWM(-1), zmq.ErrInvalid)
		testutil.RequireIs(t, s.SetSubscribe([]byte("x")), zmq.ErrInvalid)
		testutil.RequireIs(t, s.Bind("inproc://intact"), zmq.ErrAddrInUse)
		testutil.RequireIs(t, s.Unbind("inproc://never-bound"), zmq.ErrNoEntry)
	}
	testutil.Must(t, a.Send([]byte("part 1"), zmq.SndMore), "Send")
	fail(a)
	testutil.Must(t, a.Send([]byte("part 2"), zmq.SndMore), "Send")
	fail(a)
	testutil.Must(t, a.Send([]byte("part 3"), 0), "Send")
	fail(b)
	testutil.ExpectRecv(t, b, "part 1", "part 2", "part 3")

	// Receiving side: a failed call between the frames of a message does not lose the rest.
	testutil.Send(t, a, "x1", "x2")
	f, err := b.Recv(0)
	testutil.Must(t, err, "Recv")
	fail(b)
	if !b.RcvMore() {
		t.Fatal("RcvMore lost after a failed call")
	}
	f2, err := b.Recv(0)
	testutil.Must(t, err, "Recv")
	if string(f) != "x1" || string(f2) != "x2" || b.RcvMore() {
		t.Fatalf("received %q %q", f, f2)
	}
	testutil.Bounce(t, a, b)
}
