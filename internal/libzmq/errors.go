//go:build cgo

package libzmq

/*
#include <zmq.h>
*/
import "C"

import "syscall"

// Error is a failed libzmq call. It unwraps to its syscall.Errno.
type Error struct {
	Op    string // the libzmq function, e.g. "zmq_bind"
	Errno syscall.Errno
}

func (e *Error) Error() string {
	return e.Op + ": " + C.GoString(C.zmq_strerror(C.int(e.Errno)))
}

// Unwrap returns the errno, so errors.Is(err, syscall.EAGAIN) holds.
func (e *Error) Unwrap() error { return e.Errno }

// check turns a libzmq return code and the errno that cgo captured with it
// (`rc, err := C.zmq_x(...)`) into an error. zmq_errno() is not used: the
// goroutine may have moved to another OS thread since the failed call.
func check(op string, rc C.int, err error) error {
	if rc >= 0 {
		return nil
	}
	return errOf(op, err)
}

func errOf(op string, err error) error {
	e, ok := err.(syscall.Errno)
	if !ok || e == 0 {
		e = syscall.EINVAL // libzmq failed without errno: should not happen
	}
	return &Error{Op: op, Errno: e}
}

// retry reports whether a failed call should simply be made again.
func retry(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Errno == syscall.EINTR
}
