//go:build (linux && zmq_poll) || darwin || dragonfly || freebsd || netbsd || openbsd

package poller

import (
	"os"

	"golang.org/x/sys/unix"
)

// This file holds the only system calls of the poll(2) backend. Like the epoll ones they go
// through the unix.* wrappers, never RawSyscall.

// pollWait waits at most msec milliseconds (-1: forever) for an event on fds. A signal is
// reported as a wake-up with no event, as epollWait does.
func pollWait(fds []unix.PollFd, msec int) (int, error) {
	n, err := unix.Poll(fds, msec)
	if err == unix.EINTR {
		return 0, nil
	}
	if err != nil {
		return 0, os.NewSyscallError("poll", err)
	}
	return n, nil
}

// checkFd fails with EBADF if fd is not open. poll(2) takes any number and reports a bad one
// as POLLNVAL on every wait; epoll_ctl refuses it up front, and AddFd does the same here.
func checkFd(fd int) error {
	for {
		_, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return os.NewSyscallError("fcntl", err)
		}
		return nil
	}
}
