//go:build linux || freebsd || netbsd || dragonfly

package sysio

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// send is write(2) as send(2) with MSG_NOSIGNAL: a write to a reset connection fails with EPIPE
// without raising SIGPIPE.
func send(fd int, p []byte) (int, error) {
	var base unsafe.Pointer
	if len(p) > 0 {
		base = unsafe.Pointer(&p[0])
	}
	r, _, e := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(base), uintptr(len(p)), unix.MSG_NOSIGNAL, 0, 0)
	if e != 0 {
		return 0, e // errno values box without allocating
	}
	return int(r), nil
}

// writev is writev(2) as sendmsg(2) with MSG_NOSIGNAL, with the iovec array on the stack where
// x/sys's Writev allocates. Empty buffers are skipped.
func writev(fd int, bufs [][]byte) (int, error) {
	var iov [MaxIov]unix.Iovec
	n := 0
	for _, b := range bufs {
		if len(b) == 0 {
			continue
		}
		if n == MaxIov {
			break
		}
		iov[n].Base = &b[0]
		iov[n].SetLen(len(b))
		n++
	}
	if n == 0 {
		return 0, nil
	}
	var msg unix.Msghdr
	msg.Iov = &iov[0]
	msg.SetIovlen(n)
	r, _, e := unix.Syscall(unix.SYS_SENDMSG, uintptr(fd), uintptr(unsafe.Pointer(&msg)), unix.MSG_NOSIGNAL)
	if e != 0 {
		return 0, e
	}
	return int(r), nil
}
