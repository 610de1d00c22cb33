package own_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/own"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// chanRouter runs one goroutine per slot; each drains its channel and dispatches, standing in
// for I/O threads (the iothread package has its own tests of the real loop).
type chanRouter struct {
	slots []chan object.Command
	wg    sync.WaitGroup
	cur   []atomic.Int64 // which slot is currently dispatching, per goroutine marker
}

func newChanRouter(n int) *chanRouter {
	r := &chanRouter{slots: make([]chan object.Command, n), cur: make([]atomic.Int64, n)}
	for i := range r.slots {
		r.slots[i] = make(chan object.Command, 1024)
		r.wg.Add(1)
		go func(tid int) {
			defer r.wg.Done()
			for c := range r.slots[tid] {
				if c.Dest.ThreadID() != tid {
					panic("command delivered to the wrong thread")
				}
				c.Dest.ProcessCommand(&c)
			}
		}(i)
	}
	return r
}

func (r *chanRouter) SendCommand(tid int, c object.Command) { r.slots[tid] <- c }
func (r *chanRouter) ChooseIOThread(uint64) int             { return 0 }
func (r *chanRouter) close() {
	for _, s := range r.slots {
		close(s)
	}
	r.wg.Wait()
}

// node is a tree member that launches fanout children on the other threads when plugged, down to
// depth levels.
type node struct {
	own.Own
	depth, fanout int
	threads       int
	plugged       *atomic.Int64
	destroyed     *atomic.Int64
	rootDone      chan struct{}
	allPlugged    func()
}

func (n *node) ProcessCommand(c *object.Command) { n.Own.ProcessCommand(c) }

func (n *node) Plugged() {
	n.plugged.Add(1)
	if n.allPlugged != nil {
		n.allPlugged()
	}
	if n.depth == 0 {
		return
	}
	for i := 0; i < n.fanout; i++ {
		child := n.spawn((n.ThreadID() + 1 + i) % n.threads)
		n.LaunchChild(child)
	}
}

func (n *node) spawn(tid int) *node {
	c := &node{depth: n.depth - 1, fanout: n.fanout, threads: n.threads, plugged: n.plugged,
		destroyed: n.destroyed, allPlugged: n.allPlugged}
	c.Init(n.Router(), tid, c, c)
	return c
}

func (n *node) Destroyed() {
	n.destroyed.Add(1)
	if n.rootDone != nil {
		close(n.rootDone)
	}
}

func TestTreeTeardownAcrossThreads(t *testing.T) {
	const threads, fanout, depth = 4, 3, 2 // 1 + 3 + 9 = 13 nodes over 3 levels
	const total = 1 + fanout + fanout*fanout
	r := newChanRouter(threads)
	defer r.close()
	var plugged, destroyed atomic.Int64
	ready := make(chan struct{})
	var once sync.Once
	root := &node{depth: depth, fanout: fanout, threads: threads, plugged: &plugged,
		destroyed: &destroyed, rootDone: make(chan struct{})}
	root.allPlugged = func() {
		if plugged.Load() == total {
			once.Do(func() { close(ready) })
		}
	}
	root.Init(r, 0, root, root)
	root.SetLinger(50 * time.Millisecond)
	r.SendCommand(0, object.Command{Dest: root, Kind: object.Plug})
	root.IncSeqnum()
	waitOrFail(t, ready, "tree never fully plugged")
	r.SendCommand(0, object.Command{Dest: root, Kind: object.Term, N: int64(root.Linger())})
	waitOrFail(t, root.rootDone, "root never destroyed")
	waitDestroyed(t, &destroyed, total)
}

// waitDestroyed waits for want Destroyed hooks. A child runs its hook just after sending its
// term ack (libzmq's order), so the root may finish while the last child's thread is still
// between the two.
func waitDestroyed(t *testing.T, destroyed *atomic.Int64, want int64) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); destroyed.Load() != want && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if got := destroyed.Load(); got != want {
		t.Fatalf("destroyed %d of %d nodes", got, want)
	}
}

// A child launched while its owner is already terminating is terminated at once and still
// acknowledged, so the owner finishes.
func TestLaunchDuringTermination(t *testing.T) {
	r := newChanRouter(2)
	defer r.close()
	var plugged, destroyed atomic.Int64
	root := &node{threads: 2, plugged: &plugged, destroyed: &destroyed, rootDone: make(chan struct{})}
	root.Init(r, 0, root, root)
	child := root.spawn(1)
	// The launcher queues term on the root and then launches: the root sees term before the
	// launch's own command.
	done := make(chan struct{})
	r.SendCommand(0, object.Command{Dest: &launcher{root: root, child: child, done: done}, Kind: object.Plug})
	waitOrFail(t, done, "launcher never ran")
	waitOrFail(t, root.rootDone, "root never destroyed")
	waitDestroyed(t, &destroyed, 2)
}

type launcher struct {
	root  *node
	child *node
	done  chan struct{}
}

func (l *launcher) ThreadID() int { return l.root.ThreadID() }
func (l *launcher) ProcessCommand(*object.Command) {
	l.root.SendTerm(l.root, 0)
	l.root.LaunchChild(l.child)
	close(l.done)
}

func TestTermChildIsIdempotent(t *testing.T) {
	r := newChanRouter(2)
	defer r.close()
	var plugged, destroyed atomic.Int64
	root := &node{depth: 1, fanout: 1, threads: 2, plugged: &plugged, destroyed: &destroyed,
		rootDone: make(chan struct{})}
	ready := make(chan struct{})
	var once sync.Once
	root.allPlugged = func() {
		if plugged.Load() == 2 {
			once.Do(func() { close(ready) })
		}
	}
	root.Init(r, 0, root, root)
	root.IncSeqnum()
	r.SendCommand(0, object.Command{Dest: root, Kind: object.Plug})
	waitOrFail(t, ready, "not plugged")
	r.SendCommand(0, object.Command{Dest: root, Kind: object.Term})
	waitOrFail(t, root.rootDone, "root never destroyed")
	waitDestroyed(t, &destroyed, 2)
}

func waitOrFail(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal(what)
	}
}
