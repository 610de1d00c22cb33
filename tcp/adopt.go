package tcp

import (
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// Adopt readies fd, a listening socket someone else made, to be a listener's: ZMQ_USE_FD,
// with which systemd's socket activation, for one, hands a service its sockets. fd must be a
// listening stream socket of one of families (unix.AF_INET, unix.AF_INET6, unix.AF_UNIX);
// it is made non-blocking, since the listener accepts until EAGAIN, and close-on-exec. Adopt
// returns the socket's local address.
//
// libzmq takes the fd as it is; checking it turns a wrong fd into an error at Bind instead
// of a listener that fails every accept. On error the fd is left open: it is still the
// caller's. Errors wrap EINVAL, or the errno getsockopt reports (ENOTSOCK, EBADF).
func Adopt(fd int, families ...int) (unix.Sockaddr, error) {
	typ, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
	if err != nil {
		return nil, fmt.Errorf("ZMQ_USE_FD %d: %w", fd, os.NewSyscallError("getsockopt(SO_TYPE)", err))
	}
	if typ != unix.SOCK_STREAM {
		return nil, badFD(fd, "not a stream socket")
	}
	listening, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ACCEPTCONN)
	if err != nil {
		return nil, fmt.Errorf("ZMQ_USE_FD %d: %w", fd, os.NewSyscallError("getsockopt(SO_ACCEPTCONN)", err))
	}
	if listening == 0 {
		return nil, badFD(fd, "not listening")
	}
	sa, err := SockName(fd)
	if err != nil {
		return nil, fmt.Errorf("ZMQ_USE_FD %d: %w", fd, err)
	}
	if !familyIn(sa, families) {
		return nil, badFD(fd, "a socket of another address family")
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		return nil, fmt.Errorf("ZMQ_USE_FD %d: %w", fd, os.NewSyscallError("fcntl", err))
	}
	unix.CloseOnExec(fd)
	return sa, nil
}

func badFD(fd int, reason string) error {
	return fmt.Errorf("ZMQ_USE_FD %d: %s: %w", fd, reason, syscall.EINVAL)
}

func familyIn(sa unix.Sockaddr, families []int) bool {
	f := -1
	switch sa.(type) {
	case *unix.SockaddrInet4:
		f = unix.AF_INET
	case *unix.SockaddrInet6:
		f = unix.AF_INET6
	case *unix.SockaddrUnix:
		f = unix.AF_UNIX
	}
	for _, want := range families {
		if f == want {
			return true
		}
	}
	return false
}
