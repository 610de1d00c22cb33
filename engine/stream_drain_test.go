package engine

import (
	"github.com/zreactor/zmq/options"
	"testing"
)

// Drain says whether the engine holds bytes it took from the session and has not written,
// and calls back once they are written: here a 1 MiB frame the refusing receiver holds up.
func TestStreamDrain(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	a, b := pair(t, l, opts(options.PUSH), opts(options.PULL))
	l.runUntil(t, "handshake", handshaked(a, b))
	if a.e.Drain(func() { t.Fatal("called back with nothing to write") }) {
		t.Fatal("an idle engine reported unwritten bytes")
	}
	b.s.setRefuse(true)
	a.s.queue(seqFrames(1, 1<<20)...)
	a.e.RestartOutput()
	l.runUntil(t, "the sender blocked", func() bool { return a.e.outArmed && a.s.queued() == 0 })
	flushed := false
	if !a.e.Drain(func() { flushed = true }) {
		t.Fatal("Drain found nothing unwritten while the frame was held up")
	}
	polls := 0
	l.runUntil(t, "a few polls", func() bool { polls++; return polls > 5 })
	if flushed {
		t.Fatal("called back before the frame was written")
	}
	b.s.setRefuse(false)
	if !b.e.RestartInput() {
		t.Fatal("RestartInput failed")
	}
	l.runUntil(t, "the frame received", func() bool { return b.s.count() == 1 })
	l.runUntil(t, "the callback", func() bool { return flushed })
	checkSeq(t, b.s.frames(), 1)
}

// An engine that fails while draining never calls back: the session hears of the failure
// through EngineError instead.
func TestStreamDrainThenFailure(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	a := plugSide(t, l, fa, opts(options.PUSH))
	b := plugSide(t, l, fb, opts(options.PULL))
	l.runUntil(t, "handshake", handshaked(a, b))
	b.s.setRefuse(true)
	a.s.queue(seqFrames(1, 1<<20)...)
	a.e.RestartOutput()
	l.runUntil(t, "the sender blocked", func() bool { return a.e.outArmed && a.s.queued() == 0 })
	if !a.e.Drain(func() { t.Fatal("called back after a failure") }) {
		t.Fatal("Drain found nothing unwritten")
	}
	b.e.Terminate() // the peer goes away with the frame half sent
	l.runUntil(t, "the sender's error", func() bool { return len(a.s.failed()) > 0 })
}
