package poller

import (
	"math/bits"
	"time"
)

// The timing wheel: timers their owners embed (Timer), armed and stopped in O(1) without
// allocating, for timers that thousands of objects re-arm all the time (the engines'
// heartbeats). The heap (timers.go) costs O(log n) plus a map lookup per AddTimer and
// CancelTimer; a heartbeating connection makes three of those per interval.
//
// Time is cut in ticks of wheelTick. A timer fires at the first tick boundary at or after its
// deadline, never before it: at most one tick late, as the heap's timers are already, since
// epoll_wait's timeout is in whole milliseconds. Timers due in the same tick fire together,
// in one ExecuteTimers call.
//
// Two levels, as the Linux kernel's timer wheel: near holds the current block of wheelSlots
// ticks, one slot per tick, so a slot's timers are all due at its tick; far holds the next
// wheelSlots-1 blocks, one slot per block, and a far slot moves into near (cascades) when its
// block begins. Timers further away than that (about 65 s) go to the heap through a shim. A
// bitmap per level finds the next non-empty slot without scanning empty ones, so an idle
// wheel costs nothing, and a far timer costs at most one early wake-up, at its cascade.
const (
	wheelTick  = time.Millisecond
	wheelBits  = 8
	wheelSlots = 1 << wheelBits
	wheelMask  = wheelSlots - 1
	wheelWords = wheelSlots / 64
)

// Timer is a timer embedded in its owner: Init once, then StartTimer and StopTimer as often as
// needed. When it fires, its Events' TimerEvent is called with its id, once per start.
type Timer struct {
	ev         Events
	id         int
	tick       int64  // the tick it fires at, on the wheel
	next, prev *Timer // in a ring; nil when not on the wheel
	ring       *Timer // the sentinel of the ring it is in
	onHeap     bool   // armed through the heap (too far for the wheel)
}

// Init sets what the timer calls when it fires: ev.TimerEvent(id).
func (t *Timer) Init(ev Events, id int) { t.ev, t.id = ev, id }

// Armed reports whether the timer is started and has not fired or been stopped since.
func (t *Timer) Armed() bool { return t.next != nil || t.onHeap }

// timerShim is a Timer as the heap's handler, for timers too far for the wheel; the
// conversion allocates nothing.
type timerShim Timer

func (s *timerShim) InEvent()  {}
func (s *timerShim) OutEvent() {}
func (s *timerShim) TimerEvent(int) {
	t := (*Timer)(s)
	t.onHeap = false
	t.ev.TimerEvent(t.id)
}

// wheel is the Poller's timing wheel. Each slot is a ring with the slot itself as sentinel,
// whose id says where it is: near slot i is i, far slot i is wheelSlots+i, firing is -1.
type wheel struct {
	near, far         [wheelSlots]Timer
	nearBits, farBits [wheelWords]uint64
	cur               int64 // the next tick to run; near holds block cur>>wheelBits
	n                 int   // timers on the wheel, the ring being fired included
	firing            Timer // sentinel of the ring being fired
}

// StartTimer arms t to fire after d (re-arming it if it is armed).
func (p *Poller) StartTimer(t *Timer, d time.Duration) {
	p.StopTimer(t)
	w := &p.wheel
	now := p.timers.now()
	if w.n == 0 {
		// An empty wheel may be far behind: bring it to the present, skipping idle ticks.
		w.cur = max(w.cur, now/int64(wheelTick))
	}
	tick := (now + int64(d) + int64(wheelTick) - 1) / int64(wheelTick)
	if tick>>wheelBits-w.cur>>wheelBits >= wheelSlots {
		t.onHeap = true
		p.AddTimer(d, (*timerShim)(t), t.id)
		return
	}
	t.tick = max(tick, w.cur)
	w.insert(t)
}

// StopTimer disarms t; it does nothing if t is not armed.
func (p *Poller) StopTimer(t *Timer) {
	switch {
	case t.onHeap:
		t.onHeap = false
		p.CancelTimer((*timerShim)(t), t.id)
	case t.next != nil:
		p.wheel.unlink(t)
	}
}

// insert puts t in its slot: near for the current block, far for a later one.
func (w *wheel) insert(t *Timer) {
	if t.tick>>wheelBits == w.cur>>wheelBits {
		i := int(t.tick & wheelMask)
		w.link(&w.near[i], i, t)
		w.nearBits[i/64] |= 1 << (i % 64)
	} else {
		i := int(t.tick >> wheelBits & wheelMask)
		w.link(&w.far[i], wheelSlots+i, t)
		w.farBits[i/64] |= 1 << (i % 64)
	}
}

// link appends t to the ring of sentinel s, whose id is set on first use.
func (w *wheel) link(s *Timer, id int, t *Timer) {
	if s.next == nil {
		s.next, s.prev, s.id = s, s, id
	}
	t.prev, t.next, t.ring = s.prev, s, s
	s.prev.next = t
	s.prev = t
	w.n++
}

// unlink takes t off its ring; a slot left empty clears its bit.
func (w *wheel) unlink(t *Timer) {
	t.prev.next, t.next.prev = t.next, t.prev
	s := t.ring
	t.next, t.prev, t.ring = nil, nil, nil
	w.n--
	if s.next != s {
		return
	}
	switch i := s.id; {
	case i < 0:
	case i < wheelSlots:
		w.nearBits[i/64] &^= 1 << (i % 64)
	default:
		i -= wheelSlots
		w.farBits[i/64] &^= 1 << (i % 64)
	}
}

// run fires every timer due at or before tick now. Callbacks may start and stop timers; one
// started for a tick already run fires on the next call.
func (w *wheel) run(now int64) {
	for w.n > 0 && w.cur <= now {
		if w.cur&wheelMask == 0 {
			w.cascade()
		}
		i := int(w.cur & wheelMask)
		if next := nextBit(&w.nearBits, i); next != i {
			// Nothing due at cur: skip to the next non-empty slot of the block, or past it.
			end := w.cur | wheelMask
			if next >= 0 {
				end = w.cur&^wheelMask | int64(next-1)
			}
			w.cur = min(end, now) + 1
			continue
		}
		w.cur++ // a timer started by a callback goes in a later slot
		w.fire(i)
	}
}

// next returns the tick of the next slot that may hold a due timer, or -1 if the wheel is
// empty. A far slot counts at the start of its block, when it cascades.
func (w *wheel) next() int64 {
	if w.n == 0 {
		return -1
	}
	block := w.cur >> wheelBits
	if w.cur&wheelMask == 0 && nextBit(&w.farBits, int(block&wheelMask)) == int(block&wheelMask) {
		return w.cur // the current block's cascade is due
	}
	if i := nextBit(&w.nearBits, int(w.cur&wheelMask)); i >= 0 {
		return block<<wheelBits | int64(i)
	}
	// Later blocks b+1 ... b+wheelSlots-1 sit in far slots (b+k)&wheelMask.
	start := int((block + 1) & wheelMask)
	j := nextBit(&w.farBits, start)
	if j < 0 {
		j = nextBit(&w.farBits, 0) + wheelSlots
	}
	return (block + 1 + int64(j-start)) << wheelBits
}

// cascade moves the far slot of the block beginning at cur into near.
func (w *wheel) cascade() {
	s := &w.far[w.cur>>wheelBits&wheelMask]
	for s.next != nil && s.next != s {
		t := s.next
		w.unlink(t)
		w.insert(t) // its block is the current one now
	}
}

// fire runs near slot i's timers, all due. The ring is moved aside first, so callbacks may
// start and stop any timer, those still waiting in it included.
func (w *wheel) fire(i int) {
	s, f := &w.near[i], &w.firing
	w.nearBits[i/64] &^= 1 << (i % 64)
	if s.next == nil || s.next == s {
		return
	}
	f.id = -1
	f.next, f.prev = s.next, s.prev
	f.next.prev, f.prev.next = f, f
	s.next, s.prev = s, s
	for t := f.next; t != f; t = t.next {
		t.ring = f
	}
	for f.next != f {
		t := f.next
		w.unlink(t)
		t.ev.TimerEvent(t.id)
	}
}

// nextBit is the index of the first set bit of bm at or after from, or -1.
func nextBit(bm *[wheelWords]uint64, from int) int {
	for k := from / 64; k < wheelWords; k++ {
		word := bm[k]
		if k == from/64 {
			word &^= 1<<(from%64) - 1
		}
		if word != 0 {
			return k*64 + bits.TrailingZeros64(word)
		}
	}
	return -1
}
