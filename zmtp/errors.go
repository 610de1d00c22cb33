package zmtp

import (
	"errors"
	"syscall"
)

// ProtocolCode is libzmq's ZMQ_PROTOCOL_ERROR_* value, reported with the
// HANDSHAKE_FAILED_PROTOCOL monitor event. CodeNone means libzmq raises no such event for this
// failure (the connection is still closed as a protocol error).
type ProtocolCode uint32

// Values from libzmq 4.3.4 include/zmq.h.
const (
	CodeNone                        ProtocolCode = 0
	CodeZMTPUnspecified             ProtocolCode = 0x10000000
	CodeUnexpectedCommand           ProtocolCode = 0x10000001
	CodeInvalidSequence             ProtocolCode = 0x10000002
	CodeKeyExchange                 ProtocolCode = 0x10000003
	CodeMalformedCommandUnspecified ProtocolCode = 0x10000011
	CodeMalformedCommandMessage     ProtocolCode = 0x10000012
	CodeMalformedCommandHello       ProtocolCode = 0x10000013
	CodeMalformedCommandInitiate    ProtocolCode = 0x10000014
	CodeMalformedCommandError       ProtocolCode = 0x10000015
	CodeMalformedCommandReady       ProtocolCode = 0x10000016
	CodeMalformedCommandWelcome     ProtocolCode = 0x10000017
	CodeInvalidMetadata             ProtocolCode = 0x10000018
	CodeCryptographic               ProtocolCode = 0x11000001
	CodeMechanismMismatch           ProtocolCode = 0x11000002
	CodeZapUnspecified              ProtocolCode = 0x20000000
	CodeZapMalformedReply           ProtocolCode = 0x20000001
	CodeZapBadRequestID             ProtocolCode = 0x20000002
	CodeZapBadVersion               ProtocolCode = 0x20000003
	CodeZapInvalidStatusCode        ProtocolCode = 0x20000004
	CodeZapInvalidMetadata          ProtocolCode = 0x20000005
)

// ProtocolError is a violation of ZMTP by the peer (or a frame over MaxMsgSize). The engine
// closes the connection and, on the connecting side, does not reconnect (libzmq PR #1043).
// Both errors.Is(err, syscall.EPROTO) (or EMSGSIZE) and errors.Is(err, ErrX) hold.
type ProtocolError struct {
	Code  ProtocolCode  // libzmq monitor code, CodeNone if libzmq reports none
	Errno syscall.Errno // EPROTO, or EMSGSIZE for an oversized frame
	Msg   string        // what was wrong, for logs
}

func (e *ProtocolError) Error() string { return "zmtp: " + e.Msg }

// Unwrap exposes the errno so callers can test with errors.Is(err, syscall.EPROTO).
func (e *ProtocolError) Unwrap() error { return e.Errno }

// PeerError reports an ERROR command received from the peer during the handshake. libzmq
// closes without reconnecting; a reason of "300", "400" or "500" is a ZAP status and raises
// HANDSHAKE_FAILED_AUTH with that status (see AuthStatus).
type PeerError struct {
	Reason string // the peer's reason text, at most 255 bytes
}

func (e *PeerError) Error() string { return "zmtp: peer sent ERROR: " + e.Reason }

// Unwrap makes a received ERROR an EPROTO, as libzmq treats it.
func (e *PeerError) Unwrap() error { return syscall.EPROTO }

// AuthStatus returns 300, 400 or 500 when Reason is exactly that ZAP status code, else 0
// (libzmq mechanism_base_t::handle_error_reason).
func (e *PeerError) AuthStatus() int {
	r := e.Reason
	if len(r) == 3 && r[1] == '0' && r[2] == '0' && r[0] >= '3' && r[0] <= '5' {
		return int(r[0]-'0') * 100
	}
	return 0
}

// CodeOf returns the libzmq protocol error code carried by err, or CodeNone.
func CodeOf(err error) ProtocolCode {
	var pe *ProtocolError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return CodeNone
}

func protoErr(code ProtocolCode, msg string) *ProtocolError {
	return &ProtocolError{Code: code, Errno: syscall.EPROTO, Msg: msg}
}

// Pre-built errors: returning one never allocates. Compare with errors.Is.
var (
	// ErrMsgSize: a frame's declared size exceeds MaxMsgSize or the address space.
	ErrMsgSize = &ProtocolError{Errno: syscall.EMSGSIZE, Msg: "frame larger than the maximum message size"}
	// ErrHandshakeCommandSize: a frame during the security handshake declared more bytes
	// than the mechanism's next command can have (Mechanism.MaxHandshakeCommand).
	ErrHandshakeCommandSize = &ProtocolError{Code: CodeMalformedCommandUnspecified, Errno: syscall.EMSGSIZE,
		Msg: "handshake command larger than the security mechanism allows"}
	// ErrZeroLength: a ZMTP 1.0 frame whose length (which counts the flags octet) is 0.
	ErrZeroLength = protoErr(CodeNone, "ZMTP 1.0 frame with zero length")
	// ErrMechanismMismatch: the peer's greeting names another security mechanism.
	ErrMechanismMismatch = protoErr(CodeMechanismMismatch, "security mechanism mismatch")
	// ErrLegacyRefused: a ZMTP 1.0/2.0 peer while security (or ZAP, or the legacy switch) forbids it.
	ErrLegacyRefused = protoErr(CodeNone, "ZMTP 1.0/2.0 peer refused")
	// ErrUnexpectedCommand: a handshake command that is not valid in the current state.
	ErrUnexpectedCommand = protoErr(CodeUnexpectedCommand, "unexpected command")
	// ErrMalformedCommand: a command frame too short for its own name.
	ErrMalformedCommand = protoErr(CodeMalformedCommandUnspecified, "malformed command")
	// ErrMalformedError: an ERROR command whose reason overruns the frame.
	ErrMalformedError = protoErr(CodeMalformedCommandError, "malformed ERROR command")
	// ErrMalformedPing: a PING shorter than its 2-octet TTL, or a bad PONG.
	ErrMalformedPing = protoErr(CodeMalformedCommandUnspecified, "malformed PING/PONG command")
	// ErrMalformedSubscription: a SUBSCRIBE/CANCEL command that is not one.
	ErrMalformedSubscription = protoErr(CodeMalformedCommandUnspecified, "malformed SUBSCRIBE/CANCEL command")
	// ErrInvalidMetadata: a truncated property or trailing bytes in a property list.
	ErrInvalidMetadata = protoErr(CodeInvalidMetadata, "invalid metadata")
	// ErrMetadataTooLarge: a READY (or other property list) over the configured bound.
	ErrMetadataTooLarge = protoErr(CodeInvalidMetadata, "metadata too large")
	// ErrHandshakeFailed: the mechanism reached its Failed state. It carries no code: the
	// mechanism (or the peer's ERROR) has already said why, and libzmq raises nothing more.
	ErrHandshakeFailed = protoErr(CodeNone, "security handshake failed")
	// ErrIncompatibleSocketType: the peer's Socket-Type cannot talk to ours. libzmq raises no
	// HANDSHAKE_FAILED_PROTOCOL event for it, only DISCONNECTED, and sends no ERROR.
	ErrIncompatibleSocketType = protoErr(CodeNone, "incompatible peer socket type")
)
