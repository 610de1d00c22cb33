package mailbox

import "golang.org/x/sys/unix"

// A signaler is what wakes the consumer: libzmq's signaler_t. Each platform variant defines
// the type, its constructor and NeedsDrain:
//
//   - signaler_eventfd.go: one eventfd (Linux, the default);
//   - signaler_pipe.go: a non-blocking pipe, read end and write end (macOS and the BSDs, and
//     Linux built with the zmq_poll tag).
//
// Both provide fd (the fd that turns readable, for pollers and for wait), signal (make fd
// readable; any goroutine), reset (make it unreadable again, collapsing any number of signals;
// consumer only) and close. Signals collapse in both: one reset undoes any number of them.

// wait blocks until the signaler's fd is readable or msec milliseconds pass (-1: forever). It
// reports whether the fd became readable; EINTR is returned to the caller, which retries with
// the time left.
func (s *signaler) wait(msec int) (bool, error) {
	fds := [1]unix.PollFd{{Fd: int32(s.fd), Events: unix.POLLIN}}
	n, err := unix.Poll(fds[:], msec)
	if err != nil {
		return false, err
	}
	return n > 0, nil
}
