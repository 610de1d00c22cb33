package mailbox

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// Errors of Recv. They are built once, so a timed-out Recv does not allocate; both wrap a
// syscall.Errno, so errors.Is(err, syscall.EAGAIN) and errors.Is(err, syscall.EINTR) hold.
var (
	ErrTimeout     = fmt.Errorf("mailbox: recv timed out: %w", syscall.EAGAIN)
	ErrInterrupted = fmt.Errorf("mailbox: recv interrupted by Wake: %w", syscall.EINTR)
)

// Recv returns the next command, blocking on the eventfd up to timeout (< 0: forever, 0: no
// wait). It returns ErrTimeout when the time runs out and ErrInterrupted when Wake was called
// while it waited (or before, with nothing queued). It blocks its goroutine's OS thread in
// poll(2): the kernel wakes it directly, without the Go scheduler (docs/performance.md P6).
// Consumer only; meant for application goroutines (an I/O thread uses its poller instead).
func (m *Mailbox[T]) Recv(timeout time.Duration) (T, error) {
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		if v, ok := m.TryRecv(); ok {
			return v, nil
		}
		// TryRecv marked us asleep: any Send from now on writes the eventfd.
		if m.woken.Swap(false) {
			var zero T
			return zero, ErrInterrupted
		}
		msec, ok := remaining(timeout, deadline)
		if !ok {
			var zero T
			return zero, ErrTimeout
		}
		m.yield.BeforeBlock()
		ready, err := m.sig.wait(msec)
		if err != nil && !errors.Is(err, syscall.EINTR) {
			var zero T
			return zero, os.NewSyscallError("poll", err)
		}
		if ready {
			m.sig.reset() // before the next TryRecv, never after: see the package doc
		}
	}
}

// remaining converts what is left of a Recv timeout to poll(2) milliseconds, rounded up; it
// reports false once the time is up.
func remaining(timeout time.Duration, deadline time.Time) (int, bool) {
	switch {
	case timeout < 0:
		return -1, true
	case timeout == 0:
		return 0, false
	}
	left := time.Until(deadline)
	if left <= 0 {
		return 0, false
	}
	const maxMsec = 1<<31 - 1
	return int(min((left+time.Millisecond-1)/time.Millisecond, maxMsec)), true
}
