package tcp

import (
	"errors"
	"syscall"
)

// errnoOf returns the errno an error wraps, the value libzmq's monitor
// events carry; EINVAL stands in for errors without one.
func errnoOf(err error) int64 {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return int64(errno)
	}
	return int64(syscall.EINVAL)
}
