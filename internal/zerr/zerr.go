// Package zerr holds the library's error values, shared by every layer so that an error made
// deep inside (a socket type returning EAGAIN, a session seeing ETERM) is the very value the
// public API exports. Each wraps a syscall.Errno, so errors.Is works against both the library's
// sentinel and the errno: errors.Is(err, zmq.ErrAgain) and errors.Is(err, syscall.EAGAIN).
//
// Threading rule: the error values are immutable and shared by every goroutine.
//
// Like everything under internal/, this package is the library's machinery and carries no
// compatibility promise (Go lets only code under github.com/zreactor/zmq import it):
// applications import only the root package github.com/zreactor/zmq and auth/.
package zerr

import (
	"errors"
	"fmt"
	"syscall"
)

// libzmq's own errno values (zmq.h: ZMQ_HAUSNUMERO 156384712 + n); Linux has no such errnos.
const (
	EFSM           = syscall.Errno(156384763)
	ENOCOMPATPROTO = syscall.Errno(156384764)
	ETERM          = syscall.Errno(156384765)
	EMTHREAD       = syscall.Errno(156384766)
)

// Error is an errno with libzmq's meaning and an optional detail.
type Error struct {
	Errno  syscall.Errno
	Text   string // libzmq's zmq_strerror text
	Detail string // what exactly was wrong, for errors made on cold paths
}

func (e *Error) Error() string {
	if e.Detail != "" {
		return "zmq: " + e.Text + ": " + e.Detail
	}
	return "zmq: " + e.Text
}

// Unwrap exposes the errno.
func (e *Error) Unwrap() error { return e.Errno }

// Is makes every *Error with the same errno match, so a detailed error matches its sentinel.
// An address libzmq refuses with a more precise errno than EINVAL (ENAMETOOLONG for an ipc
// path longer than sun_path) matches ErrInvalid as well, as the Bind and Connect
// documentation promises for every address error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Errno == e.Errno || t.Errno == syscall.EINVAL && e.Errno == syscall.ENAMETOOLONG
}

// The sentinels. Hot paths return these pre-built values, which allocate nothing.
var (
	ErrAgain            = &Error{Errno: syscall.EAGAIN, Text: "resource temporarily unavailable"}
	ErrTerminated       = &Error{Errno: ETERM, Text: "context was terminated"}
	ErrHostUnreachable  = &Error{Errno: syscall.EHOSTUNREACH, Text: "host unreachable"}
	ErrFSM              = &Error{Errno: EFSM, Text: "operation cannot be accomplished in current state"}
	ErrNotSupported     = &Error{Errno: syscall.ENOTSUP, Text: "operation not supported"}
	ErrInvalid          = &Error{Errno: syscall.EINVAL, Text: "invalid argument"}
	ErrProtoNoSupport   = &Error{Errno: syscall.EPROTONOSUPPORT, Text: "protocol not supported"}
	ErrNotSocket        = &Error{Errno: syscall.ENOTSOCK, Text: "socket operation on non-socket"}
	ErrAddrInUse        = &Error{Errno: syscall.EADDRINUSE, Text: "address already in use"}
	ErrNoEntry          = &Error{Errno: syscall.ENOENT, Text: "no such endpoint"}
	ErrConnRefused      = &Error{Errno: syscall.ECONNREFUSED, Text: "connection refused"}
	ErrMsgSize          = &Error{Errno: syscall.EMSGSIZE, Text: "message too long"}
	ErrNoCompatProto    = &Error{Errno: ENOCOMPATPROTO, Text: "the protocol is not compatible with the socket type"}
	ErrMaxThreads       = &Error{Errno: EMTHREAD, Text: "no thread available"}
	ErrTooManyOpenFiles = &Error{Errno: syscall.EMFILE, Text: "too many open files"}
	ErrAddrNotAvail     = &Error{Errno: syscall.EADDRNOTAVAIL, Text: "cannot assign requested address"}
	ErrNoDevice         = &Error{Errno: syscall.ENODEV, Text: "no such device"}
	ErrInterrupted      = &Error{Errno: syscall.EINTR, Text: "interrupted system call"}
)

// Wrap makes err match the library's sentinel for the errno it wraps, keeping its text as the
// detail: errors made below the API (a parse error wrapping EINVAL, a bind failing with
// EADDRINUSE) then satisfy errors.Is with both the sentinel and the errno. Errors that are
// already the library's, or wrap no errno, are returned as they are. Cold paths only.
func Wrap(err error) error {
	var own *Error
	var errno syscall.Errno
	if err == nil || errors.As(err, &own) || !errors.As(err, &errno) {
		return err
	}
	text := errno.Error()
	for _, s := range sentinels {
		if s.Errno == errno {
			text = s.Text
			break
		}
	}
	return &Error{Errno: errno, Text: text, Detail: err.Error()}
}

// sentinels are the errors Wrap takes libzmq's texts from.
var sentinels = []*Error{ErrAgain, ErrTerminated, ErrHostUnreachable, ErrFSM, ErrNotSupported,
	ErrInvalid, ErrProtoNoSupport, ErrNotSocket, ErrAddrInUse, ErrNoEntry, ErrConnRefused,
	ErrMsgSize, ErrNoCompatProto, ErrMaxThreads, ErrTooManyOpenFiles, ErrAddrNotAvail,
	ErrNoDevice, ErrInterrupted}

// With returns a copy of sentinel e carrying a formatted detail (cold paths only: it allocates).
func With(e *Error, format string, args ...any) error {
	return &Error{Errno: e.Errno, Text: e.Text, Detail: fmt.Sprintf(format, args...)}
}
