package mailbox

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zreactor/zmq/internal/yield"
)

// Mailbox is a many-producer single-consumer queue of T with a signaler (an eventfd, or a pipe
// where there is none) that wakes the consumer when it sleeps. See the package doc for the
// protocol and threading rule.
type Mailbox[T any] struct {
	mu     sync.Mutex
	queue  []T  // filled by producers under mu
	asleep bool // the consumer found the queue empty and may be waiting on the eventfd; under mu
	parked bool // the asleep consumer waits on park, not on the eventfd (park mode); under mu
	urgent bool // the parked consumer asked for the waker's P (HandOffOnWake); under mu
	closed bool // under mu; a closed mailbox drops Sends instead of writing a dead fd number

	// Consumer side, touched without the lock.
	batch []T // swapped out of queue; batch[pos:] is still to be received
	pos   int
	yield yield.Clock
	// Park mode (Park): Recv waits on park instead of the eventfd; timer bounds a timed wait.
	park    chan struct{}
	timer   *time.Timer
	handOff bool // what the next parkWait asks for (HandOffOnWake)

	sig        *signaler
	queued     atomic.Bool   // queue is not empty: lets Pending skip the lock
	signalling atomic.Int32  // eventfd writes under way outside the lock; Close waits for them
	woken      atomic.Bool   // Wake was called and Recv has not yet reported it
	signals    atomic.Uint64 // eventfd writes, for the wake-ups-per-command benchmarks
}

// New returns an empty mailbox owning a non-blocking, close-on-exec eventfd or pipe. The consumer
// starts out asleep, so the first Send signals.
func New[T any]() (*Mailbox[T], error) {
	s, err := newSignaler()
	if err != nil {
		return nil, err
	}
	return &Mailbox[T]{sig: s, asleep: true}, nil
}

// Send queues v for the consumer. It writes the eventfd only if the consumer announced that it
// is asleep, so a burst of sends costs one wake-up. Safe from any goroutine.
//
// The eventfd write happens after the lock is released: a syscall under the lock made the
// consumer (and other producers) block on the mutex and park, which cost more than the write.
// The signalling count keeps Close from closing the fd while a write is under way.
func (m *Mailbox[T]) Send(v T) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.queue = append(m.queue, v)
	m.queued.Store(true)
	wake, parked, urgent := m.asleep, m.parked, m.urgent
	if wake {
		m.asleep, m.parked = false, false
		if !parked {
			m.signalling.Add(1)
		}
	}
	m.mu.Unlock()
	switch {
	case wake && parked:
		m.unpark(urgent)
	case wake:
		m.signal()
		m.signalling.Add(-1)
	}
}

// unpark readies a consumer parked in Recv, and if it asked (urgent) has the I/O thread that
// sent hand it its P. The token may outlive a Recv that timed out meanwhile; the next Recv then
// wakes once for nothing and looks again.
func (m *Mailbox[T]) unpark(urgent bool) {
	m.signals.Add(1)
	select {
	case m.park <- struct{}{}:
	default:
	}
	if urgent {
		yield.NoteReadied()
	}
}

// TryRecv returns the next command, or false if the queue is empty, in which case it marks the
// consumer asleep so that the next Send signals. Consumer only.
func (m *Mailbox[T]) TryRecv() (T, bool) {
	if m.pos == len(m.batch) && !m.refill() {
		var zero T
		return zero, false
	}
	v := m.batch[m.pos]
	var zero T
	m.batch[m.pos] = zero // drop references held by the command once it is handed out
	m.pos++
	return v, true
}

// TryRecvAwake is TryRecv for a consumer that polls instead of sleeping (an application
// goroutine between blocking waits): when the queue is empty it does not mark the consumer
// asleep, so producers do not write the eventfd for it. A consumer that then blocks must go
// through TryRecv or Recv, which do mark it. Consumer only.
func (m *Mailbox[T]) TryRecvAwake() (T, bool) {
	if m.pos == len(m.batch) && (!m.queued.Load() || !m.refillAwake()) {
		var zero T
		return zero, false
	}
	v := m.batch[m.pos]
	var zero T
	m.batch[m.pos] = zero
	m.pos++
	return v, true
}

// Pending reports whether TryRecv would return a command, without taking the lock. Consumer only.
func (m *Mailbox[T]) Pending() bool { return m.pos < len(m.batch) || m.queued.Load() }

// refill swaps the producers' queue with the drained batch, or marks the consumer asleep if
// there is nothing to take.
func (m *Mailbox[T]) refill() bool {
	m.mu.Lock()
	if len(m.queue) == 0 {
		m.asleep = true
		m.mu.Unlock()
		return false
	}
	m.swap()
	m.mu.Unlock()
	return true
}

// refillAwake is refill that leaves the consumer marked awake.
func (m *Mailbox[T]) refillAwake() bool {
	m.mu.Lock()
	ok := len(m.queue) > 0
	if ok {
		m.swap()
	}
	m.mu.Unlock()
	return ok
}

// swap takes the producers' queue as the batch to drain; m.mu is held.
func (m *Mailbox[T]) swap() {
	m.batch, m.queue = m.queue, m.batch[:0]
	m.queued.Store(false)
	m.pos = 0
}

// Fd is the fd that turns readable on a signal (the eventfd, or the pipe's read end), for
// registering the mailbox in an I/O thread's poller.
func (m *Mailbox[T]) Fd() int { return m.sig.fd }

// Drain resets the eventfd counter (or empties the pipe), for a consumer woken by a
// level-triggered wait. Call it before the TryRecv loop, never after. Where NeedsDrain is true,
// every consumer must. Consumer only.
func (m *Mailbox[T]) Drain() { m.sig.reset() }

// Wake writes the eventfd unconditionally, interrupting a Recv blocked on it (which then
// returns ErrInterrupted). Safe from any goroutine.
func (m *Mailbox[T]) Wake() {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.woken.Store(true)
	if m.parked {
		m.parked = false
		m.mu.Unlock()
		m.unpark(false) // Wake comes from the application (a cancelled context, Close), not an I/O thread
		return
	}
	m.signalling.Add(1)
	m.mu.Unlock()
	m.signal()
	m.signalling.Add(-1)
}

// signal writes the eventfd; the caller counted itself in m.signalling.
func (m *Mailbox[T]) signal() {
	m.signals.Add(1)
	m.sig.signal()
}

// Signals returns the number of wake-ups so far (eventfd writes, and unparks in park mode).
func (m *Mailbox[T]) Signals() uint64 { return m.signals.Load() }

// Close closes the eventfd or pipe. Commands still queued are dropped, and later Sends are ignored.
func (m *Mailbox[T]) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil
	}
	m.closed = true
	clear(m.queue)
	clear(m.batch)
	m.queue, m.batch, m.pos = nil, nil, 0
	// No new write can start now (closed is set); wait out those already started, so the fd
	// number is never written after it was closed and possibly reused.
	for m.signalling.Load() != 0 {
		runtime.Gosched()
	}
	return m.sig.close()
}
