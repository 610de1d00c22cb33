// Package pipe is libzmq's ypipe_t, ypipe_conflate_t and pipe_t: the lock-free queues that carry
// messages between a socket (on its application goroutine) and a session (on an I/O thread), and
// the Pipe object that adds flow control (HWM/LWM) and the delimiter-based termination handshake.
//
// Two layers:
//
//   - Queue (YPipe, Conflate) is a single-producer single-consumer queue with libzmq's
//     reader-asleep protocol: the writer publishes with Flush, which reports false only when the
//     reader had found the queue empty and gone to sleep, so wake-ups (activate_read commands, and
//     behind them eventfd writes) happen once per sleep, not once per message.
//   - Pipe is one end of a pipe pair. Each end lives on its owner's home thread, reads its inbound
//     queue and writes the peer's inbound queue. Everything else between the ends (activate_read,
//     activate_write, hiccup, pipe_term, pipe_term_ack, pipe_hwm) is an object.Command sent
//     through the router to the peer's home thread.
//
// Threading rule: a Queue has exactly one writer goroutine and one reader goroutine at a time
// (they may be the same); ownership of either side moves only across a happens-before edge such
// as a command. Every Pipe method except ThreadID runs on the pipe's home thread (the owner's
// thread; see SetThreadID); ProcessCommand is called there by the thread's command loop.
//
// Differences from libzmq, on purpose:
//   - Conflate is a lock-free triple buffer instead of dbuffer_t's try_lock, which in libzmq can
//     leave the newest message invisible when the writer's try_lock collides with a reader. It
//     keeps the newest complete multipart message (libzmq keeps only the newest frame), and its
//     Flush reports a sleeping reader through an atomic flag instead of an unsynchronised bool.
//   - A Pipe's ThreadID is atomic because the peer reads it to address commands while an inproc
//     bind-after-connect may move the pipe to another thread (SetThreadID).
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package pipe
