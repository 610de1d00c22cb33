//go:build darwin || openbsd

package sysio

import "golang.org/x/sys/unix"

// libcIov is the most buffers one writev takes here: x/sys's Writev builds its iovec array on
// the stack only up to 8 entries.
const libcIov = min(8, MaxIov)

// send is write(2). On macOS the socket has SO_NOSIGPIPE (tcp sets it), so a write to a reset
// connection fails with EPIPE without raising SIGPIPE.
func send(fd int, p []byte) (int, error) { return unix.Write(fd, p) }

// writev is writev(2) on the first libcIov non-empty buffers; empty ones are skipped.
func writev(fd int, bufs [][]byte) (int, error) {
	var nonEmpty [libcIov][]byte
	n := 0
	for _, b := range bufs {
		if len(b) == 0 {
			continue
		}
		if n == libcIov {
			break
		}
		nonEmpty[n] = b
		n++
	}
	if n == 0 {
		return 0, nil
	}
	return unix.Writev(fd, nonEmpty[:n])
}
