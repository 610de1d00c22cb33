//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package tcp

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// setMaxRT does nothing: only Linux has TCP_USER_TIMEOUT, and libzmq ignores ZMQ_TCP_MAXRT
// elsewhere too.
func setMaxRT(int, time.Duration) error { return nil }

// tuneOS refuses the Linux-only settings with ENOTSUP, as libzmq does for ZMQ_BINDTODEVICE
// (it has no ZMQ_PRIORITY at all there), and makes the socket raise no SIGPIPE where that is a
// socket option (noSigpipe).
func tuneOS(fd int, o Options) error {
	if o.Priority != 0 {
		return os.NewSyscallError("setsockopt(SO_PRIORITY)", unix.ENOTSUP)
	}
	if o.BindToDevice != "" {
		return os.NewSyscallError("setsockopt(SO_BINDTODEVICE)", unix.ENOTSUP)
	}
	return noSigpipe(fd)
}
