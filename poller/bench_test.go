package poller

import (
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// BenchmarkWaitIdle is one epoll_wait(0) or poll(0) on a set with nothing ready;
// BenchmarkWaitIdle256 has 256 fds registered for POLLIN, none ready, which poll(2) scans on
// every call and epoll does not.
func BenchmarkWaitIdle(b *testing.B)    { benchWaitMix(b, 1, 0) }
func BenchmarkWaitIdle256(b *testing.B) { benchWaitMix(b, 256, 0) }

// BenchmarkWaitReady is one epoll_wait(0) or poll(0) returning n level-triggered readable fds
// and their dispatch; BenchmarkWaitReady1Of256 finds one ready among 256.
func BenchmarkWaitReady1(b *testing.B)      { benchWaitMix(b, 0, 1) }
func BenchmarkWaitReady64(b *testing.B)     { benchWaitMix(b, 0, 64) }
func BenchmarkWaitReady1Of256(b *testing.B) { benchWaitMix(b, 255, 1) }

// benchWaitMix registers idle socketpair ends (polled for input, never readable) and ready
// fds (always readable), then measures WaitN(0).
func benchWaitMix(b *testing.B, idle, ready int) {
	p := newPoller(b)
	for range idle {
		a, _ := socketpair(b)
		must(b, p.SetPollIn(mustAdd(b, p, a, &handler{})))
	}
	for range ready {
		must(b, p.SetPollIn(mustAdd(b, p, readableFd(b), &handler{})))
	}
	benchWait(b, p, ready)
}

func benchWait(b *testing.B, p *Poller, want int) {
	b.ReportAllocs()
	for b.Loop() {
		if n, err := p.WaitN(0); err != nil || n != want {
			b.Fatalf("WaitN = %d, %v; want %d", n, err, want)
		}
	}
}

// BenchmarkWakeRoundTrip is a round trip between two goroutines, each locked to its thread and
// blocked in its own Poller's Wait(-1) on the read end of a pipe: one byte goes to the peer,
// whose handler reads it and writes one back. It is the wake-up cost of an I/O thread with the
// fd type fixed, so that running it with and without the zmq_poll tag compares the backends.
func BenchmarkWakeRoundTrip(b *testing.B) {
	toPeer, fromPeer := newWaker(b), newWaker(b)
	toPeer.reply = fromPeer.w
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		toPeer.loop(b, stop)
	}()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	for b.Loop() {
		write(b, toPeer.w, "x")
		fromPeer.got = false
		for !fromPeer.got {
			must(b, fromPeer.p.Wait(-1))
		}
	}
	close(stop)
	write(b, toPeer.w, "x") // wake the peer so that it sees stop
	<-done
}

// waker is one side of BenchmarkWakeRoundTrip: a Poller watching the read end r of a pipe.
// Its handler reads what arrived and, if reply is set, answers on it.
type waker struct {
	p     *Poller
	r, w  int
	reply int
	got   bool
	buf   [16]byte
}

func newWaker(b *testing.B) *waker {
	r, w, _ := pipe(b)
	k := &waker{p: newPoller(b), r: r, w: w, reply: -1}
	must(b, k.p.SetPollIn(mustAdd(b, k.p, r, k)))
	return k
}

func (k *waker) InEvent() {
	if n, _ := unix.Read(k.r, k.buf[:]); n > 0 {
		k.got = true
		if k.reply >= 0 {
			unix.Write(k.reply, k.buf[:1])
		}
	}
}

func (k *waker) OutEvent()      {}
func (k *waker) TimerEvent(int) {}

func (k *waker) loop(b *testing.B, stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		if err := k.p.Wait(-1); err != nil {
			b.Error(err)
			return
		}
	}
}

// BenchmarkTimerAddCancel is an AddTimer+CancelTimer pair with 1000 other timers pending.
func BenchmarkTimerAddCancel(b *testing.B) {
	p := newPoller(b)
	h := &handler{}
	for i := range 1000 {
		p.AddTimer(time.Hour+time.Duration(i), h, i)
	}
	b.ReportAllocs()
	for b.Loop() {
		p.AddTimer(time.Hour+500, h, -1)
		p.CancelTimer(h, -1)
	}
}

// BenchmarkTimerFire is an AddTimer plus the ExecuteTimers call that fires it, with 1000
// later timers pending.
func BenchmarkTimerFire(b *testing.B) {
	p := newPoller(b)
	h := &handler{}
	for i := range 1000 {
		p.AddTimer(time.Hour+time.Duration(i), h, i)
	}
	var clock int64
	p.timers.now = func() int64 { return clock }
	n := 0
	h.onTimer = func(int) { n++ }
	h.timers = make([]int, 0, 1)
	b.ReportAllocs()
	for b.Loop() {
		h.timers = h.timers[:0]
		p.AddTimer(0, h, -1)
		clock++
		p.ExecuteTimers()
	}
	if n != b.N {
		b.Fatalf("fired %d of %d", n, b.N)
	}
}

// BenchmarkExecuteTimersIdle is ExecuteTimers with pending timers none of which is due: the
// cost an I/O thread pays per loop iteration.
func BenchmarkExecuteTimersIdle(b *testing.B) {
	p := newPoller(b)
	h := &handler{}
	for i := range 1000 {
		p.AddTimer(time.Hour+time.Duration(i), h, i)
	}
	b.ReportAllocs()
	for b.Loop() {
		p.ExecuteTimers()
	}
}

// BenchmarkHeartbeatTimers{Heap,Wheel}: what one heartbeat of one connection asks of the
// timers, among 10,000 heartbeating connections: re-arm the interval, arm the timeout when
// the PING goes out, cancel it when the PONG comes in.
func BenchmarkHeartbeatTimersHeap(b *testing.B) {
	p := newPoller(b)
	hs := make([]handler, 10000)
	for i := range hs {
		p.AddTimer(100*time.Millisecond+time.Duration(i)*10*time.Microsecond, &hs[i], 1)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		h := &hs[i%len(hs)]
		p.CancelTimer(h, 1) // as if it fired
		p.AddTimer(100*time.Millisecond, h, 1)
		p.AddTimer(100*time.Millisecond, h, 2)
		p.CancelTimer(h, 2)
		i++
	}
}

func BenchmarkHeartbeatTimersWheel(b *testing.B) {
	p := newPoller(b)
	hs := make([]handler, 10000)
	ivl, timeout := make([]Timer, len(hs)), make([]Timer, len(hs))
	for i := range hs {
		ivl[i].Init(&hs[i], 1)
		timeout[i].Init(&hs[i], 2)
		p.StartTimer(&ivl[i], 100*time.Millisecond+time.Duration(i)*10*time.Microsecond)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := i % len(hs)
		p.StopTimer(&ivl[k]) // as if it fired
		p.StartTimer(&ivl[k], 100*time.Millisecond)
		p.StartTimer(&timeout[k], 100*time.Millisecond)
		p.StopTimer(&timeout[k])
		i++
	}
}
