package engine

import (
	"encoding/binary"
	"github.com/zreactor/zmq/options"
	"testing"
)

// seqFrames makes n frames of size bytes (at least 4) numbered in their first 4 bytes.
func seqFrames(n, size int) []frame {
	fs := make([]frame, n)
	for i := range fs {
		b := make([]byte, size)
		binary.BigEndian.PutUint32(b, uint32(i))
		fs[i] = frame{0, b}
	}
	return fs
}

func checkSeq(t *testing.T, got []pushed, n int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("%d frames, want %d", len(got), n)
	}
	for i, g := range got {
		if binary.BigEndian.Uint32(g.body) != uint32(i) {
			t.Fatalf("frame %d carries %d", i, binary.BigEndian.Uint32(g.body))
		}
	}
}

// A refusing session stops the engine reading, the sender's kernel buffers fill, and
// RestartInput resumes without losing or reordering anything.
func TestStreamBackpressure(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	a, b := pair(t, l, opts(options.PUSH), opts(options.PULL))
	l.runUntil(t, "handshake", handshaked(a, b))
	b.s.setRefuse(true)
	const n = 4000
	a.s.queue(seqFrames(n, 1024)...)
	a.e.RestartOutput()
	// Blocked: the receiver stopped reading and the sender's queue no longer shrinks.
	last, stable := -1, 0
	l.runUntil(t, "both sides blocked", func() bool {
		if q := a.s.queued(); q != last {
			last, stable = q, 0
		} else {
			stable++
		}
		return b.e.inputStopped && a.e.outArmed && stable > 5
	})
	if a.s.queued() == 0 || b.s.count() != 0 {
		t.Fatal("data moved while the receiver refused")
	}
	b.s.setRefuse(false)
	if !b.e.RestartInput() {
		t.Fatal("RestartInput failed")
	}
	l.runUntil(t, "all frames", func() bool { return b.s.count() == n })
	checkSeq(t, b.s.frames(), n)
}

// A session that takes frames a few at a time: RestartInput over and over.
func TestStreamBackpressureStepwise(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	a, b := pair(t, l, opts(options.PUSH), opts(options.PULL))
	const n = 3000
	b.s.setLimit(1)
	a.s.queue(seqFrames(n, 40)...)
	a.e.RestartOutput()
	for limit := 1; b.s.count() < n; limit += 97 {
		l.runUntil(t, "receiver stops", func() bool { return b.e.inputStopped || b.s.count() == n })
		b.s.setLimit(min(limit, n))
		if !b.e.RestartInput() {
			t.Fatal("RestartInput failed")
		}
	}
	checkSeq(t, b.s.frames(), n)
}

// An error seen while input is stopped is reported when input resumes, after the frames
// already read are delivered.
func TestStreamErrorWhileStopped(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.DEALER))
	p := newRawPeer(t, l, fb)
	p.handshake(options.ROUTER, nil)
	sd.s.setRefuse(true)
	p.write(wire([]frame{{0, []byte("one")}, {0, []byte("two")}}))
	l.runUntil(t, "input stopped", func() bool { return sd.e.inputStopped })
	p.close()
	l.runUntil(t, "hang-up seen", func() bool { return sd.e.ioError })
	sd.s.setRefuse(false)
	if sd.e.RestartInput() {
		t.Fatal("RestartInput succeeded on a dead connection")
	}
	if got := sd.s.frames(); len(got) != 2 || string(got[1].body) != "two" {
		t.Fatalf("got %+v", got)
	}
	if e := sd.s.failed(); len(e) != 1 || e[0] != (sessErr{true, ReasonConnection}) {
		t.Fatalf("EngineError %+v", e)
	}
}

// A peer that sends and closes while input is stopped: over a unix-domain socket the hang-up
// comes at once, with most of what it sent still in the kernel's buffer. Every frame is still
// delivered, then the connection ends (libzmq 4.3 drops the rest there).
func TestStreamHangupWhileStoppedKeepsBufferedData(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.PULL))
	p := newRawPeer(t, l, fb)
	p.handshake(options.PUSH, nil)
	const n = 2000
	sd.s.setLimit(1)
	p.write(wire(seqFrames(n, 40)))
	p.close()
	for limit := 1; ; limit += 97 {
		l.runUntil(t, "input stopped or ended", func() bool { return sd.e.ioError || len(sd.s.failed()) > 0 })
		if len(sd.s.failed()) > 0 {
			break
		}
		sd.s.setLimit(min(limit, n))
		sd.e.RestartInput()
	}
	checkSeq(t, sd.s.frames(), n)
	if e := sd.s.failed(); len(e) != 1 || e[0] != (sessErr{true, ReasonConnection}) {
		t.Fatalf("EngineError %+v", e)
	}
}
