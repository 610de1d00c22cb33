package mailbox

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// newPipe returns a non-blocking, close-on-exec pipe (read end, write end). macOS has no
// pipe2(2), so the flags are set after pipe(2), under syscall.ForkLock as the os package does,
// so that no fork+exec between the two steps passes the fds on to a child.
func newPipe() (r, w int, err error) {
	var p [2]int
	syscall.ForkLock.RLock()
	err = unix.Pipe(p[:])
	if err == nil {
		unix.CloseOnExec(p[0])
		unix.CloseOnExec(p[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, -1, os.NewSyscallError("pipe", err)
	}
	if err = unix.SetNonblock(p[0], true); err == nil {
		err = unix.SetNonblock(p[1], true)
	}
	if err != nil {
		unix.Close(p[0])
		unix.Close(p[1])
		return -1, -1, os.NewSyscallError("fcntl", err)
	}
	return p[0], p[1], nil
}
