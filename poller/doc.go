// Package poller is the bottom of the reactor: libzmq's epoll_t and poller_base_t.
//
// A Poller owns one epoll instance, a table of registered file descriptors, a heap of timers
// named by (handler, id) (AddTimer, CancelTimer) and a timing wheel of timers their owners
// embed (Timer: StartTimer, StopTimer), which cost O(1) and fire in batches per millisecond,
// for timers re-armed all the time by many objects, such as heartbeats (wheel.go). An I/O
// thread runs it in a loop:
//
//	for !stopping {
//		d := p.ExecuteTimers()
//		p.Wait(d)
//	}
//
// Wait performs one epoll_wait and dispatches the batch to the Events handlers registered for
// each fd: InEvent when the fd is readable or in error (EPOLLERR/EPOLLHUP are always reported
// by the kernel and go to InEvent, as in libzmq), OutEvent when it is writable. Registrations are
// level-triggered unless SetEdgeTriggered is called.
//
// Registrations are identified by a Handle (slot index + generation), never by fd number. The
// generation also travels in the epoll_event data, so an event queued by the kernel for a
// registration that has since been removed, or whose slot or fd number has been reused, is
// dropped instead of reaching the new owner. A handler may therefore remove any registration,
// its own included, while a batch is being dispatched; removed slots are retired and only
// recycled after the batch, as libzmq's epoll_t does with its _retired list.
//
// Threading rule: a Poller is single-threaded. Every method must be called from the goroutine
// that runs its loop (normally a goroutine locked to its OS thread), including from inside
// handlers and timer callbacks, which may add and remove fds and timers freely. The one
// exception is Load, which is atomic and may be read from any goroutine. Close is called once,
// after the loop has exited.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package poller
