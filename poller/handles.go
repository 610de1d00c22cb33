package poller

import "errors"

// ErrBadHandle is returned for a Handle that is zero or whose registration was removed.
var ErrBadHandle = errors.New("poller: invalid or stale handle")

// Events is implemented by everything registered in a Poller: fd handlers and timer owners.
// Implementations must be comparable (normally a pointer), because timers are keyed by
// (Events, id).
type Events interface {
	// InEvent reports that the fd is readable, or in error or hung up.
	InEvent()
	// OutEvent reports that the fd is writable.
	OutEvent()
	// TimerEvent reports that the timer added with this id expired.
	TimerEvent(id int)
}

// Handle identifies one fd registration. It is comparable; the zero value is invalid.
type Handle struct {
	idx uint32 // slot in Poller.entries
	gen uint32 // generation of the slot when the handle was made; never 0
}

// IsZero reports whether h is the zero (invalid) handle.
func (h Handle) IsZero() bool { return h.gen == 0 }

// entry is one slot of the registration table.
type entry struct {
	fd     int
	ev     Events // nil while the slot is free or retired
	events uint32 // mask currently registered (evIn/evOut/evEdge, in the backend's encoding)
	gen    uint32 // bumped on removal, so older handles and queued events stop matching
	next   int32  // free-list link, -1 at the end
}

// handleTable is a slab of entries with a free list. Slots removed while a batch is being
// dispatched are parked in retired and only returned to the free list after the batch.
type handleTable struct {
	entries []entry
	free    int32   // head of the free list, -1 when empty
	retired []int32 // slots removed during the current batch
}

func newHandleTable() handleTable { return handleTable{free: -1} }

// alloc returns a free slot, growing the slab if none is free.
func (t *handleTable) alloc() uint32 {
	if t.free >= 0 {
		i := t.free
		t.free = t.entries[i].next
		return uint32(i)
	}
	t.entries = append(t.entries, entry{gen: 0})
	return uint32(len(t.entries) - 1)
}

// release makes slot i reusable.
func (t *handleTable) release(i uint32) {
	t.entries[i].next = t.free
	t.free = int32(i)
}

// lookup returns the live entry h refers to, or nil.
func (t *handleTable) lookup(h Handle) *entry {
	if h.gen == 0 || int(h.idx) >= len(t.entries) {
		return nil
	}
	e := &t.entries[h.idx]
	if e.gen != h.gen || e.ev == nil {
		return nil
	}
	return e
}

// live returns the entry for a batch event's (idx, gen), or nil if it has been removed
// since the kernel queued the event.
func (t *handleTable) live(idx, gen uint32) *entry {
	return t.lookup(Handle{idx: idx, gen: gen})
}

// nextGen advances a slot's generation, skipping 0 so that a zero Handle never matches.
func nextGen(g uint32) uint32 {
	g++
	if g == 0 {
		g = 1
	}
	return g
}
