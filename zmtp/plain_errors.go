package zmtp

import "syscall"

// PLAIN handshake errors (libzmq plain_client.cpp, plain_server.cpp). Each carries the
// ZMQ_PROTOCOL_ERROR_* code libzmq raises for the same fault, or CodeNone where it raises none.
var (
	// ErrPlainMalformedHello: a HELLO whose username or password overruns the frame, or
	// with bytes after the password.
	ErrPlainMalformedHello = protoErr(CodeMalformedCommandHello, "malformed PLAIN HELLO")
	// ErrPlainMalformedWelcome: a WELCOME with anything after its name.
	ErrPlainMalformedWelcome = protoErr(CodeMalformedCommandWelcome, "PLAIN WELCOME with a body")
	// ErrPlainSequence: the client sent a command while the server expected none (waiting
	// for the ZAP reply, or after the handshake failed); libzmq reports ZMTP_UNSPECIFIED.
	ErrPlainSequence = protoErr(CodeZMTPUnspecified, "PLAIN command out of sequence")
	// ErrPlainInitiateMetadata: an INITIATE whose property list is truncated, has trailing
	// bytes or is over the bound. libzmq's PLAIN server raises no protocol event for it.
	ErrPlainInitiateMetadata = protoErr(CodeNone, "PLAIN INITIATE with invalid metadata")
	// ErrPlainReadySocketType: the server's READY names a Socket-Type we cannot talk to.
	// libzmq's PLAIN client reports every READY property fault as INVALID_METADATA.
	ErrPlainReadySocketType = protoErr(CodeInvalidMetadata, "PLAIN READY with an incompatible socket type")
	// ErrPlainCredentials: our own username or password is over 255 bytes, which HELLO
	// cannot carry (the socket options refuse such values with EINVAL, as libzmq does).
	ErrPlainCredentials = &ProtocolError{Errno: syscall.EINVAL, Msg: "PLAIN username or password longer than 255 bytes"}
)
