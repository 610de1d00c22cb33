package poller

import (
	"math/rand/v2"
	"testing"
	"time"
)

// fakeClock makes p's timers read clock (ns) instead of the monotonic clock.
func fakeClock(p *Poller, clock *int64) { p.timers.now = func() int64 { return *clock } }

// wheelTimers makes n timers of h with ids 0..n-1.
func wheelTimers(h Events, n int) []Timer {
	ts := make([]Timer, n)
	for i := range ts {
		ts[i].Init(h, i)
	}
	return ts
}

// Under random starts, restarts and stops and a clock moving by random steps (some far beyond
// the wheel), every armed timer fires exactly once, never before its deadline and at most one
// tick after it as the clock goes (at the first ExecuteTimers at or after it); stopped ones
// never fire; ExecuteTimers never asks to sleep past the next deadline.
func TestWheelRandom(t *testing.T) {
	p := newPoller(t)
	var clock int64 = 12345 // not on a tick boundary
	fakeClock(p, &clock)
	const n = 500
	deadline := make([]int64, n) // 0: not armed
	fired := make([]int, n)
	h := &handler{}
	h.onTimer = func(id int) {
		if deadline[id] == 0 {
			t.Fatalf("timer %d fired while not armed", id)
		}
		if clock < deadline[id] {
			t.Fatalf("timer %d fired %v early", id, time.Duration(deadline[id]-clock))
		}
		deadline[id] = 0
		fired[id]++
	}
	ts := wheelTimers(h, n)
	rng := rand.New(rand.NewPCG(1, 2))
	delays := []time.Duration{0, time.Microsecond, time.Millisecond, 3 * time.Millisecond,
		100 * time.Millisecond, 255 * time.Millisecond, 257 * time.Millisecond, time.Second,
		20 * time.Second, 65 * time.Second, 70 * time.Second, time.Hour}
	for range 20000 {
		switch r := rng.IntN(10); {
		case r < 5:
			i := rng.IntN(n)
			d := delays[rng.IntN(len(delays))] + time.Duration(rng.IntN(1000))*time.Microsecond
			p.StartTimer(&ts[i], d)
			deadline[i] = clock + int64(d)
		case r < 6:
			i := rng.IntN(n)
			p.StopTimer(&ts[i])
			deadline[i] = 0
		default:
			next := p.ExecuteTimers()
			for i, dl := range deadline {
				if tick := int64(wheelTick); dl != 0 && (dl+tick-1)/tick*tick <= clock {
					t.Fatalf("timer %d due %v ago did not fire", i, time.Duration(clock-dl))
				}
				if dl != 0 && (next < 0 || clock+int64(next) > dl+int64(wheelTick)) {
					t.Fatalf("ExecuteTimers asked to sleep %v past timer %d's deadline", time.Duration(clock+int64(next)-dl), i)
				}
				if (dl != 0) != ts[i].Armed() {
					t.Fatalf("timer %d: Armed %v with deadline %d", i, ts[i].Armed(), dl)
				}
			}
			step := rng.Int64N(int64(3 * time.Millisecond))
			if rng.IntN(50) == 0 {
				step = rng.Int64N(int64(2 * time.Minute))
			}
			clock += max(step, 0)
		}
	}
}

// Timers due in the same tick fire in the same ExecuteTimers call; a timer fires in the call
// at or after the end of its deadline's tick, never earlier.
func TestWheelBatchesATick(t *testing.T) {
	p := newPoller(t)
	var clock int64 = 5 * int64(wheelTick)
	fakeClock(p, &clock)
	h := &handler{}
	ts := wheelTimers(h, 100)
	for i := range ts {
		p.StartTimer(&ts[i], 10*time.Millisecond+time.Duration(i)*time.Microsecond) // all in tick 15 or 16
	}
	clock += int64(10*time.Millisecond) - 1
	if p.ExecuteTimers(); len(h.timers) != 0 {
		t.Fatalf("%d fired early", len(h.timers))
	}
	clock += int64(wheelTick) + 1
	p.ExecuteTimers()
	if len(h.timers) != len(ts) {
		t.Fatalf("%d of %d fired in their tick's call", len(h.timers), len(ts))
	}
}

// Callbacks may stop timers due in the same tick (they then do not fire) and start timers
// with no delay (they fire in the next tick, so a timer re-arming itself cannot spin).
func TestWheelTimersFromCallbacks(t *testing.T) {
	p := newPoller(t)
	var clock int64
	fakeClock(p, &clock)
	var log []int
	var ts []Timer
	h := &handler{}
	h.onTimer = func(id int) {
		log = append(log, id)
		switch id {
		case 0:
			p.StopTimer(&ts[1]) // due in the same tick
			p.StartTimer(&ts[2], 0)
		case 2:
			if len(log) < 20 {
				p.StartTimer(&ts[2], 0)
			}
		}
	}
	ts = wheelTimers(h, 3)
	p.StartTimer(&ts[0], time.Millisecond)
	p.StartTimer(&ts[1], time.Millisecond)
	clock += int64(time.Millisecond)
	if d := p.ExecuteTimers(); d <= 0 || d > wheelTick || len(log) != 1 || log[0] != 0 {
		t.Fatalf("first call fired %v and returned %v", log, d)
	}
	for range 100 {
		if p.ExecuteTimers() < 0 {
			break
		}
		clock += int64(time.Millisecond)
	}
	if len(log) != 20 || ts[1].Armed() || ts[2].Armed() {
		t.Fatalf("fired %v", log)
	}
}

// A timer beyond the wheel's reach goes through the heap and still fires once, or not at all
// once stopped.
func TestWheelFarTimers(t *testing.T) {
	p := newPoller(t)
	var clock int64
	fakeClock(p, &clock)
	h := &handler{}
	ts := wheelTimers(h, 2)
	p.StartTimer(&ts[0], time.Hour)
	p.StartTimer(&ts[1], time.Hour)
	if !ts[0].Armed() || len(p.timers.heap) != 2 {
		t.Fatal("far timers not on the heap")
	}
	p.StopTimer(&ts[1])
	clock += int64(time.Hour)
	if p.ExecuteTimers(); len(h.timers) != 1 || h.timers[0] != 0 || ts[0].Armed() {
		t.Fatalf("fired %v", h.timers)
	}
	p.StartTimer(&ts[0], time.Hour) // re-armed after firing from the heap
	p.StartTimer(&ts[0], time.Second)
	if len(p.timers.heap) != 0 || p.wheel.n != 1 {
		t.Fatal("a restarted far timer left its heap entry")
	}
}

// Starting and stopping wheel timers allocates nothing.
func TestWheelNoAlloc(t *testing.T) {
	p := newPoller(t)
	ts := wheelTimers(&handler{}, 64)
	churn := func() {
		for i := range ts {
			p.StartTimer(&ts[i], time.Duration(i)*10*time.Millisecond)
		}
		for i := range ts {
			p.StopTimer(&ts[i])
		}
	}
	if n := testing.AllocsPerRun(100, churn); n != 0 {
		t.Fatalf("StartTimer+StopTimer allocated %v times per run", n)
	}
}
