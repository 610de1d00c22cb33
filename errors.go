package zmq

import "github.com/zreactor/zmq/internal/zerr"

// Errors returned by the library. Each wraps the syscall.Errno libzmq would set, so errors.Is
// works with either the sentinel or the errno. Errors with details (which endpoint, which option)
// still match their sentinel with errors.Is.
var (
	ErrAgain            error = zerr.ErrAgain            // EAGAIN: would block, or timed out
	ErrTerminated       error = zerr.ErrTerminated       // ETERM: the context was closed
	ErrHostUnreachable  error = zerr.ErrHostUnreachable  // EHOSTUNREACH: ROUTER_MANDATORY, unknown peer
	ErrFSM              error = zerr.ErrFSM              // EFSM: call not valid in the socket's state
	ErrNotSupported     error = zerr.ErrNotSupported     // ENOTSUP: not available on this socket type
	ErrInvalid          error = zerr.ErrInvalid          // EINVAL: bad argument
	ErrProtoNoSupport   error = zerr.ErrProtoNoSupport   // EPROTONOSUPPORT: unsupported transport
	ErrNotSocket        error = zerr.ErrNotSocket        // ENOTSOCK: the socket is closed
	ErrAddrInUse        error = zerr.ErrAddrInUse        // EADDRINUSE: endpoint already bound
	ErrNoEntry          error = zerr.ErrNoEntry          // ENOENT: endpoint not bound or connected
	ErrMsgSize          error = zerr.ErrMsgSize          // EMSGSIZE
	ErrNoCompatProto    error = zerr.ErrNoCompatProto    // ENOCOMPATPROTO: transport not for this socket type
	ErrConnRefused      error = zerr.ErrConnRefused      // ECONNREFUSED: nothing accepts connections there
	ErrMaxThreads       error = zerr.ErrMaxThreads       // EMTHREAD: no I/O thread for the endpoint
	ErrTooManyOpenFiles error = zerr.ErrTooManyOpenFiles // EMFILE: MaxSockets reached, or the process's fd limit
	ErrAddrNotAvail     error = zerr.ErrAddrNotAvail     // EADDRNOTAVAIL: no such local address
	ErrNoDevice         error = zerr.ErrNoDevice         // ENODEV: no such network interface
	ErrInterrupted      error = zerr.ErrInterrupted      // EINTR: interrupted by a signal
)
