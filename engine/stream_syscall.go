package engine

import (
	"io"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The engine's own socket calls. tcp/ has the same wrappers, but tcp imports engine (it makes
// engines), so they cannot be shared. All return unix.EAGAIN bare (arm the poller), retry
// EINTR, and allocate nothing on success or EAGAIN.

type iovec = unix.Iovec

// sysRead reads into p; a closed peer is io.EOF.
func sysRead(fd int, p []byte) (int, error) {
	for {
		n, err := unix.Read(fd, p)
		switch err {
		case nil:
			if n == 0 && len(p) > 0 {
				return 0, io.EOF
			}
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, unix.EAGAIN
		}
		return 0, os.NewSyscallError("read", err)
	}
}

// sysWrite writes p, possibly partly. Sockets are written with write(2), which on Linux
// raises SIGPIPE only for a fd without a Go-installed handler; Go ignores SIGPIPE on fds other
// than stdout/stderr, so EPIPE comes back as an error.
func sysWrite(fd int, p []byte) (int, error) {
	for {
		n, err := unix.Write(fd, p)
		switch err {
		case nil:
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, unix.EAGAIN
		}
		return 0, os.NewSyscallError("write", err)
	}
}

// sysWritev writes segs with one gather write, through iov (len(iov) >= len(segs)) so that
// nothing is allocated (x/sys's Writev allocates its iovec slice). Empty segments are skipped.
func sysWritev(fd int, segs [][]byte, iov []iovec) (int, error) {
	if len(segs) == 1 {
		return sysWrite(fd, segs[0])
	}
	n := 0
	for _, s := range segs {
		if len(s) == 0 {
			continue
		}
		iov[n].Base = &s[0]
		iov[n].SetLen(len(s))
		n++
	}
	if n == 0 {
		return 0, nil
	}
	defer clear(iov[:n]) // do not keep sent bodies alive
	for {
		r, _, errno := unix.Syscall(unix.SYS_WRITEV, uintptr(fd), uintptr(unsafe.Pointer(&iov[0])), uintptr(n))
		switch errno {
		case 0:
			return int(r), nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, unix.EAGAIN
		}
		return 0, os.NewSyscallError("writev", errno)
	}
}
