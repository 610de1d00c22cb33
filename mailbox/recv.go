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
		if m.park != nil {
			m.parkWait(msec)
			continue
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

// Park puts Recv in park mode: it waits by parking its goroutine on a channel, which frees the
// goroutine's P at once, and producers ready it through the Go scheduler instead of writing the
// eventfd (internal/yield explains when that pays). The eventfd still serves every other wait
// (a poller, the reaper). Call it before the first Recv. Consumer only.
func (m *Mailbox[T]) Park() {
	if m.park == nil {
		m.park = make(chan struct{}, 1)
	}
}

// HandOffOnWake says whether the consumer's next parked waits want the P of the I/O thread that
// wakes them (internal/yield.HandOff). A goroutine waiting for a message wants it: it runs at
// once instead of after sysmon, which is the latency scheduler waits exist for. One waiting for
// room to send does not: the I/O thread that made the room still has the queue to write, and
// yielding to the sender would take turns on one P where the two could run side by side (1 B
// PUSH throughput 5.2M msg/s with that yield, 7.5M without: docs/performance.md P14). Consumer
// only; park mode only.
func (m *Mailbox[T]) HandOffOnWake(on bool) { m.handOff = on }

// parkWait waits, parked, for a Send or Wake, or for msec milliseconds (< 0: forever). TryRecv
// has marked the consumer asleep; a Send that came since wrote the eventfd instead, so look
// again at once.
func (m *Mailbox[T]) parkWait(msec int) {
	m.mu.Lock()
	if !m.asleep || m.woken.Load() {
		m.mu.Unlock()
		m.sig.reset()
		return
	}
	m.parked, m.urgent = true, m.handOff
	m.mu.Unlock()
	if msec < 0 {
		<-m.park
		return
	}
	d := time.Duration(msec) * time.Millisecond
	if m.timer == nil {
		m.timer = time.NewTimer(d)
	} else {
		m.timer.Reset(d)
	}
	select {
	case <-m.park:
		m.timer.Stop()
	case <-m.timer.C:
		m.mu.Lock()
		m.parked = false
		m.mu.Unlock()
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
