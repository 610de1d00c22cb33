package pipe

import "sync/atomic"

// chunkSize is the number of items in a full chunk, libzmq's message_pipe_granularity.
const chunkSize = 256

// firstChunkSize is the size of a queue's first chunk; each new chunk doubles the last one's
// size up to chunkSize. Most pipes (one per connection and direction) never hold more than a
// few messages, and a full chunk of 72-byte messages is 18 KiB: with a 256-entry first chunk a
// PULL with 1,000 idle connections held ~65 KiB per connection against libzmq's ~41. A
// streaming pipe reaches full chunks after four boundaries and then recycles them, so its
// steady state is unchanged (fixed 64-entry chunks cost ~20% on the cross-thread pipe
// benchmark because every 64 messages crossed a boundary).
const firstChunkSize = 16

// maxSpares is how many emptied chunks a queue keeps for reuse. libzmq keeps one, which makes
// a pipe that swings between empty and a default HWM of 1000 messages (four chunks) allocate
// three chunks per swing; four keeps that case allocation-free, at worst 72 KiB of msg.Msg
// chunks per queue after a burst.
const maxSpares = 4

// cacheLinePad keeps what one side writes for every message off the cache lines the other side
// writes: without it, the reader's and the writer's positions shared a line, which then moved
// between the two CPUs twice per message.
type cacheLinePad [64]byte

// chunk is one block of queue storage. Chunks form a doubly linked list so the writer can
// step back over a chunk boundary when it unwrites.
type chunk[T any] struct {
	values []T
	prev   *chunk[T]
	next   *chunk[T]
}

func newChunk[T any](size int) *chunk[T] { return &chunk[T]{values: make([]T, size)} }

// yqueue is libzmq's yqueue_t: chunked storage with one writer (back, end) and one reader
// (begin). It does no synchronisation of its own except the spare chunks; the ypipe around it
// publishes positions. A chunk the reader leaves behind is handed back to the writer through
// spares, so a queue in steady state allocates nothing.
type yqueue[T any] struct {
	// Reader side.
	beginChunk *chunk[T]
	beginPos   int
	_          cacheLinePad
	// Writer side: back is the slot the next item goes to, end the slot after it.
	backChunk *chunk[T]
	backPos   int
	endChunk  *chunk[T]
	endPos    int
	// spares are emptied chunks passed from reader to writer: the reader fills nil slots, the
	// writer empties full ones, each with one atomic operation per slot.
	spares [maxSpares]atomic.Pointer[chunk[T]]
}

func (q *yqueue[T]) init() {
	c := newChunk[T](firstChunkSize)
	q.beginChunk, q.endChunk = c, c
}

// front is the reader's next slot.
func (q *yqueue[T]) front() *T { return &q.beginChunk.values[q.beginPos] }

// back is the writer's next slot.
func (q *yqueue[T]) back() *T { return &q.backChunk.values[q.backPos] }

// push makes end the new back slot and moves end one further, taking a chunk when it crosses
// a boundary: a spare one if the reader left one, a new one otherwise.
func (q *yqueue[T]) push() {
	q.backChunk, q.backPos = q.endChunk, q.endPos
	if q.endPos++; q.endPos != len(q.endChunk.values) {
		return
	}
	c := q.takeSpare(min(2*len(q.endChunk.values), chunkSize))
	c.next = nil // a recycled chunk still points at its old successor
	c.prev = q.endChunk
	q.endChunk.next = c
	q.endChunk, q.endPos = c, 0
}

// unpush moves back and end one slot backwards, undoing the last push.
func (q *yqueue[T]) unpush() {
	if q.backPos > 0 {
		q.backPos--
	} else {
		q.backChunk = q.backChunk.prev
		q.backPos = len(q.backChunk.values) - 1
	}
	if q.endPos > 0 {
		q.endPos--
		return
	}
	old := q.endChunk
	q.endChunk = old.prev
	q.endPos = len(q.endChunk.values) - 1
	q.endChunk.next = nil
	old.prev = nil
	q.putSpare(old)
}

// pop moves the reader past front, recycling the chunk it leaves.
func (q *yqueue[T]) pop() {
	if q.beginPos++; q.beginPos != len(q.beginChunk.values) {
		return
	}
	old := q.beginChunk
	q.beginChunk, q.beginPos = old.next, 0
	// Unlink so a chain of finished chunks cannot stay reachable through prev pointers. The
	// writer only reads prev of a chunk it has not yet published past, which this is not.
	q.beginChunk.prev = nil
	q.putSpare(old)
}

// putSpare keeps an emptied full-size chunk for the writer, or leaves it to the GC if enough
// are kept. Smaller chunks only serve a queue's start and are left to the GC.
func (q *yqueue[T]) putSpare(c *chunk[T]) {
	if len(c.values) != chunkSize {
		return
	}
	for i := range q.spares {
		if q.spares[i].Load() == nil && q.spares[i].CompareAndSwap(nil, c) {
			return
		}
	}
}

// takeSpare returns a kept chunk if a full-size one is wanted and kept, or a new one of size.
func (q *yqueue[T]) takeSpare(size int) *chunk[T] {
	if size != chunkSize {
		return newChunk[T](size)
	}
	for i := range q.spares {
		if q.spares[i].Load() != nil {
			if c := q.spares[i].Swap(nil); c != nil {
				return c
			}
		}
	}
	return newChunk[T](size)
}
