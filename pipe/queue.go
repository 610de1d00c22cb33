package pipe

import "github.com/zreactor/zmq/msg"

// Queue is a single-producer single-consumer queue with libzmq's ypipe protocol. The writer
// calls Write, Unwrite and Flush; the reader calls CheckRead, Read and Probe.
type Queue[T any] interface {
	// Write appends a copy of *v. With incomplete set, more items of the same message follow:
	// Flush does not publish an incomplete message, and Unwrite can take it back.
	Write(v *T, incomplete bool)
	// Unwrite moves the last written item into *dst if it belongs to a message still
	// incomplete, and reports whether it did.
	Unwrite(dst *T) bool
	// Flush publishes every complete message written so far. It returns false iff the reader
	// had gone to sleep on an empty queue: the writer must then wake it (activate_read).
	Flush() bool
	// CheckRead reports whether an item can be read; if none can, the reader is marked asleep
	// atomically, so the next Flush that publishes something returns false.
	CheckRead() bool
	// Read moves the next item into *dst, or reports false (and sleeps) if there is none.
	// Items move by pointer: a message is 72 bytes, and copying it through return values
	// and an interface call cost more than the lock-free protocol around it.
	Read(dst *T) bool
	// Probe applies fn to the next item without removing it; it reports false if there is none.
	Probe(fn func(*T) bool) bool
}

// msgQueue is a pipe's queue of messages: a YPipe, or a Conflate for ZMQ_CONFLATE. It is a
// concrete type rather than a Queue so that the compiler can see that the messages passed by
// pointer stay where they are: through an interface call, every msg.Msg a socket read into or
// wrote from on its stack escaped to the heap, one allocation per message.
type msgQueue struct {
	y *YPipe[msg.Msg] // nil when conflating
	c *Conflate[msg.Msg]
}

var _ Queue[msg.Msg] = (*msgQueue)(nil) // the same contract, dispatched statically

func newQueue(conflate bool) *msgQueue {
	if conflate {
		return &msgQueue{c: NewConflate[msg.Msg]()}
	}
	return &msgQueue{y: NewYPipe[msg.Msg]()}
}

func (q *msgQueue) Write(v *msg.Msg, incomplete bool) {
	if q.y != nil {
		q.y.Write(v, incomplete)
		return
	}
	q.c.Write(v, incomplete)
}

func (q *msgQueue) Unwrite(dst *msg.Msg) bool {
	if q.y != nil {
		return q.y.Unwrite(dst)
	}
	return q.c.Unwrite(dst)
}

func (q *msgQueue) Flush() bool {
	if q.y != nil {
		return q.y.Flush()
	}
	return q.c.Flush()
}

func (q *msgQueue) CheckRead() bool {
	if q.y != nil {
		return q.y.CheckRead()
	}
	return q.c.CheckRead()
}

func (q *msgQueue) Read(dst *msg.Msg) bool {
	if q.y != nil {
		return q.y.Read(dst)
	}
	return q.c.Read(dst)
}

func (q *msgQueue) Probe(fn func(*msg.Msg) bool) bool {
	if q.y != nil {
		return q.y.Probe(fn)
	}
	return q.c.Probe(fn)
}
