package zmtp

import (
	"encoding/binary"

	"github.com/zreactor/zmq/msg"
)

// v1HeaderLen is the length of the v1 header whose first bytes are p: 2 (length, flags) or
// 10 (0xFF, 8-octet length, flags).
func v1HeaderLen(p []byte) int {
	if len(p) > 0 && p[0] == 0xFF {
		return 10
	}
	return 2
}

// parseV1Header decodes a ZMTP 1.0 frame header (libzmq v1_decoder_t). The length counts the
// flags octet, so 0 is a protocol error; only the MORE flag is kept. It returns a zero length
// when p is too short.
func parseV1Header(p []byte) (int, uint64, msg.Flags, error) {
	if len(p) < 1 {
		return 0, 0, 0, nil
	}
	n, hlen := uint64(p[0]), 2
	if p[0] == 0xFF {
		if len(p) < 9 {
			return 0, 0, 0, nil
		}
		n, hlen = binary.BigEndian.Uint64(p[1:9]), 10
	}
	// Reject a zero length as soon as it is known, before waiting for the flags octet.
	if n == 0 {
		return 0, 0, 0, ErrZeroLength
	}
	if len(p) < hlen {
		return 0, 0, 0, nil
	}
	return hlen, n - 1, msg.Flags(p[hlen-1] & flagMore), nil
}
