// Package yield keeps goroutines that block in system calls of their own (epoll_wait, poll)
// on good terms with the Go scheduler.
//
// The runtime's monitor thread (sysmon) takes a goroutine that has not been through the
// scheduler for 10 ms for one hogging its P, even while it sits in a system call: it takes the
// P away, hands it to another thread, and resets its own back-off, so it goes back to waking
// every 20 us. The I/O threads, the reaper and application goroutines waiting on a socket do
// exactly what it suspects: they block in epoll_wait or poll and are woken by the kernel,
// never by the scheduler. On the 2-vCPU machines a pinned 1-byte REQ/REP round trip cost each
// side 0.5 sysmon naps, 0.3 futex calls and 4.5 context switches (libzmq: 4.0), and one-way
// latency was 48-50 us. Passing through the scheduler (runtime.Gosched) once every few
// milliseconds before blocking keeps sysmon backed off at 10 ms naps: 0.02 naps, 0.13 futex
// calls, 4.0 switches, 31-33 us. All three must yield (I/O thread, reaper, application): one
// goroutine that does not is enough to keep sysmon ticking.
//
// Threading rule: a Clock belongs to one goroutine at a time, the one that blocks.
//
// Like everything under internal/, this package is the library's machinery and carries no
// compatibility promise (Go lets only code under github.com/zreactor/zmq import it):
// applications import only the root package github.com/zreactor/zmq and auth/.
package yield

import (
	"runtime"
	"time"
)

// Every is how long a goroutine goes without yielding: well under sysmon's 10 ms.
const Every = 5 * time.Millisecond

// Clock is one goroutine's last yield; the zero value is ready. It is used by one goroutine
// at a time.
type Clock struct{ last time.Time }

// BeforeBlock yields if Every has passed since the last yield. Call it before a system call
// that may block.
func (c *Clock) BeforeBlock() {
	if now := time.Now(); now.Sub(c.last) >= Every {
		c.last = now
		runtime.Gosched()
	}
}
