package poller

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// BenchmarkWaitIdle is one epoll_wait(0) on a set with nothing ready.
func BenchmarkWaitIdle(b *testing.B) {
	p := newPoller(b)
	a, _ := socketpair(b)
	mustAdd(b, p, a, &handler{})
	benchWait(b, p, 0)
}

// BenchmarkWaitReady is one epoll_wait(0) returning n level-triggered readable fds and their
// dispatch.
func BenchmarkWaitReady1(b *testing.B)  { benchWaitReady(b, 1) }
func BenchmarkWaitReady64(b *testing.B) { benchWaitReady(b, 64) }

func benchWaitReady(b *testing.B, n int) {
	p := newPoller(b)
	for range n {
		efd, err := unix.Eventfd(1, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
		must(b, err)
		b.Cleanup(func() { unix.Close(efd) })
		must(b, p.SetPollIn(mustAdd(b, p, efd, &handler{})))
	}
	benchWait(b, p, n)
}

func benchWait(b *testing.B, p *Poller, want int) {
	b.ReportAllocs()
	for b.Loop() {
		if n, err := p.WaitN(0); err != nil || n != want {
			b.Fatalf("WaitN = %d, %v; want %d", n, err, want)
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
