package zmtp

import "syscall"

// CURVE errors. Each carries the ZMQ_PROTOCOL_ERROR_* code libzmq 4.3.4 raises for the same
// failure (curve_client.cpp, curve_server.cpp, curve_mechanism_base.cpp), so the engine's
// HANDSHAKE_FAILED_PROTOCOL event matches libzmq's. They are pre-built: returning one from
// the MESSAGE hot path allocates nothing.
var (
	// ErrCurveKey: a CURVE key option is missing or not 32 bytes. A configuration error,
	// not the peer's: EINVAL, no monitor code.
	ErrCurveKey = &ProtocolError{Errno: syscall.EINVAL, Msg: "CURVE key missing or not 32 bytes"}
	// ErrCurveCryptographic: a box or the cookie did not open (wrong keys, forged or
	// garbled bytes).
	ErrCurveCryptographic = protoErr(CodeCryptographic, "CURVE box failed to open")
	// ErrCurveInvalidSequence: a MESSAGE whose short nonce is not above the last one
	// received (a replay, or reordering).
	ErrCurveInvalidSequence = protoErr(CodeInvalidSequence, "CURVE MESSAGE nonce not increasing")
)

var (
	// libzmq reports a WELCOME of the wrong size as a cryptographic failure (its
	// process_welcome has one failure path).
	errCurveWelcomeSize    = protoErr(CodeCryptographic, "CURVE WELCOME is not 168 bytes")
	errCurveHelloSize      = protoErr(CodeMalformedCommandHello, "CURVE HELLO is not 200 bytes")
	errCurveHelloVersion   = protoErr(CodeMalformedCommandHello, "CURVE HELLO version is not 1.0")
	errCurveHelloPadding   = protoErr(CodeMalformedCommandHello, "CURVE HELLO padding is not zero")
	errCurveHelloSignature = protoErr(CodeCryptographic, "CURVE HELLO signature box is not 64 zeros")
	errCurveInitiateSize   = protoErr(CodeMalformedCommandInitiate, "CURVE INITIATE shorter than 257 bytes")
	errCurveReadySize      = protoErr(CodeMalformedCommandReady, "CURVE READY shorter than 30 bytes")
	errCurveMessageSize    = protoErr(CodeMalformedCommandMessage, "CURVE MESSAGE shorter than 33 bytes")
	// errCurveVouch: the vouch opened but does not name this connection's C' and our S.
	errCurveVouch = protoErr(CodeKeyExchange, "CURVE vouch does not match the connection keys")
	// errCurveState: a command while the server expects none (libzmq: ZMTP_UNSPECIFIED).
	errCurveState = protoErr(CodeZMTPUnspecified, "CURVE command while none is expected")
	// errCurveReadySocketType: the server's READY names an incompatible Socket-Type; the
	// libzmq client reports every READY metadata failure as INVALID_METADATA.
	errCurveReadySocketType = protoErr(CodeInvalidMetadata, "incompatible peer socket type")
	// errCurveInitiateMetadata: a malformed property list in INITIATE; the libzmq server
	// raises no protocol event for it.
	errCurveInitiateMetadata = protoErr(CodeNone, "invalid metadata in CURVE INITIATE")
	// errCurveNotReady: Encode or Decode before the handshake completed (libzmq asserts).
	errCurveNotReady = protoErr(CodeNone, "CURVE data before the handshake completed")
	// errCurveNonceExhausted: 2^64-1 commands sent; the next nonce would repeat.
	errCurveNonceExhausted = protoErr(CodeNone, "CURVE short nonces exhausted")
	// errCurveRandom: the random source failed.
	errCurveRandom = protoErr(CodeNone, "CURVE random source failed")
)
