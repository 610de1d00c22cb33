package tcp

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// Read reads from a connected non-blocking socket. It returns unix.EAGAIN
// bare when nothing is buffered (arm the poller), io.EOF when the peer has
// closed its side, and other errors wrapped in *os.SyscallError (cold path:
// the connection is dead). EINTR is retried. Neither success nor EAGAIN
// allocates.
func Read(fd int, p []byte) (int, error) {
	for {
		n, err := sys.Load().Read(fd, p)
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

// Write writes to a connected non-blocking socket and may write less than
// len(p). It returns unix.EAGAIN bare when the send buffer is full (arm
// POLLOUT for the remainder) and other errors (EPIPE, ECONNRESET) wrapped in
// *os.SyscallError. It never raises SIGPIPE. EINTR is retried.
func Write(fd int, p []byte) (int, error) {
	for {
		n, err := sys.Load().Write(fd, p)
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

// Writev writes the buffers in order with one gather write, like Write
// otherwise. At most 64 non-empty buffers are taken per call; a short count
// is normal and the caller continues from where it stopped.
func Writev(fd int, bufs [][]byte) (int, error) {
	for {
		n, err := sys.Load().Writev(fd, bufs)
		switch err {
		case nil:
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, unix.EAGAIN
		}
		return 0, os.NewSyscallError("writev", err)
	}
}

// Close closes fd. EINTR is not retried: Linux has released the fd by then,
// and a retry could close a descriptor another thread just opened.
func Close(fd int) error {
	if err := sys.Load().Close(fd); err != nil && err != unix.EINTR {
		return os.NewSyscallError("close", err)
	}
	return nil
}
