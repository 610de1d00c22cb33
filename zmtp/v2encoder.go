package zmtp

import (
	"encoding/binary"

	"github.com/zreactor/zmq/msg"
)

// ZMTP 2.0/3.x frame flag bits (RFC 23). Bits 3-7 are reserved; libzmq ignores them.
const (
	flagMore    = 0x01
	flagLong    = 0x02
	flagCommand = 0x04
)

// putV2Header writes a v2 frame header for a body of size bytes and returns its length:
// flags + 1-octet size up to 255, flags|LONG + 8-octet big-endian size above (so 255 is
// short, as in libzmq). dst must have room for 9 bytes.
func putV2Header(dst []byte, f msg.Flags, size int) int {
	flags := byte(f) & (flagMore | flagCommand)
	if size > 255 {
		dst[0] = flags | flagLong
		binary.BigEndian.PutUint64(dst[1:9], uint64(size))
		return 9
	}
	dst[0] = flags
	dst[1] = byte(size)
	return 2
}
