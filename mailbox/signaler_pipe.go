//go:build (linux && zmq_poll) || darwin || dragonfly || freebsd || netbsd || openbsd

package mailbox

import (
	"os"

	"golang.org/x/sys/unix"
)

// NeedsDrain reports whether the consumer must Drain after every wake-up. A pipe must be read:
// never drained, it fills up after some thousands of signals, and an edge-triggered registration
// would see no new edge once it is full. So a consumer registers it level-triggered and drains
// it before each TryRecv loop, as libzmq does with its socketpair signaler.
const NeedsDrain = true

// signaler is libzmq's signaler_t where there is no eventfd: a non-blocking, close-on-exec
// pipe. A signal writes one byte; reset reads until the pipe is empty, so any number of
// signals collapse into one wake-up, as with the eventfd counter. It holds, with wait in
// signaler.go and newPipe in pipe_*.go, the system calls of this variant.
type signaler struct {
	fd  int      // read end: what pollers watch and reset reads
	wfd int      // write end
	buf [64]byte // read buffer of reset, consumer only
}

// sigByte is what a signal writes; a package variable so that writing it never allocates.
var sigByte = [1]byte{1}

func newSignaler() (*signaler, error) {
	r, w, err := newPipe()
	if err != nil {
		return nil, err
	}
	return &signaler{fd: r, wfd: w}, nil
}

// signal writes one byte, making the read end readable. EAGAIN means the pipe is full, so it is
// readable already, which is all a signal needs.
func (s *signaler) signal() {
	for {
		if _, err := unix.Write(s.wfd, sigByte[:]); err != unix.EINTR {
			return
		}
	}
}

// reset empties the pipe. A read shorter than the buffer means it is empty; EAGAIN (already
// empty) is fine.
func (s *signaler) reset() {
	for {
		n, err := unix.Read(s.fd, s.buf[:])
		if err == unix.EINTR {
			continue
		}
		if err != nil || n < len(s.buf) {
			return
		}
	}
}

// close closes both ends; the first error is returned.
func (s *signaler) close() error {
	errR, errW := unix.Close(s.fd), unix.Close(s.wfd)
	s.fd, s.wfd = -1, -1
	if errR == nil {
		errR = errW
	}
	if errR != nil {
		return os.NewSyscallError("close", errR)
	}
	return nil
}
