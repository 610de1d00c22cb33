package mailbox

import (
	"encoding/binary"
	"os"

	"golang.org/x/sys/unix"
)

// one is the 8-byte value every signal adds to the eventfd counter (a shorter write fails with
// EINVAL). It is a package variable so that writing it never allocates.
var one = func() (b [8]byte) { binary.NativeEndian.PutUint64(b[:], 1); return }()

// signaler is libzmq's signaler_t on Linux: one non-blocking eventfd. It holds the package's
// only system calls.
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

// wait blocks until the fd is readable or msec milliseconds pass (-1: forever). It reports
// whether the fd became readable; EINTR is returned to the caller, which retries with the time
// left.
func (s *signaler) wait(msec int) (bool, error) {
	fds := [1]unix.PollFd{{Fd: int32(s.fd), Events: unix.POLLIN}}
	n, err := unix.Poll(fds[:], msec)
	if err != nil {
		return false, err
	}
	return n > 0, nil
}

func (s *signaler) close() error {
	if err := unix.Close(s.fd); err != nil {
		return os.NewSyscallError("close", err)
	}
	s.fd = -1
	return nil
}
