//go:build darwin || netbsd || openbsd

package tcp

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// sockFlags is empty: macOS's socket(2) takes no SOCK_NONBLOCK or SOCK_CLOEXEC, and x/sys has
// no accept4 for macOS, NetBSD or OpenBSD. sysSocket and sysAccept4 set both flags right after
// the call instead, on every fd (every caller asks for both).
const sockFlags = 0

// sysSocket is socket(2) made close-on-exec and non-blocking, and on macOS SO_NOSIGPIPE (see
// finish). The close-on-exec step runs under syscall.ForkLock, as in the os and net packages, so
// that no fork+exec between the two calls hands the fd to a child.
func sysSocket(domain, typ, proto int) (int, error) {
	syscall.ForkLock.RLock()
	fd, err := unix.Socket(domain, typ, proto)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, err
	}
	return finish(fd)
}

// sysAccept4 is accept(2) made close-on-exec and non-blocking like sysSocket; flags is ignored
// (it is sockFlags, empty, from Accept). Errors are accept's bare errno, as accept4's would be.
func sysAccept4(fd, _ int) (int, unix.Sockaddr, error) {
	syscall.ForkLock.RLock()
	nfd, sa, err := unix.Accept(fd)
	if err == nil {
		unix.CloseOnExec(nfd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, nil, err
	}
	if nfd, err = finish(nfd); err != nil {
		return -1, nil, err
	}
	return nfd, sa, nil
}

// finish sets O_NONBLOCK on a new fd and, on macOS, SO_NOSIGPIPE (sockNoSigpipe): every socket
// this package makes, TCP or unix-domain, then fails a write to a reset peer with EPIPE instead
// of raising SIGPIPE, whether or not it goes through Tune. It closes fd if either fails.
func finish(fd int) (int, error) {
	err := unix.SetNonblock(fd, true)
	if err == nil {
		err = sockNoSigpipe(fd)
	}
	if err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}
