package zmtp

import (
	"encoding/binary"
	"time"
)

// MaxPingContext is the longest context a PONG echoes (ZMTP 3.1).
const MaxPingContext = 16

// AppendPing appends a PING command body: "\x04PING", the TTL in deciseconds (2 octets,
// big-endian), then the context (libzmq sends none). Contexts over 16 bytes are truncated.
// PING bodies fit msg.InlineSize, so building one allocates nothing with a reused dst.
func AppendPing(dst []byte, ttl uint16, context []byte) []byte {
	dst = appendCommandName(dst, CmdPing)
	dst = binary.BigEndian.AppendUint16(dst, ttl)
	return append(dst, context[:min(len(context), MaxPingContext)]...)
}

// ParsePing returns a PING body's TTL (deciseconds) and context (aliasing body, possibly
// longer than 16 bytes; AppendPong truncates). Unlike libzmq, which reads the TTL past the end
// of a 5-octet "\x04PING", a body without the 2 TTL octets is ErrMalformedPing.
func ParsePing(body []byte) (uint16, []byte, error) {
	c, _, data, err := ParseCommand(body)
	if err != nil {
		return 0, nil, err
	}
	if c != CmdPing {
		return 0, nil, ErrUnexpectedCommand
	}
	if len(data) < 2 {
		return 0, nil, ErrMalformedPing
	}
	return binary.BigEndian.Uint16(data), data[2:], nil
}

// PingTTL converts a PING TTL to a duration, in 64-bit arithmetic (libzmq multiplies in 16
// bits and wraps above 65.5 s).
func PingTTL(ttl uint16) time.Duration { return time.Duration(ttl) * 100 * time.Millisecond }

// TTLFromDuration converts ZMQ_HEARTBEAT_TTL to the PING field: deciseconds, capped at 65535.
func TTLFromDuration(d time.Duration) uint16 {
	ds := d / (100 * time.Millisecond)
	if ds <= 0 {
		return 0
	}
	return uint16(min(ds, 65535))
}

// AppendPong appends the PONG answering a PING with the given context: "\x04PONG" and the
// context truncated to 16 bytes.
func AppendPong(dst []byte, context []byte) []byte {
	dst = appendCommandName(dst, CmdPong)
	return append(dst, context[:min(len(context), MaxPingContext)]...)
}

// ParsePong returns a PONG body's context (aliasing body).
func ParsePong(body []byte) ([]byte, error) {
	c, _, data, err := ParseCommand(body)
	if err != nil {
		return nil, err
	}
	if c != CmdPong {
		return nil, ErrUnexpectedCommand
	}
	return data, nil
}
