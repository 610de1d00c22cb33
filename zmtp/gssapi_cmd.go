package zmtp

import (
	"encoding/binary"

	"github.com/zreactor/zmq/msg"
)

// The GSSAPI mechanism's commands (ZMTP RFC 38 as libzmq gssapi_mechanism_base_t speaks it):
// INITIATE carries a context establishment token, MESSAGE a wrap token; both are the name, a
// 4-octet big-endian token length and the token, with nothing after it.
const (
	gssInitiateName = "\x08INITIATE"
	gssMessageName  = "\x07MESSAGE"
	gssLenSize      = 4

	// Flags octet inside a wrapped MESSAGE, as libzmq: MORE and COMMAND.
	gssFlagMore    = 0x01
	gssFlagCommand = 0x02
)

// GSSAPI errors. Malformed commands and unwrap failures carry libzmq's protocol codes, so the
// engine raises HANDSHAKE_FAILED_PROTOCOL with them; a failed security context raises
// HANDSHAKE_FAILED_NO_DETAIL (errno EPROTO) from the mechanism itself.
var (
	ErrGSSAPIInitiate      = protoErr(CodeMalformedCommandInitiate, "malformed GSSAPI INITIATE")
	ErrGSSAPIMessage       = protoErr(CodeMalformedCommandMessage, "malformed GSSAPI MESSAGE")
	ErrGSSAPICryptographic = protoErr(CodeCryptographic, "GSSAPI token failed to unwrap")
	ErrGSSAPIContext       = protoErr(CodeNone, "GSSAPI security context failed")
	errGSSAPINotReady      = protoErr(CodeNone, "GSSAPI data frame before the handshake ended")
)

// appendGSSCommand appends the command name, the token's length and the token.
func appendGSSCommand(dst []byte, name string, token []byte) []byte {
	dst = append(dst, name...)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(token)))
	return append(dst, token...)
}

// parseGSSCommand returns the token of a name command. Checks run in libzmq's order: the
// basic command structure, the name (else ErrUnexpectedCommand), then the length, which must
// cover exactly the rest of the frame (else malformed).
func parseGSSCommand(body []byte, name string, malformed error) ([]byte, error) {
	if !basicCommandOK(body) {
		return nil, ErrMalformedCommand
	}
	if !hasPrefix(body, name) {
		return nil, ErrUnexpectedCommand
	}
	rest := body[len(name):]
	if len(rest) < gssLenSize {
		return nil, malformed
	}
	n := binary.BigEndian.Uint32(rest)
	rest = rest[gssLenSize:]
	if uint64(n) != uint64(len(rest)) {
		return nil, malformed
	}
	return rest, nil
}

// gssWrapFlags is the flags octet for a frame's msg flags.
func gssWrapFlags(f msg.Flags) byte {
	var b byte
	if f&msg.More != 0 {
		b |= gssFlagMore
	}
	if f&msg.Command != 0 {
		b |= gssFlagCommand
	}
	return b
}

// gssMsgFlags maps a flags octet back; libzmq ignores the reserved bits, and so do we.
func gssMsgFlags(b byte) msg.Flags {
	var f msg.Flags
	if b&gssFlagMore != 0 {
		f |= msg.More
	}
	if b&gssFlagCommand != 0 {
		f |= msg.Command
	}
	return f
}
