package zmtp

import (
	"encoding/binary"

	"github.com/zreactor/zmq/msg"
)

// putV1Header writes a ZMTP 1.0 frame header (libzmq v1_encoder_t): the length counts the
// flags octet; below 255 it is one octet, otherwise 0xFF then 8 octets big-endian; then the
// flags octet, which carries MORE only (1.0 has no commands). dst must have room for 10 bytes.
func putV1Header(dst []byte, f msg.Flags, size int) int {
	n := uint64(size) + 1
	if n < 255 {
		dst[0] = byte(n)
		dst[1] = byte(f) & flagMore
		return 2
	}
	dst[0] = 0xFF
	binary.BigEndian.PutUint64(dst[1:9], n)
	dst[9] = byte(f) & flagMore
	return 10
}
