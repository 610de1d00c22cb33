// Package mailbox is libzmq's mailbox_t and signaler_t: the command queue of one thread.
//
// Any number of goroutines Send commands; exactly one consumer (an I/O thread, the reaper, or
// the application goroutine that owns a socket) receives them. Commands are not the message hot
// path (pipes are), so the queue is simple: producers append to a slice under a short mutex and
// the consumer swaps the whole batch out and drains it without the lock. Both slices are reused,
// so neither Send nor TryRecv allocates in steady state.
//
// Wake-ups coalesce, as with libzmq's ypipe reader-asleep protocol. When TryRecv finds the
// queue empty it marks the consumer asleep, under the same lock that producers take; the next
// Send clears the mark and writes the eventfd, and the Sends that follow it before the consumer
// drains again write nothing. A burst of N commands to a sleeping consumer costs one eventfd
// write. Because the mark is set only when the queue is seen empty, and cleared only by the Send
// that signals, no wake-up is lost:
//
//	consumer                        producer
//	TryRecv: empty, asleep = true
//	                                Send: append, asleep -> false, write eventfd
//	wakes (epoll or poll)
//	[Drain: reset the counter]      Send: append (no write: not asleep)
//	TryRecv ... until empty, which sets asleep = true again
//
// The eventfd counter must be reset (Drain) before the TryRecv loop, never after it: a reset
// after the loop could swallow the signal of a Send that came in between. An I/O thread can
// instead register the eventfd edge-triggered and never read it (docs/performance.md P5): every
// signalling write is a new edge, and the counter simply grows (it would take 2^64 writes to
// overflow).
//
// # Park mode
//
// Recv normally sleeps in poll(2) on the eventfd. After Park it parks its goroutine on a
// channel instead, and the Send that finds it parked (a second mark, set under the same lock)
// readies it through the channel without writing the eventfd; a Send that came between
// TryRecv's mark and the park wrote the eventfd, so Recv resets it and looks again. A goroutine
// in poll(2) holds its P, and with fewer Ps than waiting threads the thread that must wake it
// waits for that P (docs/performance.md P14); a parked one holds none. Everything else that
// waits on the mailbox (a poller, the reaper) still sees the eventfd.
//
// # Signalers
//
// Linux uses one eventfd (signaler_eventfd.go). Where there is no eventfd (macOS, FreeBSD,
// NetBSD, OpenBSD, DragonFly BSD), and on Linux when built with the zmq_poll tag, the signaler
// is a non-blocking pipe (signaler_pipe.go): a signal writes one byte, Drain reads the pipe
// empty. Signals collapse in both, so the protocol above is the same; "the eventfd" in this
// package's comments means whichever the build uses. A pipe cannot be left unread: it fills up,
// and then an edge-triggered registration sees no new edge. NeedsDrain says so, and a consumer
// behind a poller then registers Fd level-triggered and calls Drain before each TryRecv loop,
// as the I/O threads, the reaper and a socket's own poll already do.
//
// Threading rule: Send, Wake, Signals and Fd may be called from any goroutine. TryRecv, Recv,
// Park and Drain are for the single consumer only. Close is called once, by the owner, when no
// goroutine can Send any more; a Send after Close is dropped.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package mailbox
