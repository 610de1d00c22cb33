package own_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/object"
)

// poolRouter delivers commands through real I/O threads' mailboxes.
type poolRouter struct{ pool *iothread.Pool }

func (r poolRouter) SendCommand(tid int, c object.Command) {
	r.pool.Threads()[tid].Mailbox().Send(c)
}
func (r poolRouter) ChooseIOThread(affinity uint64) int { return r.pool.Choose(affinity) }

// A three-level tree whose nodes live on four real I/O threads is torn down completely, and
// stopping the pool leaves no fd behind.
func TestTreeOnIOThreads(t *testing.T) {
	leakcheck.FDs(t)
	const threads, fanout, depth = 4, 3, 2
	const total = 1 + fanout + fanout*fanout
	pool, err := iothread.NewPool(0, threads)
	if err != nil {
		t.Fatal(err)
	}
	pool.Start()
	r := poolRouter{pool}
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
	root.SetLinger(time.Second)
	root.IncSeqnum()
	r.SendCommand(0, object.Command{Dest: root, Kind: object.Plug})
	waitOrFail(t, ready, "tree never fully plugged")
	r.SendCommand(0, object.Command{Dest: root, Kind: object.Term, N: int64(root.Linger())})
	waitOrFail(t, root.rootDone, "root never destroyed")
	pool.Stop()
	pool.Wait()
	if got := destroyed.Load(); got != total {
		t.Fatalf("destroyed %d of %d nodes", got, total)
	}
}
