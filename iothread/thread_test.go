package iothread

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/mailbox"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/poller"
)

// peer is an object living on one thread that exchanges commands with peers on the others.
// On Plug it sends rounds ActivateRead commands to every peer on another thread; each
// ActivateRead is acknowledged with an ActivateWrite. When it has both received everything
// addressed to it and got all its acks back, it reports on done.
type peer struct {
	object.Object
	osTid  int
	others []*peer
	rounds int
	reads  int // ActivateRead received
	acks   int // ActivateWrite received
	done   chan<- struct{}
	total  *atomic.Int64
}

func (p *peer) ProcessCommand(c *object.Command) {
	if p.osTid >= 0 && osThreadID() != p.osTid {
		wrongThread.Add(1)
	}
	p.total.Add(1)
	switch c.Kind {
	case object.Plug:
		for range p.rounds {
			for _, o := range p.others {
				p.SendActivateRead(o)
			}
		}
	case object.ActivateRead:
		p.reads++
		p.SendActivateWrite(c.Obj.(*peer), 0, 0)
	case object.ActivateWrite:
		p.acks++
	}
	if want := p.rounds * len(p.others); p.reads == want && p.acks == want {
		p.done <- struct{}{}
		p.reads = -1 // report once
	}
}

// SendActivateRead carries the sender in Obj so the receiver knows whom to ack.
func (p *peer) SendActivateRead(dest *peer) {
	p.Send(object.Command{Dest: dest, Kind: object.ActivateRead, Obj: p})
}

func TestCommandsBetweenAllThreads(t *testing.T) { commandsBetweenAllThreads(t) }

// Threads without OS threads of their own (scheduler waits) pass the same commands; which OS
// thread runs them is then the scheduler's business.
func TestSchedulerWaitsCommandsBetweenAllThreads(t *testing.T) {
	commandsBetweenAllThreads(t, WithSchedulerWaits())
}

func commandsBetweenAllThreads(t *testing.T, opts ...Option) {
	wrongThread.Store(0)
	const first, nThreads, perThread, rounds = 3, 4, 2, 200
	pool, r := startPool(t, first, nThreads, opts...)
	marks := osThreads(t, pool)
	locked := len(opts) == 0
	if locked && len(marks) != nThreads {
		t.Fatal("threads share an OS thread")
	}
	if !locked {
		for tid := range marks {
			marks[tid] = -1
		}
	}
	done := make(chan struct{}, nThreads*perThread)
	var total atomic.Int64
	var peers []*peer
	for i := range nThreads * perThread {
		tid := first + i%nThreads
		p := &peer{osTid: marks[tid], rounds: rounds, done: done, total: &total}
		p.Init(r, tid)
		peers = append(peers, p)
	}
	for _, p := range peers {
		for _, o := range peers {
			if o.ThreadID() != p.ThreadID() {
				p.others = append(p.others, o)
			}
		}
	}
	for _, p := range peers { // from the test goroutine: any goroutine may send
		r.SendCommand(p.ThreadID(), object.Command{Dest: p, Kind: object.Plug})
	}
	waitChan(t, done, len(peers))
	others := (nThreads - 1) * perThread
	if want := int64(len(peers) * (1 + 2*rounds*others)); total.Load() != want {
		t.Fatalf("%d commands processed, want %d", total.Load(), want)
	}
	if n := wrongThread.Load(); n != 0 {
		t.Fatalf("%d commands ran on the wrong OS thread", n)
	}
}

// fdObject lives on a thread, registers one end of a socketpair on Plug and a timer, and
// reports its in-events and timer events.
type fdObject struct {
	th     *Thread
	fd     int
	h      poller.Handle
	events chan string
	buf    [64]byte
}

func (o *fdObject) ThreadID() int { return o.th.ThreadID() }

func (o *fdObject) ProcessCommand(c *object.Command) {
	switch c.Kind {
	case object.Plug:
		var err error
		if o.h, err = o.th.Poller().AddFd(o.fd, o); err == nil {
			err = o.th.Poller().SetPollIn(o.h)
		}
		if err != nil {
			o.events <- err.Error()
		}
		o.th.Poller().AddTimer(5*time.Millisecond, o, 7)
	case object.Term:
		o.th.Poller().RemoveFd(o.h)
		o.events <- "removed"
	}
}

func (o *fdObject) InEvent() {
	n, _ := unix.Read(o.fd, o.buf[:])
	o.events <- "in:" + string(o.buf[:n])
}
func (o *fdObject) OutEvent()         {}
func (o *fdObject) TimerEvent(id int) { o.events <- fmt.Sprint("timer:", id) }

func TestFdAndTimerOnThread(t *testing.T) {
	pool, _ := startPool(t, 0, 1)
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fds[1])
	defer unix.Close(fds[0])
	if err := unix.SetNonblock(fds[0], true); err != nil {
		t.Fatal(err)
	}
	th := pool.Threads()[0]
	o := &fdObject{th: th, fd: fds[0], events: make(chan string, 4)}
	th.Mailbox().Send(object.Command{Dest: o, Kind: object.Plug})
	expect(t, o.events, "timer:7")
	if th.Load() != 1 || pool.Choose(0) != 0 {
		t.Fatalf("Load = %d, Choose = %d", th.Load(), pool.Choose(0))
	}
	unix.Write(fds[1], []byte("hi"))
	expect(t, o.events, "in:hi")
	th.Mailbox().Send(object.Command{Dest: o, Kind: object.Term})
	expect(t, o.events, "removed")
	if th.Load() != 0 {
		t.Fatalf("Load = %d after RemoveFd", th.Load())
	}
}

func expect(t *testing.T, ch <-chan string, want string) {
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no %q before the deadline", want)
	}
}

func TestChoose(t *testing.T) {
	leakcheck.FDs(t)
	p, err := NewPool(10, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Wait() // never started: Wait only closes the fds
	// Before Start the creating goroutine may use the pollers: give thread 0 two fds and
	// thread 2 one.
	for _, i := range []int{0, 0, 2} {
		var pfd [2]int
		if err := unix.Pipe(pfd[:]); err != nil {
			t.Fatal(err)
		}
		defer unix.Close(pfd[1])
		defer unix.Close(pfd[0])
		if _, err := p.Threads()[i].Poller().AddFd(pfd[0], &fdObject{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		mask uint64
		want int
	}{{0, 11}, {0b101, 12}, {0b001, 10}, {0b110, 11}, {0b1000, -1}, {1 << 63, -1}} {
		if got := p.Choose(c.mask); got != c.want {
			t.Errorf("Choose(%b) = %d, want %d", c.mask, got, c.want)
		}
	}
	if (&Pool{}).Choose(0) != -1 {
		t.Error("empty pool chose a thread")
	}
}

func TestStopWaitLeavesNothing(t *testing.T) {
	leakcheck.FDs(t)
	for _, opts := range [][]Option{nil, {WithSpin(10 * time.Microsecond)}, {withLevelTriggered()}} {
		p, err := NewPool(0, 4, opts...)
		if err != nil {
			t.Fatal(err)
		}
		p.Start()
		osThreads(t, p) // the loops run and dispatch
		p.Stop()
		p.Wait()
		p.Wait() // idempotent
		for _, th := range p.Threads() {
			th.Mailbox().Send(object.Command{Dest: th, Kind: object.Stop}) // dropped after Wait
		}
	}
	// goleak in TestMain checks that no loop goroutine survives.
}

func TestWithSpinCapped(t *testing.T) {
	th, err := New(0, WithSpin(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	th.Wait()
	if th.spin != MaxSpin {
		t.Fatalf("spin = %v, want %v", th.spin, MaxSpin)
	}
}

// echo lives on a thread and answers every command by sending to an application mailbox.
type echo struct {
	tid int
	out *mailbox.Mailbox[object.Command]
}

func (e *echo) ThreadID() int                    { return e.tid }
func (e *echo) ProcessCommand(c *object.Command) { e.out.Send(*c) }

// With one P, an application goroutine parked in Recv and a scheduler-waits thread pass
// commands back and forth: the thread hands its P to the goroutine it readied (otherwise each
// round would wait for sysmon), and the thread's own OS-level wait is woken by the goroutine's
// Send. Functional only; docs/performance.md P14 has the timings.
func TestSchedulerWaitsRoundTripsOnOneP(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	pool, _ := startPool(t, 3, 1, WithSchedulerWaits())
	th := pool.Threads()[0]
	app, err := mailbox.New[object.Command]()
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	app.Park()
	app.HandOffOnWake(true) // as a socket waiting to receive asks
	e := &echo{tid: th.ThreadID(), out: app}
	for i := range 2000 {
		th.Mailbox().Send(object.Command{Dest: e, Kind: object.ActivateWrite, N: int64(i)})
		c, err := app.Recv(10 * time.Second)
		if err != nil || c.N != int64(i) {
			t.Fatalf("round %d: %v, %d", i, err, c.N)
		}
	}
}
