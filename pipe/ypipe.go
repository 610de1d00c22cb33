package pipe

import "sync/atomic"

// YPipe is libzmq's ypipe_t: a lock-free single-producer single-consumer queue over chunked
// storage. Positions are slot pointers: the reader owns r, the writer owns w and f, and c is
// the one word both touch.
//
// c holds the end of what the writer last published, or nil when the reader found nothing
// beyond that and went to sleep. The writer publishes with CompareAndSwap(w, f); the swap
// fails only when c is nil, and that failure is how the writer learns it must wake the reader:
//
//	writer: Write...Write  Flush: CAS(c, w->f) ok      -> true, reader is awake and will see f
//	reader: CheckRead: front==r, CAS(c, front->nil) ok -> asleep
//	writer: Flush: CAS(c, w->f) fails, Store(c, f)     -> false, send activate_read
//	reader: CheckRead: c==f != front                   -> r=f, read
//
// The atomics on c (and on the spare chunk) are the only happens-before edges between the two
// sides, and every slot the reader touches was written before the Flush that published it.
type YPipe[T any] struct {
	r *T        // reader: end of what it may read without touching c (nil: asleep)
	q yqueue[T] // reader's fields, padding, writer's fields
	w *T        // writer: end of what the last Flush published
	f *T        // writer: end of the last complete message written
	_ cacheLinePad
	c atomic.Pointer[T]
}

// NewYPipe returns an empty queue whose reader counts as awake: the reader must check it once
// (CheckRead or Read) before it can expect to be woken by a false Flush.
func NewYPipe[T any]() *YPipe[T] {
	p := &YPipe[T]{}
	p.q.init()
	p.q.push()
	p.w, p.f, p.r = p.q.back(), p.q.back(), p.q.back()
	p.c.Store(p.q.back())
	return p
}

// Write appends a copy of *v; with incomplete set, the message continues and is not yet
// flushable.
func (p *YPipe[T]) Write(v *T, incomplete bool) {
	*p.q.back() = *v
	p.q.push()
	if !incomplete {
		p.f = p.q.back()
	}
}

// Unwrite moves the last item of an incomplete message into *dst.
func (p *YPipe[T]) Unwrite(dst *T) bool {
	if p.f == p.q.back() {
		return false
	}
	p.q.unpush()
	slot := p.q.back()
	*dst = *slot
	var zero T
	*slot = zero
	return true
}

// Flush publishes all complete messages; false means the reader was asleep and must be woken.
func (p *YPipe[T]) Flush() bool {
	if p.w == p.f {
		return true
	}
	if !p.c.CompareAndSwap(p.w, p.f) {
		// c is nil: only the reader stores nil, and only the writer stores anything else.
		p.c.Store(p.f)
		p.w = p.f
		return false
	}
	p.w = p.f
	return true
}

// CheckRead reports whether an item is readable, and marks the reader asleep if not.
func (p *YPipe[T]) CheckRead() bool {
	front := p.q.front()
	if p.r != front && p.r != nil {
		return true
	}
	for {
		c := p.c.Load()
		if c != front {
			// Either the writer published past front, or we are already asleep (nil).
			p.r = c
			return c != nil
		}
		if p.c.CompareAndSwap(front, nil) {
			p.r = front
			return false
		}
	}
}

// Read moves the next item into *dst.
func (p *YPipe[T]) Read(dst *T) bool {
	if !p.CheckRead() {
		return false
	}
	slot := p.q.front()
	*dst = *slot
	var zero T
	*slot = zero // drop references so an idle queue pins no message bodies
	p.q.pop()
	return true
}

// Probe applies fn to the next item without removing it.
func (p *YPipe[T]) Probe(fn func(*T) bool) bool {
	if !p.CheckRead() {
		return false
	}
	return fn(p.q.front())
}
