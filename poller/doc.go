// Package poller is the bottom of the reactor: libzmq's epoll_t (or poll_t) and poller_base_t.
//
// A Poller owns one readiness set (an epoll instance, or a poll(2) set), a table of registered file descriptors, a heap of timers
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
// Wait performs one epoll_wait (or poll) and dispatches the batch to the Events handlers
// registered for each fd: InEvent when the fd is readable or in error (EPOLLERR/EPOLLHUP, or
// POLLERR/POLLHUP/POLLNVAL, are always reported by the kernel and go to InEvent, as in libzmq),
// OutEvent when it is writable. Registrations are level-triggered unless SetEdgeTriggered is
// called.
//
// Registrations are identified by a Handle (slot index + generation), never by fd number. The
// generation also travels with every event of a batch (in the epoll_event data, or beside the
// pollfd), so an event fetched for a registration that has since been removed, or whose slot or
// fd number has been reused, is dropped instead of reaching the new owner. A handler may
// therefore add and remove registrations, its own included, while a batch is being dispatched;
// removed slots are retired and only recycled after the batch, as libzmq's epoll_t does with its
// _retired list. An fd added during a batch is first reported by the next Wait.
//
// # Backends
//
// The backend is chosen at build time; Backend names it.
//
//   - Linux: epoll (backend_epoll_linux.go), unless built with the zmq_poll tag.
//   - macOS, FreeBSD, NetBSD, OpenBSD, DragonFly BSD, and Linux with -tags zmq_poll: poll(2)
//     (backend_poll.go), libzmq's poll_t. The set is an array of pollfds that poll(2) scans on
//     every call, so a Wait costs time in proportion to the registered fds rather than the
//     ready ones; an I/O thread holds a few hundred at most. The tag exists so that the whole
//     test suite can run over this backend on Linux.
//
// Both have the same API and semantics with two differences. poll(2) cannot report edges, so
// SetEdgeTriggered fails with ErrEdgeUnsupported there (EdgeTriggered is false): a caller that
// wants edges on an fd it never reads must register it level-triggered and drain it, which is
// what the I/O thread does with its mailbox when the mailbox says so (mailbox.NeedsDrain). And
// AddFd checks the fd with fcntl(F_GETFD) where epoll_ctl would refuse it, but does not detect
// an fd registered twice (epoll reports EEXIST).
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
