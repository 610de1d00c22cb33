// Package zmq is ZeroMQ in pure Go, built the way libzmq is built: a fixed pool of I/O threads,
// each a raw epoll loop with a command mailbox and timers, hosting trees of owned objects
// (listener -> session -> engine). It speaks ZMTP 3.1 byte for byte like libzmq 4.3 over TCP
// ("tcp://") and unix-domain sockets ("ipc://", with abstract names and "ipc://*"), and between
// sockets of one Context ("inproc://"), so a Go program using it talks to any ZeroMQ peer.
//
// A Context holds the I/O threads; a Socket is used by one goroutine at a time, like a libzmq
// socket (hand it over between goroutines with your own synchronisation). Send and Recv block
// until possible; DontWait makes them return ErrAgain instead; SetRcvTimeo and SetSndTimeo bound
// the wait, and RecvContext/SendContext take a context.Context. Context.Close makes blocked calls
// return ErrTerminated and waits until every socket is closed and has lingered.
//
// Errors wrap syscall.Errno values, so errors.Is(err, zmq.ErrAgain) and
// errors.Is(err, syscall.EAGAIN) both hold.
//
// Platforms: Linux, where each I/O thread runs epoll and wakes on an eventfd, and macOS, FreeBSD,
// NetBSD, OpenBSD and DragonFly BSD, where it runs poll(2) and wakes on a pipe, as libzmq does
// there; -tags zmq_poll selects the latter on Linux too (packages poller and mailbox). A few TCP
// options are Linux-only and are ignored or refused elsewhere (package tcp). Windows is not
// supported yet: a Windows build stops with one error saying so (internal/platform).
//
// The library changes no process-wide setting: GOMAXPROCS, signals and GC settings are left as
// the program set them (RaiseGOMAXPROCS opts in to a raise while a context is open). Where
// GOMAXPROCS is below a context's I/O threads plus two, the context waits through the Go
// scheduler instead of in the kernel (SchedulerWaits), which keeps small machines fast.
package zmq
