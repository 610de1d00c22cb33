package socket

import (
	"syscall"

	"github.com/zreactor/zmq/internal/zerr"
)

// ErrAgainDropped is returned by Send when a pipe died in the middle of a multipart message: the
// frames already written are lost and the rest of the message will be swallowed (libzmq lb_t's
// -2 return). It matches zerr.ErrAgain under errors.Is. The base must not retry: a blocking send
// reports success and drops the frame, a non-blocking one returns EAGAIN, as socket_base_t does.
var ErrAgainDropped = &zerr.Error{Errno: syscall.EAGAIN, Text: "resource temporarily unavailable",
	Detail: "peer vanished during a multipart message; message dropped"}
