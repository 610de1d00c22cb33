package zmq

import (
	"fmt"
	"sync/atomic"
	"time"
)

// useGuard catches a Socket used by two goroutines at once, which would corrupt its queues
// silently (libzmq leaves it undefined). Every call takes the guard with one uncontended
// compare-and-swap and releases it with a store; a second goroutine that finds it taken panics
// with a message naming both calls, the way Go's maps report concurrent writes. Close is the
// one call another goroutine may make meanwhile, as with net.Conn: it marks the socket
// closing, wakes a blocked call (which returns ErrNotSocket) and waits for it to leave.
type useGuard struct {
	holder  atomic.Int32 // the call in progress (a call), 0 when none
	closing atomic.Bool  // Close was called: new calls answer ErrNotSocket, blocked ones return
}

// call names a kind of Socket call, for the misuse report.
type call int32

const (
	callSend call = iota + 1
	callRecv
	callOption
	callEndpoint
	callMonitor
	callPoll
	callClose
	callStats // Stats reading an idle socket from any goroutine (stats.go)
)

var callNames = [...]string{callSend: "Send", callRecv: "Recv", callOption: "an option setter",
	callEndpoint: "Bind/Connect/Unbind/Disconnect", callMonitor: "Monitor", callPoll: "Poll/Events",
	callClose: "Close", callStats: "Stats"}

func (c call) String() string {
	if c > 0 && int(c) < len(callNames) {
		return callNames[c]
	}
	return fmt.Sprintf("call %d", int(c))
}

// ConcurrentUseError is the value a Socket panics with when two goroutines use it at once.
type ConcurrentUseError struct {
	Call, InProgress string // the call that found the socket busy, and the call it found
}

func (e *ConcurrentUseError) Error() string {
	return "zmq: concurrent use of a Socket: " + e.Call + " called while another goroutine is in " +
		e.InProgress + " (a Socket must be used by one goroutine at a time; only Close may come from another)"
}

// enter takes the guard for c and makes the entry checks (closed socket, closing context).
// On success the caller must call exit.
func (s *Socket) enter(c call) error {
	if err := s.take(c); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		s.exit()
		return err
	}
	return nil
}

// take takes the guard for c; a socket another goroutine is closing answers ErrNotSocket.
// On success the caller must call exit.
func (s *Socket) take(c call) error {
	for !s.guard.holder.CompareAndSwap(0, int32(c)) {
		if s.guard.closing.Load() {
			return ErrNotSocket
		}
		if !s.waitForStats() {
			s.concurrentUse(c)
		}
	}
	if s.guard.closing.Load() { // Close's wake-up may have come before we entered
		s.exit()
		return ErrNotSocket
	}
	return nil
}

// exit releases the guard.
func (s *Socket) exit() { s.guard.holder.Store(0) }

// concurrentUse reports the misuse; it never returns.
func (s *Socket) concurrentUse(c call) {
	panic(&ConcurrentUseError{Call: c.String(), InProgress: call(s.guard.holder.Load()).String()})
}

// closeRequested reports whether another goroutine is closing the socket; blocked calls
// return ErrNotSocket then.
func (s *Socket) closeRequested() bool { return s.guard.closing.Load() }

// takeForClose takes the guard for Close, first waking a call blocked in another goroutine
// and waiting until it has left. A call that is running, not blocked, leaves on its own.
func (s *Socket) takeForClose() {
	if s.guard.holder.CompareAndSwap(0, int32(callClose)) {
		return
	}
	s.mb.Wake()
	for !s.guard.holder.CompareAndSwap(0, int32(callClose)) {
		time.Sleep(20 * time.Microsecond)
	}
}
