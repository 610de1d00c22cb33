package zmq

import (
	"runtime"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
)

// waitMode is how the context's threads and blocked calls wait (SchedulerWaits).
type waitMode uint8

const (
	waitsAuto      waitMode = iota // chosen by NewContext from GOMAXPROCS
	waitsKernel                    // locked OS threads blocked in epoll_wait and poll(2)
	waitsScheduler                 // parked goroutines, woken through the Go scheduler
)

// SchedulerWaits chooses how the context's I/O threads and the calls blocked on its sockets
// wait. With on false they wait in the kernel: each I/O thread is a goroutine locked to an OS
// thread of its own, blocked in epoll_wait, and a blocked Send or Recv sleeps in poll(2), so the
// kernel wakes each directly. With on true they wait through the Go scheduler: the I/O threads
// are plain goroutines, a blocked call parks its goroutine, and an I/O thread that readies one
// hands it its P before it blocks again.
//
// Without this option NewContext picks by the Ps there are: kernel waits when GOMAXPROCS is at
// least the number of I/O threads plus two (one for the application, one spare), scheduler
// waits when it is less, and kernel waits whenever a Thread* option asks for something done to
// the threads (a name prefix, affinity, a policy, a priority), since those need OS threads of
// their own. In Go, a goroutine blocked in a system call keeps its P until the runtime's
// monitor takes it back, 20 us or more later; with fewer Ps than threads that block, every
// wake-up waits for that. Measured both ways in docs/performance.md (P14): on one CPU, 64-byte
// one-way latency 61-65 us with kernel waits against 33-37 us with scheduler waits.
//
// SchedulerWaits(true) together with a Thread* option fails with ErrInvalid.
func SchedulerWaits(on bool) ContextOption {
	return func(c *contextConfig) error {
		c.waits = waitsKernel
		if on {
			c.waits = waitsScheduler
		}
		return nil
	}
}

// chooseWaits settles waitsAuto (see SchedulerWaits) and refuses scheduler waits with thread
// options. It runs after the options, before the threads start.
func (c *contextConfig) chooseWaits() error {
	threadOpts := c.sched.NamePrefix != "" || c.sched.Policy != iothread.Default ||
		c.sched.Priority != iothread.Default || len(c.sched.CPUs) > 0
	switch {
	case c.waits == waitsScheduler && threadOpts:
		return zerr.With(zerr.ErrInvalid, "SchedulerWaits(true): the Thread* options need I/O threads with OS threads of their own")
	case c.waits != waitsAuto:
	case threadOpts:
		c.waits = waitsKernel
	case (c.raiseProcs || runtime.GOMAXPROCS(0) >= c.ioThreads+spareProcs) != flipAutoWaits:
		c.waits = waitsKernel
	default:
		c.waits = waitsScheduler
	}
	return nil
}

// flipAutoWaits makes the automatic choice pick the other mode, so that one test run covers
// the mode this machine would not pick (the Makefile's race-waits; set by the tests' TestMain).
var flipAutoWaits bool

// threadOptions are the iothread options of the context's I/O threads and reaper.
func (c *contextConfig) threadOptions() []iothread.Option {
	opts := []iothread.Option{iothread.WithSched(c.sched)}
	if c.waits == waitsScheduler {
		opts = append(opts, iothread.WithSchedulerWaits())
	}
	return opts
}
