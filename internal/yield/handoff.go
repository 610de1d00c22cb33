package yield

import (
	"runtime"
	"sync/atomic"
)

// Scheduler waits (docs/performance.md P14). When a process has fewer Ps than threads that
// block in the kernel, a goroutine blocked in epoll_wait or poll(2) keeps a P that another
// thread, just woken, needs; the woken one then waits for sysmon to take the P back (20 us or
// more). In that case the library's waits go through the Go scheduler instead: application
// goroutines park on a channel (the mailbox's park mode) and I/O threads are plain goroutines
// that, having readied a parked goroutine, yield their P to it before they block again.
//
// readied is process-wide: a Gosched more than needed costs less than tracking which thread
// readied whom.
var readied atomic.Bool

// NoteReadied records that a goroutine parked in a scheduler wait, one that asked for the P
// (mailbox.HandOffOnWake), was made runnable.
func NoteReadied() { readied.Store(true) }

// HandOff yields the P, once, if a parked goroutine was readied since the last call, and
// reports whether it did. An I/O thread in scheduler-wait mode calls it before it blocks in
// epoll_wait, so the goroutine it woke runs now, on this P, instead of waiting for sysmon to
// take the P from the blocked thread.
func HandOff() bool {
	if readied.Load() && readied.Swap(false) {
		runtime.Gosched()
		return true
	}
	return false
}
