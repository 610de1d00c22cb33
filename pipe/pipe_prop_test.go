package pipe

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zreactor/zmq/msg"
)

// frames is how many frames message seq has in the property test.
func frames(seq uint64) int { return 1 + int(seq%3) }

// propEnd drives one end of a pipe on its own loop thread: the writer writes numbered
// messages, the reader checks them; either may terminate after termAt messages.
type propEnd struct {
	p          *Pipe
	writer     bool
	n          uint64 // writer: messages to write
	next       uint64 // writer: next to write; reader: next expected
	frame      int    // reader: frames seen of message next
	termAt     int64  // terminate after this many messages written/read; -1: never
	delay      bool
	termCalled bool
	conflate   bool // reader: messages may be skipped, never split or reordered
	terms      int
	err        error
	done       chan struct{}
}

func (e *propEnd) ReadActivated(*Pipe)  {}
func (e *propEnd) WriteActivated(*Pipe) {}
func (e *propEnd) Hiccuped(*Pipe)       { e.fail("unexpected hiccup") }
func (e *propEnd) PipeTerminated(*Pipe) {
	if e.terms++; e.terms == 1 {
		close(e.done)
	}
}

func (e *propEnd) fail(format string, a ...any) {
	if e.err == nil {
		e.err = fmt.Errorf(format, a...)
	}
}

func (e *propEnd) step() bool {
	if e.terms > 0 {
		return false
	}
	progress := e.read()
	if e.writer && !e.termCalled {
		for i := 0; i < 64 && e.next < e.n && int64(e.next) != e.termAt; i++ {
			if !writeMsg(e.p, e.next, frames(e.next)) {
				break
			}
			e.next++
			progress = true
		}
		e.p.Flush()
	}
	if !e.termCalled && e.termAt >= 0 && int64(e.next) >= e.termAt {
		if e.writer && e.termAt%2 == 1 {
			var m msg.Msg
			seqMsg(&m, e.next, true)
			e.p.Write(&m) // an incomplete message: Terminate must roll it back
		}
		e.p.Terminate(e.delay)
		e.termCalled, progress = true, true
	}
	return progress
}

// read drains the inbound side, checking the sequence frame by frame.
func (e *propEnd) read() bool {
	var m msg.Msg
	progress := false
	for e.p.Read(&m) {
		progress = true
		if e.writer {
			e.fail("writer end read a message")
			continue
		}
		if seq := seqOf(&m); e.conflate && e.frame == 0 && seq > e.next {
			e.next = seq
		}
		if seq := seqOf(&m); seq != e.next {
			e.fail("frame of message %d, want %d", seq, e.next)
		}
		e.frame++
		if m.More() != (e.frame < frames(e.next)) {
			e.fail("message %d: frame %d has More=%v", e.next, e.frame, m.More())
		}
		if !m.More() {
			e.next, e.frame = e.next+1, 0
		}
	}
	return progress
}

// propTrial runs one random scenario and returns a description and any violation.
func propTrial(t *testing.T, rng *rand.Rand, conflate bool, delivered *uint64) (string, error) {
	hwm := []int{0, 1, 2, 7, 100}[rng.IntN(5)]
	n := uint64(rng.IntN(3000))
	who := rng.IntN(3) // 0 writer, 1 reader, 2 both
	w := &propEnd{writer: true, n: n, termAt: -1, delay: rng.IntN(2) == 0, done: make(chan struct{})}
	rd := &propEnd{termAt: -1, delay: rng.IntN(2) == 0, conflate: conflate, done: make(chan struct{})}
	if who != 1 {
		w.termAt = rng.Int64N(int64(n) + 1)
	}
	if who != 0 {
		rd.termAt = rng.Int64N(int64(n) + 1)
	}
	nodelay := rng.IntN(4) == 0
	desc := fmt.Sprintf("conflate=%v hwm=%d n=%d writer(term@%d delay=%v) reader(term@%d delay=%v nodelay=%v)",
		conflate, hwm, n, w.termAt, w.delay, rd.termAt, rd.delay, nodelay)

	r := newLoopRouter(2)
	p := NewPair([2]Parent{tidParent(0), tidParent(1)}, r, [2]int{hwm, hwm}, [2]bool{false, conflate})
	w.p, rd.p = p[0], p[1]
	p[0].SetEventSink(w)
	p[1].SetEventSink(rd)
	if nodelay {
		p[1].SetNoDelay()
	}
	r.threads[0].step, r.threads[1].step = w.step, rd.step
	r.start()
	waitAll(t, 20*time.Second, w.done, rd.done)
	r.close()

	for _, e := range []*propEnd{w, rd} {
		if e.err != nil {
			return desc, e.err
		}
		if e.terms != 1 {
			return desc, fmt.Errorf("PipeTerminated %d times", e.terms)
		}
	}
	*delivered += rd.next
	if rd.next > w.next || rd.frame != 0 {
		return desc, fmt.Errorf("read %d (+%d frames) of %d written", rd.next, rd.frame, w.next)
	}
	if conflate {
		if who == 0 && !nodelay && rd.next > w.next {
			return desc, fmt.Errorf("read message %d of %d written", rd.next, w.next)
		}
		return desc, nil
	}
	if who == 0 && !nodelay && rd.next != w.next {
		return desc, fmt.Errorf("writer terminated after %d, reader got %d", w.next, rd.next)
	}
	return desc, nil
}

// Received messages are always an exact prefix of those sent, and all of them when only the
// writer terminates and the reader keeps its delay; both ends are told exactly once.
func TestPipeTerminationProperty(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	trials := 150
	if testing.Short() {
		trials = 30
	}
	var delivered uint64
	for i := range trials {
		if desc, err := propTrial(t, rng, false, &delivered); err != nil {
			t.Fatalf("seed %d trial %d %s: %v", seed, i, desc, err)
		}
	}
	t.Logf("seed %d: %d trials, %d messages delivered", seed, trials, delivered)
}

// Through a conflating reader, messages may be skipped but never split, reordered or
// duplicated, and termination completes the same way.
func TestPipeConflateTerminationProperty(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 2))
	var delivered uint64
	for i := range 60 {
		if desc, err := propTrial(t, rng, true, &delivered); err != nil {
			t.Fatalf("seed %d trial %d %s: %v", seed, i, desc, err)
		}
	}
}
