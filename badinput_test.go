package zmq_test

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// Bad input from a raw TCP client to a zreactor listener: the bad connection is closed with libzmq's monitor events,
// nothing it sent is delivered, and a well-behaved zreactor peer connected beside it keeps
// working.

// libzmq's ZMQ_PROTOCOL_ERROR_* codes carried by HANDSHAKE_FAILED_PROTOCOL.
const (
	protoUnexpectedCommand = 0x10000001
	protoMalformedCommand  = 0x10000011
	protoInvalidMetadata   = 0x10000018
	protoMechanismMismatch = 0x11000002
)

// routerBounce is bounce between a DEALER and a ROUTER that may have other peers: the ROUTER
// answers the very peer that sent, whatever other connections come and go beside it.
func routerBounce(t testing.TB, dealer, router *zmq.Socket) {
	t.Helper()
	testutil.Must(t, dealer.SendMulti(testutil.BounceFrames, 0), "routerBounce: send")
	got, err := testutil.RecvWithTimeout(router, testutil.WaitTimeout)
	testutil.Must(t, err, "routerBounce: ROUTER receive")
	if len(got) < 1 {
		t.Fatal("routerBounce: empty message")
	}
	testutil.CheckFrames(t, got[1:], testutil.BounceFrames)
	testutil.Must(t, router.SendMulti(got, 0), "routerBounce: ROUTER send back")
	got, err = testutil.RecvWithTimeout(dealer, testutil.WaitTimeout)
	testutil.Must(t, err, "routerBounce: DEALER receive reply")
	testutil.CheckFrames(t, got, testutil.BounceFrames)
}

// badServer is a bound ROUTER with a monitor and an honest DEALER client that has completed
// its handshake, so the events that follow are the raw client's.
type badServer struct {
	srv, good *zmq.Socket
	mon       *eventWatch
	ep        string
}

func newBadServer(t *testing.T, setup func(*zmq.Socket)) *badServer {
	t.Helper()
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.ROUTER)
	if setup != nil {
		setup(srv)
	}
	mon := watchEvents(t, srv, zmq.EventAll)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	mon.expect(zmq.EventListening)
	good := testutil.Connected(t, c, zmq.DEALER, srv.LastEndpoint())
	routerBounce(t, good, srv)
	mon.expect(zmq.EventAccepted)
	mon.expect(zmq.EventHandshakeSucceeded)
	return &badServer{srv: srv, good: good, mon: mon, ep: srv.LastEndpoint()}
}

// stillServes checks that nothing from the bad client was delivered (routerBounce compares
// the first message received) and that the honest peer is still served both ways.
func (b *badServer) stillServes(t *testing.T) {
	t.Helper()
	routerBounce(t, b.good, b.srv)
	testutil.ExpectNoRecv(t, b.srv)
}

type badCase struct {
	name  string
	setup func(*zmq.Socket)
	// send plays the bad client; it returns true if it closed the connection itself.
	send   func(p *zmtptest.Peer) (clientClosed bool)
	events []zmq.EventKind // after ACCEPTED, ending with DISCONNECTED
	value  int64           // HANDSHAKE_FAILED_* value, if events has one
}

func bytesOf(b byte, n int) []byte { return bytes.Repeat([]byte{b}, n) }

// greetThenSend sends a NULL greeting, reads the server's, then sends chunks.
func greetThenSend(chunks ...[]byte) func(*zmtptest.Peer) bool {
	return func(p *zmtptest.Peer) bool {
		p.Write(zmtptest.NullGreeting())
		p.ReadGreeting()
		p.TryWrite(chunks...) // the server may close before the last bytes are in
		return false
	}
}

// handshakeThenSend completes a DEALER handshake, then sends chunks.
func handshakeThenSend(chunks ...[]byte) func(*zmtptest.Peer) bool {
	return func(p *zmtptest.Peer) bool {
		p.Handshake("DEALER")
		p.TryWrite(chunks...)
		return false
	}
}

func maxMsgSize(n int64) func(*zmq.Socket) {
	return func(s *zmq.Socket) { s.SetMaxMsgSize(n) }
}

var (
	disconnected = []zmq.EventKind{zmq.EventDisconnected}
	protoFailed  = []zmq.EventKind{zmq.EventHandshakeFailedProtocol, zmq.EventDisconnected}
	timedOut     = []zmq.EventKind{zmq.EventHandshakeFailedNoDetail, zmq.EventDisconnected}
	dataDropped  = []zmq.EventKind{zmq.EventHandshakeSucceeded, zmq.EventDisconnected}
)

var badCases = []badCase{
	{
		// Not 0xFF first: an unversioned ZMTP 1.0 peer whose first frame length is 0, which
		// ZMTP 1.0 forbids (libzmq v1_decoder: EPROTO).
		name:   "garbage zeros",
		send:   func(p *zmtptest.Peer) bool { p.TryWrite(bytesOf(0, 64)); return false },
		events: disconnected,
	},
	{
		// 0xFF ... with byte 9's low bit clear: unversioned again, and the 8-byte length is 0.
		name:   "signature without version bit",
		send:   func(p *zmtptest.Peer) bool { p.TryWrite([]byte{0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7E}); return false },
		events: disconnected,
	},
	{
		name: "unknown mechanism",
		send: func(p *zmtptest.Peer) bool {
			p.Write(zmtptest.Greeting(3, 1, "BOGUS"))
			return false
		},
		events: protoFailed, value: protoMechanismMismatch,
	},
	{
		// Mechanism names are compared byte for byte, as libzmq does.
		name:   "lower-case null mechanism",
		send:   func(p *zmtptest.Peer) bool { p.Write(zmtptest.Greeting(3, 1, "null")); return false },
		events: protoFailed, value: protoMechanismMismatch,
	},
	{
		name:   "mechanism not NUL padded",
		send:   func(p *zmtptest.Peer) bool { p.Write(zmtptest.Greeting(3, 1, "NULLXXXXXXXXXXXXXXXX")); return false },
		events: protoFailed, value: protoMechanismMismatch,
	},
	{
		name:   "data frame before READY",
		send:   greetThenSend(zmtptest.Frame(0, []byte("hello"))),
		events: protoFailed, value: protoUnexpectedCommand,
	},
	{
		name:   "PING before READY",
		send:   greetThenSend(zmtptest.Frame(zmtptest.FlagCommand, zmtptest.CommandBody("PING", []byte{0, 0}))),
		events: protoFailed, value: protoUnexpectedCommand,
	},
	{
		name:   "unknown command before READY",
		send:   greetThenSend(zmtptest.Frame(zmtptest.FlagCommand, zmtptest.CommandBody("HELLO", nil))),
		events: protoFailed, value: protoUnexpectedCommand,
	},
	{
		name: "two READYs",
		send: greetThenSend(zmtptest.Ready("Socket-Type", "DEALER", "Identity", ""),
			zmtptest.Ready("Socket-Type", "DEALER", "Identity", "")),
		// The first READY completes the handshake; the second is a command after it, which
		// libzmq ignores as an unknown command: the connection is not closed by it. So the
		// client closes, and the server sees only DISCONNECTED.
		events: nil,
	},
	{
		// As libzmq 4.3.4 does (probed): it closes without ERROR and raises only DISCONNECTED.
		name:   "READY with incompatible Socket-Type",
		send:   greetThenSend(zmtptest.Ready("Socket-Type", "PUB")),
		events: disconnected,
	},
	{
		name:   "READY with unknown Socket-Type",
		send:   greetThenSend(zmtptest.Ready("Socket-Type", "TOASTER")),
		events: disconnected,
	},
	{
		// Refused at its header, over what a NULL handshake command can need (its properties
		// are bounded by 64 KiB), before it is known to be a READY: a malformed command.
		name:   "READY with oversized metadata",
		send:   greetThenSend(zmtptest.Ready("Socket-Type", "DEALER", "X-Big", string(bytesOf('x', 70<<10)))),
		events: protoFailed, value: protoMalformedCommand,
	},
	{
		name: "READY with truncated property",
		send: greetThenSend(zmtptest.Frame(zmtptest.FlagCommand,
			zmtptest.CommandBody("READY", []byte("\x0bSocket-Type\x00\x00\x00\x06DEAL")))),
		events: protoFailed, value: protoInvalidMetadata,
	},
	{
		name: "READY with value length past the end",
		send: greetThenSend(zmtptest.Frame(zmtptest.FlagCommand,
			zmtptest.CommandBody("READY", []byte("\x0bSocket-Type\xff\xff\xff\xffDEALER")))),
		events: protoFailed, value: protoInvalidMetadata,
	},
	{
		name:   "frame over MaxMsgSize, short form",
		setup:  maxMsgSize(100),
		send:   handshakeThenSend([]byte{0, 101}), // header only: closed without waiting for the body
		events: dataDropped,
	},
	{
		name:   "frame over MaxMsgSize, long form",
		setup:  maxMsgSize(1024),
		send:   handshakeThenSend(zmtptest.LongHeader(0, 1025)),
		events: dataDropped,
	},
	{
		name:   "frame of 2^64-1 bytes",
		setup:  maxMsgSize(1 << 20),
		send:   handshakeThenSend(zmtptest.LongHeader(0, 1<<64-1), bytesOf('z', 1024)),
		events: dataDropped,
	},
	{
		// CVE-2019-6250's shape: a size near 2^64 with no MaxMsgSize must not wrap a bounds
		// check or be allocated up front.
		name:   "frame of 2^63 bytes, no MaxMsgSize",
		send:   handshakeThenSend(zmtptest.LongHeader(0, 1<<63), bytesOf('z', 1024)),
		events: dataDropped,
	},
	{
		// A message cut short: [MORE "a"], then a frame declaring 100 bytes carrying 10, then
		// EOF. Nothing of it may be delivered.
		name: "truncated multipart then close",
		send: func(p *zmtptest.Peer) bool {
			p.Handshake("DEALER")
			p.Write(zmtptest.Frame(zmtptest.FlagMore, []byte("a")), []byte{0, 100}, bytesOf('b', 10))
			p.Close()
			return true
		},
		events: []zmq.EventKind{zmq.EventHandshakeSucceeded, zmq.EventDisconnected},
	},
	{
		name:   "silent client",
		setup:  func(s *zmq.Socket) { s.SetHandshakeIvl(150 * time.Millisecond) },
		send:   func(*zmtptest.Peer) bool { return false },
		events: timedOut, value: int64(syscall.ETIMEDOUT),
	},
	{
		// A partial greeting does not reset the handshake timer.
		name:   "partial greeting then silence",
		setup:  func(s *zmq.Socket) { s.SetHandshakeIvl(150 * time.Millisecond) },
		send:   func(p *zmtptest.Peer) bool { p.Write(zmtptest.Signature()[:5]); return false },
		events: timedOut, value: int64(syscall.ETIMEDOUT),
	},
	{
		name:  "greeting but no READY",
		setup: func(s *zmq.Socket) { s.SetHandshakeIvl(150 * time.Millisecond) },
		send: func(p *zmtptest.Peer) bool {
			p.Write(zmtptest.NullGreeting())
			p.ReadGreeting()
			return false
		},
		events: timedOut, value: int64(syscall.ETIMEDOUT),
	},
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	for _, bc := range badCases {
		t.Run(bc.name, func(t *testing.T) {
			t.Parallel()
			b := newBadServer(t, bc.setup)
			p := zmtptest.Dial(t, b.ep)
			accepted := b.mon.expect(zmq.EventAccepted)
			clientClosed := bc.send(p)
			events := bc.events
			if events == nil { // the connection survives the input: the client hangs up
				b.mon.expect(zmq.EventHandshakeSucceeded)
				p.Close()
				clientClosed = true
				events = disconnected
			}
			for _, k := range events {
				e := b.mon.expect(k)
				switch k {
				case zmq.EventHandshakeFailedProtocol, zmq.EventHandshakeFailedNoDetail:
					if e.Value != bc.value {
						t.Errorf("%v value %#x, want %#x", k, e.Value, bc.value)
					}
				case zmq.EventDisconnected:
					if e.Value != accepted.Value {
						t.Errorf("DISCONNECTED fd %d, want the accepted fd %d", e.Value, accepted.Value)
					}
				}
				if e.Endpoint != b.ep {
					t.Errorf("%v endpoint %q, want %q", k, e.Endpoint, b.ep)
				}
			}
			if !clientClosed {
				p.ExpectClosed()
			}
			b.stillServes(t)
		})
	}
}

// TestBadInputFutureVersion: libzmq takes any greeting revision other than 0, 1 and 3 as ZMTP
// 3.1 (select_handshake_fun's default), so a "wrong" major version is not refused: the
// handshake succeeds and data flows. We do the same.
func TestBadInputFutureVersion(t *testing.T) {
	t.Parallel()
	for _, major := range []byte{2, 4, 255} {
		b := newBadServer(t, nil)
		p := zmtptest.Dial(t, b.ep)
		b.mon.expect(zmq.EventAccepted)
		p.Write(zmtptest.Greeting(major, 0, "NULL"))
		p.ReadGreeting()
		p.Write(zmtptest.Ready("Socket-Type", "DEALER", "Identity", ""))
		if flags, body := p.ReadFrame(); flags != zmtptest.FlagCommand || !bytes.HasPrefix(body, []byte("\x05READY")) {
			t.Fatalf("major %d: want READY, got %#x %q", major, flags, body)
		}
		b.mon.expect(zmq.EventHandshakeSucceeded)
		p.Write(zmtptest.Message("from", "raw"))
		if got := testutil.Recv(t, b.srv); len(got) != 3 || got[1] != "from" || got[2] != "raw" {
			t.Fatalf("major %d: ROUTER got %q, want [id from raw]", major, got)
		} else {
			testutil.Send(t, b.srv, got[0], "to", "raw")
			if back := p.ReadMessage(); len(back) != 2 || back[0] != "to" || back[1] != "raw" {
				t.Fatalf("major %d: raw peer got %q", major, back)
			}
		}
		p.Close()
		b.mon.expect(zmq.EventDisconnected)
		b.stillServes(t)
	}
}

// TestBadInputManyAtOnce: many bad clients at the same time (CVE-2020-15166's shape: half-open
// handshakes must not stall honest peers).
func TestBadInputManyAtOnce(t *testing.T) {
	t.Parallel()
	b := newBadServer(t, func(s *zmq.Socket) { s.SetHandshakeIvl(300 * time.Millisecond) })
	const n = 20
	peers := make([]*zmtptest.Peer, n)
	for i := range peers {
		peers[i] = zmtptest.Dial(t, b.ep)
		switch i % 3 {
		case 0: // silent
		case 1:
			peers[i].Write(zmtptest.Signature()[:7])
		case 2:
			peers[i].Write(zmtptest.Greeting(3, 1, "BOGUS"))
		}
	}
	// The honest peer is served while they hang.
	b.stillServes(t)
	for _, p := range peers {
		p.ExpectClosed()
	}
	b.stillServes(t)
}
