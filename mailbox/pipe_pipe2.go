//go:build (linux && zmq_poll) || dragonfly || freebsd || netbsd || openbsd

package mailbox

import (
	"os"

	"golang.org/x/sys/unix"
)

// newPipe returns a pipe (read end, write end) made non-blocking and close-on-exec atomically
// by pipe2(2).
func newPipe() (r, w int, err error) {
	var p [2]int
	for {
		err = unix.Pipe2(p[:], unix.O_NONBLOCK|unix.O_CLOEXEC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return -1, -1, os.NewSyscallError("pipe2", err)
		}
		return p[0], p[1], nil
	}
}
