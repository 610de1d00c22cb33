package engine

import (
	"bytes"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/zmtp"
)

func TestStreamPingAnsweredWithPong(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.DEALER))
	p := newRawPeer(t, l, fb)
	p.handshake(options.ROUTER, nil)
	p.write(wire([]frame{{msg.Command, zmtp.AppendPing(nil, 0, []byte("CTX123"))}}))
	if got := p.readFrame(msg.Command); !bytes.Equal(got, []byte("\x04PONGCTX123")) {
		t.Fatalf("pong %q", got)
	}
	long := bytes.Repeat([]byte("c"), 40)
	p.write(wire([]frame{{msg.Command, zmtp.AppendPing(nil, 0, long)}}))
	if got := p.readFrame(msg.Command); !bytes.Equal(got, append([]byte("\x04PONG"), long[:16]...)) {
		t.Fatalf("pong %q", got)
	}
	// PING, PONG and unknown commands never reach the session.
	p.write(wire([]frame{{msg.Command, zmtp.AppendPong(nil, nil)}, {msg.Command, []byte("\x03FOO")},
		{msg.Command, []byte("\x09")}, {0, []byte("data")}}))
	l.runUntil(t, "data", func() bool { return sd.s.count() == 1 })
	if f := sd.s.frames()[0]; string(f.body) != "data" {
		t.Fatalf("got %+v", f)
	}
}

func TestStreamHeartbeatTimesOutSilentPeer(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.DEALER, func(o *options.Options) {
		o.HeartbeatIvl = 20 * time.Millisecond
		// Not the interval (the default): the test answers each PING in turn, and under -race
		// on a loaded machine an answer once came later than 20 ms (EPIPE on the next write).
		o.HeartbeatTimeout = 500 * time.Millisecond
		o.HeartbeatTTL = 1500 * time.Millisecond
	}))
	p := newRawPeer(t, l, fb)
	p.handshake(options.ROUTER, nil)
	// A live peer: answer three PINGs; the engine keeps the connection.
	for range 3 {
		if got := p.readFrame(msg.Command); !bytes.Equal(got, []byte("\x04PING\x00\x0f")) {
			t.Fatalf("ping % x", got)
		}
		p.write(wire([]frame{{msg.Command, zmtp.AppendPong(nil, nil)}}))
	}
	if len(sd.s.failed()) != 0 {
		t.Fatal("engine failed while the peer answered")
	}
	start := time.Now()
	l.runUntil(t, "heartbeat timeout", func() bool { return len(sd.s.failed()) > 0 })
	if e := sd.s.failed()[0]; e != (sessErr{true, ReasonTimeout}) {
		t.Fatalf("EngineError %+v", e)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("timeout took %v", d)
	}
	p.waitEOF()
	if _, ok := sd.mon.find(event.HandshakeFailedNoDetail); ok {
		t.Fatal("handshake event after the handshake")
	}
}

// Two engines heartbeating each other stay up.
func TestStreamHeartbeatsKeepAlive(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	hb := func(o *options.Options) {
		o.HeartbeatIvl = 10 * time.Millisecond
		o.HeartbeatTTL = 200 * time.Millisecond
	}
	a, b := pair(t, l, opts(options.PAIR, hb), opts(options.PAIR, hb))
	end := time.Now().Add(150 * time.Millisecond)
	l.runUntil(t, "150 ms of heartbeats", func() bool { return time.Now().After(end) })
	if len(a.s.failed())+len(b.s.failed()) != 0 || a.s.count()+b.s.count() != 0 {
		t.Fatalf("errors %v %v, pushes %d %d", a.s.failed(), b.s.failed(), a.s.count(), b.s.count())
	}
}

// A PONG that came in time but was not read yet when the I/O thread got round to the timeout
// (busy or preempted meanwhile: the loop runs the timers before the I/O that came) keeps the
// connection: the engine reads what is waiting before declaring the peer dead. It used to
// declare it dead, as libzmq does; with 10,000 heartbeating connections on a loaded machine
// that killed thousands of live ones.
func TestStreamHeartbeatReadsBeforeTimeout(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.DEALER, func(o *options.Options) {
		o.HeartbeatIvl = 100 * time.Millisecond
		o.HeartbeatTimeout = 30 * time.Millisecond
	}))
	p := newRawPeer(t, l, fb)
	p.handshake(options.ROUTER, nil)
	if got := p.readFrame(msg.Command); !bytes.HasPrefix(got, []byte("\x04PING")) {
		t.Fatalf("ping % x", got)
	}
	p.write(wire([]frame{{msg.Command, zmtp.AppendPong(nil, nil)}}))
	time.Sleep(60 * time.Millisecond) // the thread is late: the timeout is due, the PONG unread
	l.th.Poller().ExecuteTimers()     // timers first, as the loop runs them
	if f := sd.s.failed(); len(f) != 0 {
		t.Fatalf("a peer whose PONG was waiting was declared dead: %+v", f)
	}
	// A peer that then falls silent is still declared dead.
	l.runUntil(t, "heartbeat timeout", func() bool { p.pump(); return len(sd.s.failed()) > 0 })
	if e := sd.s.failed()[0]; e != (sessErr{true, ReasonTimeout}) {
		t.Fatalf("EngineError %+v", e)
	}
}
