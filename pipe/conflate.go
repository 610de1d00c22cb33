package pipe

import "sync/atomic"

// Bits of Conflate.state besides the middle buffer's index (bits 0-1).
const (
	cfFresh  = 1 << 2 // the middle buffer holds a message the reader has not taken
	cfAsleep = 1 << 3 // the reader found nothing and sleeps until a Flush reports false
	cfIndex  = 3
)

// Conflate is the queue behind ZMQ_CONFLATE (libzmq's ypipe_conflate_t over dbuffer_t): it keeps
// only the newest complete message. It is a lock-free triple buffer: the writer fills one
// buffer, the reader drains another, and the third sits in the middle, swapped atomically with
// either side. A message the reader has started stays intact; a newer one waits in the middle,
// replacing any older one still there. Buffers are reused, so steady state allocates nothing.
type Conflate[T any] struct {
	bufs [3][]T // bufs[i] belongs to whichever side holds index i
	// Writer side: bufs[back][:split] is the newest complete message, the rest the frames of
	// an incomplete one.
	back  uint32
	split int
	tail  []T // scratch for carrying an incomplete message over a Flush
	// Reader side.
	front uint32 // index of the buffer being read
	pos   int    // next item in bufs[front]
	// state is the middle buffer's index plus cfFresh and cfAsleep.
	state atomic.Uint32
}

// NewConflate returns an empty conflating queue whose reader counts as awake, like NewYPipe.
func NewConflate[T any]() *Conflate[T] {
	p := &Conflate[T]{back: 1, front: 2}
	p.state.Store(0)
	return p
}

// Write appends v to the message being built. Completing a message discards the older
// complete message not yet flushed, as the newer one supersedes it.
func (p *Conflate[T]) Write(v *T, incomplete bool) {
	b := append(p.bufs[p.back], *v)
	if !incomplete {
		if p.split > 0 {
			n := copy(b, b[p.split:])
			clear(b[n:])
			b = b[:n]
		}
		p.split = len(b)
	}
	p.bufs[p.back] = b
}

// Unwrite moves the last item of an incomplete message into *dst.
func (p *Conflate[T]) Unwrite(dst *T) bool {
	b := p.bufs[p.back]
	if len(b) == p.split {
		return false
	}
	*dst = b[len(b)-1]
	var zero T
	b[len(b)-1] = zero
	p.bufs[p.back] = b[:len(b)-1]
	return true
}

// Flush publishes the newest complete message, if any, replacing an unread older one.
func (p *Conflate[T]) Flush() bool {
	if p.split == 0 {
		return true
	}
	b := p.bufs[p.back]
	p.tail = append(p.tail[:0], b[p.split:]...)
	clear(b[p.split:])
	p.bufs[p.back] = b[:p.split]
	old := p.state.Swap(p.back | cfFresh)
	p.back = old & cfIndex
	clear(p.bufs[p.back]) // drop an unread, superseded message
	p.bufs[p.back] = append(p.bufs[p.back][:0], p.tail...)
	clear(p.tail)
	p.split = 0
	return old&cfAsleep == 0
}

// CheckRead reports whether an item is readable, taking a fresh message from the middle when
// the current one is used up, and marks the reader asleep if there is none.
func (p *Conflate[T]) CheckRead() bool {
	if p.pos < len(p.bufs[p.front]) {
		return true
	}
	for {
		s := p.state.Load()
		if s&cfFresh != 0 {
			if p.state.CompareAndSwap(s, p.front) {
				p.front, p.pos = s&cfIndex, 0
				return true
			}
			continue
		}
		if s&cfAsleep != 0 || p.state.CompareAndSwap(s, s|cfAsleep) {
			return false
		}
	}
}

// Read moves the next item into *dst.
func (p *Conflate[T]) Read(dst *T) bool {
	if !p.CheckRead() {
		return false
	}
	slot := &p.bufs[p.front][p.pos]
	*dst = *slot
	var zero T
	*slot = zero
	p.pos++
	return true
}

// Probe applies fn to the next item without removing it.
func (p *Conflate[T]) Probe(fn func(*T) bool) bool {
	if !p.CheckRead() {
		return false
	}
	return fn(&p.bufs[p.front][p.pos])
}
