package iothread

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/object"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// router is the context's part for tests: slot tid -> thread of the pool.
type router struct {
	pool  *Pool
	first int
}

func (r *router) SendCommand(tid int, c object.Command) {
	r.pool.threads[tid-r.first].Mailbox().Send(c)
}

func (r *router) ChooseIOThread(affinity uint64) int { return r.pool.Choose(affinity) }

// startPool starts a pool of n threads with slots first.. and stops it at cleanup, checking
// that no fd is left behind (goroutines are checked by goleak).
func startPool(t testing.TB, first, n int, opts ...Option) (*Pool, *router) {
	t.Helper()
	leakcheck.FDs(t)
	p, err := NewPool(first, n, opts...)
	if err != nil {
		t.Fatal(err)
	}
	p.Start()
	t.Cleanup(func() { p.Stop(); p.Wait() })
	return p, &router{pool: p, first: first}
}

// probe learns the OS thread id of each thread's loop: the marker that objects living on that
// thread compare against.
type probe struct {
	tid int
	got chan int
}

func (p *probe) ProcessCommand(*object.Command) { p.got <- osThreadID() }
func (p *probe) ThreadID() int                  { return p.tid }

func osThreads(t testing.TB, p *Pool) map[int]int {
	t.Helper()
	ids := make(map[int]int)
	for _, th := range p.Threads() {
		pr := &probe{tid: th.ThreadID(), got: make(chan int, 1)}
		th.Mailbox().Send(object.Command{Dest: pr, Kind: object.Plug})
		select {
		case ids[th.ThreadID()] = <-pr.got:
		case <-time.After(10 * time.Second):
			t.Fatalf("thread %d did not run a command", th.ThreadID())
		}
	}
	return ids
}

// wrongThread counts commands processed on the wrong OS thread, across all objects.
var wrongThread atomic.Int64

// waitChan waits for n values on ch, failing after a deadline.
func waitChan(t testing.TB, ch <-chan struct{}, n int) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for i := range n {
		select {
		case <-ch:
		case <-timeout:
			t.Fatalf("only %d of %d completions before the deadline", i, n)
		}
	}
}
