package iothread

import (
	"fmt"
	"time"
)

// MaxSpin caps the spin budget (docs/performance.md P7: longer spins cost more than they save).
const MaxSpin = 10 * time.Microsecond

// Option configures a Thread.
type Option func(*Thread)

// WithSpin makes the loop poll with a zero timeout for up to d (at most MaxSpin) before it
// blocks in epoll_wait (when the next timer is further away than that, or there is none),
// which trades CPU for wake-up latency. Off by default: it only pays when
// GOMAXPROCS exceeds the number of I/O threads and the machine has a CPU to spare.
func WithSpin(d time.Duration) Option { return func(t *Thread) { t.spin = min(d, MaxSpin) } }

// WithSchedulerWaits runs the loop on a plain goroutine instead of one locked to its own OS
// thread, and makes it yield its P to a goroutine it readied from a parked wait that asked for
// it (mailbox Park, HandOffOnWake) before it blocks in epoll_wait (internal/yield). For
// processes with fewer Ps than threads that block in the kernel, where a blocked thread holding
// a P delays every wake-up (docs/performance.md P14). The thread's Sched is not applied: there is no OS thread of its
// own to name or pin.
func WithSchedulerWaits() Option { return func(t *Thread) { t.unlocked = true } }

// withLevelTriggered registers the mailbox level-triggered and reads its signaler on every
// wake-up, as libzmq does; kept for the benchmarks that compare both.
func withLevelTriggered() Option { return func(t *Thread) { t.level = true } }

// spinWait polls for up to the spin budget and reports whether anything was dispatched.
func (t *Thread) spinWait() bool {
	deadline := time.Now().Add(t.spin)
	for {
		n, err := t.poller.WaitN(0)
		if err != nil {
			panic(fmt.Sprintf("iothread %d: %v", t.tid, err))
		}
		if n > 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}
