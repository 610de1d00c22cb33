// Package iothread is libzmq's io_thread_t (and the machinery of reaper_t): one goroutine,
// normally locked to its OS thread, that runs a poller loop with a command mailbox, and the
// fixed pool of such threads that a context owns.
//
// Objects that live on a Thread (listeners, sessions, engines, the reaper's socket list) use its
// Poller for their fds and timers, and receive commands through its Mailbox: another thread
// Sends a command whose Dest lives here, and the loop calls Dest.ProcessCommand on this thread.
// The mailbox eventfd is registered edge-triggered and never read (docs/performance.md P5):
// the mailbox signals only when the loop has announced sleep, so every signal is a fresh edge,
// and skipping the read saves a system call per wake-up.
//
// That is the Linux default, epoll and eventfd. Where the poller is poll(2) and the mailbox
// signals through a pipe (macOS, the BSDs, and Linux built with the zmq_poll tag; see
// poller.EdgeTriggered and mailbox.NeedsDrain), the mailbox fd is registered level-triggered and
// drained before each batch of commands, as libzmq does.
//
// Before its loop runs, a thread names its OS thread as libzmq does ("ZMQbg/IO/0") and applies
// the affinity and scheduling of WithSched to it (sched_linux.go; elsewhere they fail with
// ENOTSUP), then reports the outcome to Started. The goroutine never unlocks its OS thread, so
// Go ends that thread with it and nothing applied outlives the Thread; and it never runs on the
// process's main thread, whose name is the process's.
//
// WithSchedulerWaits makes the loop a plain goroutine instead, with no OS thread of its own and
// no Sched applied, that yields its P before blocking whenever it readied a goroutine parked in
// a mailbox that asked for it, as a socket waiting to receive does (internal/yield.HandOff):
// for processes with fewer Ps than threads that block in the kernel (docs/performance.md P14).
//
// Threading rule: New, Start, Started, Stop, Wait, Load, ThreadID and Mailbox may be called
// from any goroutine (Start, Started and Wait once each). Poller and everything reached through it belong to the
// loop goroutine once Start has been called, so only objects living on the thread may touch it
// (before Start the creating goroutine may, e.g. to register fds). Pool follows the same rules.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package iothread
