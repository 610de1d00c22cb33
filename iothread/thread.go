package iothread

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zreactor/zmq/internal/yield"
	"github.com/zreactor/zmq/mailbox"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/poller"
)

// Thread is one I/O thread: a poller, a mailbox, and the loop goroutine that runs them.
type Thread struct {
	tid      int
	name     string // the role in the OS thread's name (WithName)
	sched    Sched  // applied to the OS thread before the loop runs (WithSched)
	poller   *poller.Poller
	mailbox  *mailbox.Mailbox[object.Command]
	spin     time.Duration
	level    bool           // mailbox registered level-triggered (drained by read); see New
	unlocked bool           // scheduler waits: a plain goroutine, no OS thread of its own (WithSchedulerWaits)
	stopping bool           // set by the Stop command; loop goroutine only
	cmd      object.Command // the command being dispatched; a field so that &cmd never escapes
	started  atomic.Bool
	ready    chan error    // the outcome of applying sched, once
	done     chan struct{} // closed when the loop goroutine exits
	once     sync.Once     // closes the fds once
}

// New creates the thread for slot tid, with its poller and its mailbox registered in it. The
// loop does not run until Start.
func New(tid int, opts ...Option) (*Thread, error) {
	t := &Thread{tid: tid, sched: NewSched(), ready: make(chan error, 1), done: make(chan struct{})}
	for _, o := range opts {
		o(t)
	}
	// Edge-triggered and never read needs a poller that reports edges and a signaler that
	// never fills up: epoll and eventfd. The poll(2) backend and the pipe signaler get what
	// libzmq does everywhere: level-triggered, and drained on every wake-up.
	if !poller.EdgeTriggered || mailbox.NeedsDrain {
		t.level = true
	}
	var err error
	if t.poller, err = poller.New(); err != nil {
		return nil, err
	}
	if t.mailbox, err = mailbox.New[object.Command](); err != nil {
		t.poller.Close()
		return nil, err
	}
	if err = t.register(); err != nil {
		t.closeFds()
		return nil, err
	}
	return t, nil
}

// register adds the mailbox's signaler fd to the poller, edge-triggered unless t.level.
func (t *Thread) register() error {
	h, err := t.poller.AddFd(t.mailbox.Fd(), (*mailboxEvents)(t))
	if err != nil {
		return err
	}
	if err = t.poller.SetPollIn(h); err == nil && !t.level {
		err = t.poller.SetEdgeTriggered(h)
	}
	return err
}

// Start starts the loop goroutine, which first names its OS thread and applies the thread's
// Sched to it (Started reports how that went).
func (t *Thread) Start() {
	t.started.Store(true)
	go t.run()
}

// Started waits until the loop goroutine has applied the thread's Sched to its OS thread, and
// returns the error if it could not: the loop has then exited without running, and Stop and
// Wait are still due. Call it at most once, after Start.
func (t *Thread) Started() error { return <-t.ready }

// run locks the goroutine to an OS thread for good (Go ends that thread when the goroutine
// exits, so what applySched set dies with it) and runs the loop there. Not on the main thread,
// though: its name is the process's (/proc/self/comm), and Go never ends it. Holding it locked
// while another goroutine locks its own OS thread keeps that goroutine off it.
func (t *Thread) run() {
	if t.unlocked {
		t.loop()
		return
	}
	runtime.LockOSThread()
	if onMainThread() {
		locked := make(chan struct{})
		go func() {
			runtime.LockOSThread()
			close(locked)
			t.loop()
		}()
		<-locked
		runtime.UnlockOSThread()
		return
	}
	t.loop()
}

// loop applies the thread's Sched, then runs timers and I/O until a Stop command is processed.
// An error from epoll_wait can only be a broken invariant (bad epoll fd or buffer), like
// libzmq's errno_assert.
func (t *Thread) loop() {
	defer close(t.done)
	var err error
	if !t.unlocked {
		err = t.applySched()
	}
	t.ready <- err
	if err != nil {
		return // the OS thread, with whatever was applied before the failure, ends here
	}
	var y yield.Clock
	for !t.stopping {
		d := t.poller.ExecuteTimers()
		if t.spin > 0 && (d < 0 || d > t.spin) && t.spinWait() {
			continue
		}
		if t.unlocked {
			yield.HandOff()
		}
		y.BeforeBlock()
		if err := t.poller.Wait(d); err != nil {
			panic(fmt.Sprintf("iothread %d: %v", t.tid, err))
		}
	}
}

// Mailbox is the thread's command queue; any goroutine may Send to it.
func (t *Thread) Mailbox() *mailbox.Mailbox[object.Command] { return t.mailbox }

// Poller is the thread's poller, for objects living on this thread only.
func (t *Thread) Poller() *poller.Poller { return t.poller }

// ThreadID is the thread's slot number.
func (t *Thread) ThreadID() int { return t.tid }

// Load is the number of fds registered by objects on this thread (the mailbox's own fd is not
// counted). Safe from any goroutine.
func (t *Thread) Load() int { return t.poller.Load() - 1 }

// Stop asks the loop to exit after the commands queued before it.
func (t *Thread) Stop() { t.mailbox.Send(object.Command{Dest: t, Kind: object.Stop}) }

// Wait waits for the loop goroutine to exit (if it was started), then closes the poller and
// mailbox fds. Commands sent afterwards are dropped.
func (t *Thread) Wait() {
	if t.started.Load() {
		<-t.done
	}
	t.once.Do(t.closeFds)
}

// closeFds closes the poller's and the mailbox's fds. close(2) on them can only fail with EBADF, a
// broken invariant with nothing left to do about it, so the errors are dropped.
func (t *Thread) closeFds() {
	_ = t.poller.Close()
	_ = t.mailbox.Close()
}

// ProcessCommand handles the commands addressed to the thread itself: Stop.
func (t *Thread) ProcessCommand(c *object.Command) {
	if c.Kind != object.Stop {
		panic(fmt.Sprintf("iothread %d: unexpected command %v", t.tid, c.Kind))
	}
	t.stopping = true
}
