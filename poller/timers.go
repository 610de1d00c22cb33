package poller

import "time"

// timerKey identifies a timer for CancelTimer, as libzmq's (sink, id) pair.
type timerKey struct {
	ev Events
	id int
}

// timer is one slot of the timer slab.
type timer struct {
	when int64 // deadline, in nanoseconds on the heap's monotonic clock
	seq  uint64
	key  timerKey
	pos  int32 // index in timerHeap.heap, -1 when not scheduled
	next int32 // next slot with the same key (insertion order), or next free slot; -1 ends
}

// timerHeap is a binary min-heap of slot indices ordered by (when, seq), so ties fire in
// insertion order. Slots are recycled through a free list and byKey maps each (ev, id) to
// the chain of its pending timers, so AddTimer and CancelTimer allocate nothing once the slab
// and the map have grown to the working set, and CancelTimer costs O(log n) instead of
// libzmq's linear scan.
type timerHeap struct {
	now   func() int64 // monotonic clock in ns; replaced by tests
	slots []timer
	heap  []int32
	byKey map[timerKey]int32 // head of the chain of pending timers with that key
	free  int32
	seq   uint64
}

func newTimerHeap() timerHeap {
	base := time.Now()
	now := func() int64 { return int64(time.Since(base)) }
	return timerHeap{now: now, byKey: make(map[timerKey]int32), free: -1}
}

// AddTimer arranges for ev.TimerEvent(id) to be called once, from ExecuteTimers, after d.
// Several timers may share (ev, id); each fires once.
func (p *Poller) AddTimer(d time.Duration, ev Events, id int) {
	h := &p.timers
	i := h.alloc()
	t := &h.slots[i]
	h.seq++
	*t = timer{when: h.now() + int64(d), seq: h.seq, key: timerKey{ev, id}, next: -1}
	h.link(i)
	t.pos = int32(len(h.heap))
	h.heap = append(h.heap, i)
	h.up(int(t.pos))
}

// CancelTimer cancels the oldest pending timer added with (ev, id); it does nothing if there
// is none (already fired, already cancelled, or never added).
func (p *Poller) CancelTimer(ev Events, id int) {
	h := &p.timers
	i, ok := h.byKey[timerKey{ev, id}]
	if !ok {
		return
	}
	h.unlink(i)
	h.remove(int(h.slots[i].pos))
	h.release(i)
}

// ExecuteTimers fires every timer that is due, the heap's in deadline order (ties in insertion
// order), then the wheel's (wheel.go), and returns the time until the next one, or -1 if none
// is pending. Callbacks may add and cancel timers; a timer added by a callback with a zero
// delay fires on the next call, so a callback that re-arms itself cannot keep this call from
// returning.
func (p *Poller) ExecuteTimers() time.Duration {
	d := p.executeHeap()
	w := &p.wheel
	if w.n == 0 {
		return d
	}
	now := p.timers.now()
	w.run(now / int64(wheelTick))
	next := w.next()
	if next < 0 {
		return d
	}
	wd := time.Duration(max(next*int64(wheelTick)-now, 0))
	if d < 0 || wd < d {
		return wd
	}
	return d
}

// executeHeap fires the heap's due timers and returns the time until its next one, or -1.
func (p *Poller) executeHeap() time.Duration {
	h := &p.timers
	if len(h.heap) == 0 {
		return -1
	}
	now := h.now()
	fired := false
	for len(h.heap) > 0 {
		i := h.heap[0]
		t := &h.slots[i]
		if t.when > now {
			break
		}
		key := t.key
		h.unlink(i)
		h.remove(0)
		h.release(i)
		key.ev.TimerEvent(key.id)
		fired = true
	}
	if len(h.heap) == 0 {
		return -1
	}
	if fired {
		now = h.now() // callbacks took time
	}
	return time.Duration(max(h.slots[h.heap[0]].when-now, 0))
}

// alloc returns a free slot index.
func (h *timerHeap) alloc() int32 {
	if h.free >= 0 {
		i := h.free
		h.free = h.slots[i].next
		return i
	}
	h.slots = append(h.slots, timer{})
	return int32(len(h.slots) - 1)
}

// release returns slot i to the free list, dropping its reference to the handler.
func (h *timerHeap) release(i int32) {
	h.slots[i] = timer{pos: -1, next: h.free}
	h.free = i
}

// link appends slot i to the chain of its key.
func (h *timerHeap) link(i int32) {
	k := h.slots[i].key
	head, ok := h.byKey[k]
	if !ok {
		h.byKey[k] = i
		return
	}
	for h.slots[head].next >= 0 {
		head = h.slots[head].next
	}
	h.slots[head].next = i
}

// unlink removes slot i from the chain of its key.
func (h *timerHeap) unlink(i int32) {
	k := h.slots[i].key
	head := h.byKey[k]
	next := h.slots[i].next
	if head == i {
		if next < 0 {
			delete(h.byKey, k)
		} else {
			h.byKey[k] = next
		}
		return
	}
	for h.slots[head].next != i {
		head = h.slots[head].next
	}
	h.slots[head].next = next
}
