//go:build !zmq_poll

package poller

import (
	"os"

	"golang.org/x/sys/unix"
)

// This file holds the only epoll system calls of the package. They go through the unix.*
// wrappers, never RawSyscall: a blocking raw syscall cannot be stopped by the garbage collector
// (docs/performance.md P1).

func epollCreate() (int, error) {
	for {
		fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return -1, os.NewSyscallError("epoll_create1", err)
		}
		return fd, nil
	}
}

// epollCtl registers, modifies or removes fd with the slot and generation stored in the
// event's data, where epoll hands them back to us with every readiness report.
func epollCtl(epfd, op, fd int, events uint32, idx, gen uint32) error {
	ev := unix.EpollEvent{Events: events, Fd: int32(idx), Pad: int32(gen)}
	for {
		err := unix.EpollCtl(epfd, op, fd, &ev)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return os.NewSyscallError("epoll_ctl", err)
		}
		return nil
	}
}

// epollWait waits at most msec milliseconds (-1: forever). A signal is reported as a wake-up
// with no event: the caller's loop recomputes its timers and waits again.
func epollWait(epfd int, buf []unix.EpollEvent, msec int) (int, error) {
	n, err := unix.EpollWait(epfd, buf, msec)
	if err == unix.EINTR {
		return 0, nil
	}
	if err != nil {
		return 0, os.NewSyscallError("epoll_wait", err)
	}
	return n, nil
}
