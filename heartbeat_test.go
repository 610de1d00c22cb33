package zmq_test

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// ZMTP 3.1 heartbeats (RFC 37; libzmq test_heartbeats).

func setHeartbeats(t testing.TB, s *zmq.Socket, ivl, timeout, ttl time.Duration) {
	t.Helper()
	testutil.Must(t, s.SetHeartbeatIvl(ivl), "SetHeartbeatIvl")
	testutil.Must(t, s.SetHeartbeatTimeout(timeout), "SetHeartbeatTimeout")
	testutil.Must(t, s.SetHeartbeatTTL(ttl), "SetHeartbeatTTL")
}

func TestHeartbeatKeepsIdleConnection(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.DEALER)
	setHeartbeats(t, srv, 30*time.Millisecond, 90*time.Millisecond, 300*time.Millisecond)
	sw := watchEvents(t, srv, zmq.EventAll)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	setHeartbeats(t, cli, 30*time.Millisecond, 90*time.Millisecond, 300*time.Millisecond)
	cw := watchEvents(t, cli, zmq.EventAll)
	testutil.Must(t, cli.Connect(srv.LastEndpoint()), "Connect")
	testutil.Bounce(t, cli, srv)
	sw.waitFor(zmq.EventHandshakeSucceeded)
	cw.waitFor(zmq.EventHandshakeSucceeded)
	// Idle for several timeouts and TTLs: PINGs and PONGs keep both ends up.
	sw.expectQuiet(700 * time.Millisecond)
	cw.expectQuiet(0)
	testutil.Bounce(t, cli, srv)
}

// pingBody is a PING command body with ttl in deciseconds and a context.
func pingBody(ttl uint16, context []byte) []byte {
	data := binary.BigEndian.AppendUint16(nil, ttl)
	return zmtptest.CommandBody("PING", append(data, context...))
}

func TestHeartbeatDropsSilentPeer(t *testing.T) {
	t.Parallel()
	const ivl, timeout = 40 * time.Millisecond, 120 * time.Millisecond
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.DEALER)
	setHeartbeats(t, srv, ivl, timeout, 1500*time.Millisecond)
	sw := watchEvents(t, srv, zmq.EventAll)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	sw.expect(zmq.EventListening)

	p := zmtptest.Dial(t, srv.LastEndpoint())
	p.Handshake("DEALER")
	start := time.Now()
	accepted := sw.expect(zmq.EventAccepted)
	sw.expect(zmq.EventHandshakeSucceeded)
	// The server pings: "\x04PING" with the TTL in deciseconds (1500 ms -> 15), no context.
	flags, body := p.ReadFrame()
	if want := pingBody(15, nil); flags != zmtptest.FlagCommand || !bytes.Equal(body, want) {
		t.Fatalf("got frame %#x %q, want PING %q", flags, body, want)
	}
	// We never answer: DISCONNECTED once the timeout runs out, and the connection closes.
	disc := sw.expect(zmq.EventDisconnected)
	if disc.Value != accepted.Value {
		t.Errorf("DISCONNECTED fd %d, want %d", disc.Value, accepted.Value)
	}
	p.ExpectClosed()
	if elapsed := time.Since(start); elapsed < timeout {
		t.Errorf("silent peer dropped after %v, before the %v heartbeat timeout", elapsed, timeout)
	}
	// The server still serves others.
	cli := testutil.Connected(t, c, zmq.DEALER, srv.LastEndpoint())
	testutil.Bounce(t, cli, srv)
}

func TestHeartbeatPeerTTL(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.DEALER) // no heartbeats of its own
	sw := watchEvents(t, srv, zmq.EventAll)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	sw.expect(zmq.EventListening)
	p := zmtptest.Dial(t, srv.LastEndpoint())
	p.Handshake("DEALER")
	sw.expect(zmq.EventAccepted)
	sw.expect(zmq.EventHandshakeSucceeded)
	// A PING with TTL 2 (200 ms) and a 20-byte context: the PONG echoes 16 bytes of it, and
	// with no further traffic the server closes after the TTL.
	ctx := []byte("0123456789abcdefWXYZ")
	start := time.Now()
	p.Write(zmtptest.Frame(zmtptest.FlagCommand, pingBody(2, ctx)))
	flags, body := p.ReadFrame()
	if want := zmtptest.CommandBody("PONG", ctx[:16]); flags != zmtptest.FlagCommand || !bytes.Equal(body, want) {
		t.Fatalf("got frame %#x %q, want PONG %q", flags, body, want)
	}
	sw.expect(zmq.EventDisconnected)
	p.ExpectClosed()
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Errorf("closed %v after a PING with TTL 200 ms", elapsed)
	}
}

func TestHeartbeatTrafficCancelsTimeout(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.DEALER)
	setHeartbeats(t, srv, 30*time.Millisecond, 100*time.Millisecond, 0)
	sw := watchEvents(t, srv, zmq.EventDisconnected)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	p := zmtptest.Dial(t, srv.LastEndpoint())
	p.Handshake("DEALER")
	// Any frame from the peer counts as life: answer each PING with a data message and stay
	// connected well past the timeout.
	deadline := time.Now().Add(400 * time.Millisecond)
	n := 0
	for time.Now().Before(deadline) {
		if flags, body := p.ReadFrame(); flags == zmtptest.FlagCommand && bytes.HasPrefix(body, []byte("\x04PING")) {
			p.Write(zmtptest.Message("alive"))
			n++
		}
	}
	sw.expectQuiet(0)
	for range n {
		testutil.ExpectRecv(t, srv, "alive")
	}
}
