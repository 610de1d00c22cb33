//go:build linux && !zmq_poll

package mailbox

import (
	"encoding/binary"
	"os"

	"golang.org/x/sys/unix"
)

// one is the 8-byte value every signal adds to the eventfd counter (a shorter write fails with
// EINVAL). It is a package variable so that writing it never allocates.
var one = func() (b [8]byte) { binary.NativeEndian.PutUint64(b[:], 1); return }()

// NeedsDrain reports whether the consumer must Drain after every wake-up. An eventfd need not
// be read: its counter cannot fill up (2^64-2 signals), so it can sit edge-triggered in an epoll
// set and never be reset (see the package doc).
const NeedsDrain = false

// signaler is libzmq's signaler_t on Linux: one non-blocking eventfd. It holds, with wait in
// signaler.go, the system calls of this variant.
type signaler struct {
	fd  int
	buf [8]byte // read buffer of reset, consumer only
}

func newSignaler() (*signaler, error) {
	for {
		fd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, os.NewSyscallError("eventfd", err)
		}
		return &signaler{fd: fd}, nil
	}
}

// signal adds one to the counter, making the fd readable. The only possible failure, EAGAIN
// on a counter at its maximum, cannot happen in practice (2^64-2 writes) and would leave the
// fd readable anyway, which is all a signal needs.
func (s *signaler) signal() {
	for {
		if _, err := unix.Write(s.fd, one[:]); err != unix.EINTR {
			return
		}
	}
}

// reset zeroes the counter; EAGAIN (already zero) is fine.
func (s *signaler) reset() {
	for {
		if _, err := unix.Read(s.fd, s.buf[:]); err != unix.EINTR {
			return
		}
	}
}

func (s *signaler) close() error {
	if err := unix.Close(s.fd); err != nil {
		return os.NewSyscallError("close", err)
	}
	s.fd = -1
	return nil
}
