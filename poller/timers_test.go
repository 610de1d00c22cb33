package poller

import (
	"slices"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// runTimers calls ExecuteTimers until done holds, sleeping in Wait for the returned delay.
func runTimers(t *testing.T, p *Poller, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatal("timers did not fire before the deadline")
		}
		d := p.ExecuteTimers()
		if d < 0 || d > 10*time.Millisecond {
			d = 10 * time.Millisecond
		}
		must(t, p.Wait(d))
	}
}

func TestTimersFireInOrder(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	var log []int
	h := &handler{onTimer: func(id int) { log = append(log, id) }}
	// Deadlines out of insertion order, ties are covered by TestTimerTiesInInsertionOrder.
	p.AddTimer(30*time.Millisecond, h, 6)
	p.AddTimer(10*time.Millisecond, h, 2)
	p.AddTimer(20*time.Millisecond, h, 3)
	p.AddTimer(0, h, 1)
	if d := p.ExecuteTimers(); d <= 0 || d > 10*time.Millisecond {
		t.Fatalf("ExecuteTimers returned %v, want (0, 10ms]", d)
	}
	if !slices.Equal(log, []int{1}) {
		t.Fatalf("fired %v, want [1]", log)
	}
	runTimers(t, p, func() bool { return len(log) == 4 })
	if !slices.Equal(log, []int{1, 2, 3, 6}) {
		t.Fatalf("fired %v, want [1 2 3 6]", log)
	}
	if d := p.ExecuteTimers(); d != -1 {
		t.Fatalf("ExecuteTimers with no timer = %v, want -1", d)
	}
}

func TestTimerTiesInInsertionOrder(t *testing.T) {
	p := newPoller(t)
	var log []int
	h := &handler{onTimer: func(id int) { log = append(log, id) }}
	var clock int64
	p.timers.now = func() int64 { return clock }
	for id := range 50 {
		p.AddTimer(time.Millisecond, h, id)
	}
	clock = int64(time.Millisecond)
	p.ExecuteTimers()
	for i, id := range log {
		if i != id {
			t.Fatalf("ties fired out of insertion order: %v", log)
		}
	}
}

func TestCancelTimer(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	a, b := &handler{}, &handler{}
	p.AddTimer(5*time.Millisecond, a, 1)
	p.AddTimer(5*time.Millisecond, a, 2)
	p.AddTimer(5*time.Millisecond, b, 1)
	p.AddTimer(15*time.Millisecond, b, 9)
	p.CancelTimer(a, 1)
	p.CancelTimer(a, 7) // never added: no-op
	p.CancelTimer(a, 1) // already cancelled: no-op
	runTimers(t, p, func() bool { return len(b.timers) == 2 })
	if !slices.Equal(a.timers, []int{2}) || !slices.Equal(b.timers, []int{1, 9}) {
		t.Fatalf("a fired %v, b fired %v", a.timers, b.timers)
	}
	p.CancelTimer(b, 9) // already fired: no-op
	if len(p.timers.byKey) != 0 || len(p.timers.heap) != 0 {
		t.Fatalf("leftover timer state: %d keys, %d in heap", len(p.timers.byKey), len(p.timers.heap))
	}
}

func TestDuplicateTimerKeys(t *testing.T) {
	p := newPoller(t)
	h := &handler{}
	p.AddTimer(time.Hour, h, 1)
	p.AddTimer(0, h, 1)
	p.AddTimer(time.Hour, h, 1)
	p.CancelTimer(h, 1) // the oldest: the first one-hour timer
	runTimers(t, p, func() bool { return len(h.timers) == 1 })
	if len(p.timers.heap) != 1 {
		t.Fatalf("%d timers pending, want 1", len(p.timers.heap))
	}
	p.CancelTimer(h, 1)
	if p.ExecuteTimers() != -1 || len(p.timers.byKey) != 0 {
		t.Fatal("timer left after cancelling all duplicates")
	}
}

func TestTimersFromCallbacks(t *testing.T) {
	p := newPoller(t)
	victim := &handler{}
	var log []int
	h := &handler{}
	h.onTimer = func(id int) {
		log = append(log, id)
		switch id {
		case 1:
			p.CancelTimer(victim, 1) // due in the same ExecuteTimers call
			p.AddTimer(0, h, 3)      // fires on the next call, not this one
			p.CancelTimer(h, 1)      // itself, already removed: no-op
		case 3:
			if len(log) < 50 {
				p.AddTimer(0, h, 3) // re-arming at zero delay must not spin ExecuteTimers
			}
		}
	}
	p.AddTimer(0, h, 1)
	p.AddTimer(0, victim, 1)
	p.AddTimer(0, h, 2)
	if d := p.ExecuteTimers(); d != 0 {
		t.Fatalf("ExecuteTimers = %v with a re-armed zero timer, want 0", d)
	}
	if !slices.Equal(log, []int{1, 2}) || len(victim.timers) != 0 {
		t.Fatalf("first call fired %v, victim %v", log, victim.timers)
	}
	runTimers(t, p, func() bool { return p.ExecuteTimers() == -1 })
	if len(log) != 50 {
		t.Fatalf("fired %d timers, want 50", len(log))
	}
}

func TestTimerChurnNoAlloc(t *testing.T) {
	p := newPoller(t)
	hs := make([]*handler, 64)
	for i := range hs {
		hs[i] = &handler{}
	}
	churn := func() {
		for i, h := range hs {
			p.AddTimer(time.Duration(i)*time.Hour, h, i)
		}
		for i, h := range hs {
			p.CancelTimer(h, i)
		}
	}
	churn() // grow the slab, heap and map
	if n := testing.AllocsPerRun(100, churn); n != 0 {
		t.Fatalf("AddTimer+CancelTimer allocated %v times per run", n)
	}
}

// TestHeapRandom checks the heap against a sorted reference under random adds and cancels.
func TestHeapRandom(t *testing.T) {
	p := newPoller(t)
	h := &handler{}
	var clock int64
	p.timers.now = func() int64 { return clock }
	var want []int // ids pending; the deadline of id is id ns
	seed := uint32(1)
	rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for range 2000 {
		if rnd(3) > 0 || len(want) == 0 {
			id := rnd(1000)
			p.AddTimer(time.Duration(id), h, id)
			want = append(want, id)
		} else {
			id := want[rnd(len(want))]
			p.CancelTimer(h, id)
			want = slices.Delete(want, slices.Index(want, id), slices.Index(want, id)+1)
		}
	}
	slices.Sort(want)
	clock = 1000
	if d := p.ExecuteTimers(); d != -1 {
		t.Fatalf("ExecuteTimers = %v after all were due", d)
	}
	if !slices.Equal(h.timers, want) {
		t.Fatalf("fired %d timers out of order or wrong set (want %d)", len(h.timers), len(want))
	}
}
