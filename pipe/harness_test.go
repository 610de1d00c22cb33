package pipe

import (
	"encoding/binary"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
)

// tidParent is a pipe parent that is only a thread slot.
type tidParent int

func (t tidParent) ThreadID() int { return int(t) }

// manualRouter queues commands until pump delivers them, all on the test goroutine: every
// "thread" is the test goroutine, and the test decides when commands arrive.
type manualRouter struct{ q []object.Command }

func (r *manualRouter) SendCommand(_ int, c object.Command) { r.q = append(r.q, c) }
func (r *manualRouter) ChooseIOThread(uint64) int           { return 0 }

// pump delivers queued commands, including those sent while delivering, and counts them.
func (r *manualRouter) pump() int {
	n := 0
	for len(r.q) > 0 {
		c := r.q[0]
		r.q = r.q[1:]
		c.Dest.ProcessCommand(&c)
		n++
	}
	return n
}

// count returns how many queued commands are of kind k.
func (r *manualRouter) count(k object.Kind) int {
	n := 0
	for _, c := range r.q {
		if c.Kind == k {
			n++
		}
	}
	return n
}

// recSink counts events for single-goroutine tests.
type recSink struct{ readAct, writeAct, hiccups, terms int }

func (s *recSink) ReadActivated(*Pipe)  { s.readAct++ }
func (s *recSink) WriteActivated(*Pipe) { s.writeAct++ }
func (s *recSink) Hiccuped(*Pipe)       { s.hiccups++ }
func (s *recSink) PipeTerminated(*Pipe) { s.terms++ }

// manualPair builds a pair on one goroutine with recording sinks, both readers checked once
// (as owners do on attach) so they sleep properly.
func manualPair(hwms [2]int, conflate [2]bool) (*manualRouter, [2]*Pipe, [2]*recSink) {
	r := &manualRouter{}
	p := NewPair([2]Parent{tidParent(0), tidParent(1)}, r, hwms, conflate)
	s := [2]*recSink{{}, {}}
	for i := range p {
		p[i].SetEventSink(s[i])
		p[i].CheckRead()
	}
	return r, p, s
}

// seqMsg builds frame f of message seq: an 8-byte inline body holding seq.
func seqMsg(m *msg.Msg, seq uint64, more bool) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seq)
	var f msg.Flags
	if more {
		f = msg.More
	}
	m.Init(b[:], f)
}

func seqOf(m *msg.Msg) uint64 { return binary.LittleEndian.Uint64(m.Bytes()) }

// loopRouter runs one goroutine per thread slot. Each goroutine delivers its commands and
// between batches calls its step function (the owner's work on that thread), blocking when
// neither produced anything: like a socket's or I/O thread's loop around its mailbox.
type loopRouter struct {
	threads []*loopThread
	stop    chan struct{}
	wg      sync.WaitGroup
}

type loopThread struct {
	mu   sync.Mutex
	q    []object.Command
	wake chan struct{}
	step func() bool // reports whether it made progress
	cmds int         // commands delivered, read after stop
}

func newLoopRouter(n int) *loopRouter {
	r := &loopRouter{stop: make(chan struct{})}
	for range n {
		r.threads = append(r.threads, &loopThread{wake: make(chan struct{}, 1)})
	}
	return r
}

func (r *loopRouter) SendCommand(tid int, c object.Command) {
	t := r.threads[tid]
	t.mu.Lock()
	t.q = append(t.q, c)
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

func (r *loopRouter) ChooseIOThread(uint64) int { return 0 }

// start runs every thread; steps must be set before.
func (r *loopRouter) start() {
	for _, t := range r.threads {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			t.run(r.stop)
		}()
	}
}

// close stops the threads and waits for them.
func (r *loopRouter) close() {
	close(r.stop)
	r.wg.Wait()
}

func (t *loopThread) run(stop <-chan struct{}) {
	var batch []object.Command
	for {
		t.mu.Lock()
		batch, t.q = t.q, batch[:0]
		t.mu.Unlock()
		for i := range batch {
			batch[i].Dest.ProcessCommand(&batch[i])
			batch[i] = object.Command{}
		}
		t.cmds += len(batch)
		if t.step() || len(batch) > 0 {
			continue
		}
		select {
		case <-t.wake:
		case <-stop:
			return
		}
	}
}

// waitAll waits for every channel to close, failing the test at the deadline.
func waitAll(t *testing.T, d time.Duration, chs ...chan struct{}) {
	t.Helper()
	deadline := time.After(d)
	for _, ch := range chs {
		select {
		case <-ch:
		case <-deadline:
			t.Fatal("timed out")
		}
	}
}
