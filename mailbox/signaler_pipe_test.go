//go:build (linux && zmq_poll) || darwin || dragonfly || freebsd || netbsd || openbsd

package mailbox

// writeFd is the fd a signal writes: the pipe's write end.
func writeFd(s *signaler) int { return s.wfd }
