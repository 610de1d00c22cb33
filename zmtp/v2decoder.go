package zmtp

import (
	"encoding/binary"

	"github.com/zreactor/zmq/msg"
)

// v2HeaderLen is the length of the v2 header whose first bytes are p: 2 until the flags are
// known, 9 with LONG.
func v2HeaderLen(p []byte) int {
	if len(p) > 0 && p[0]&flagLong != 0 {
		return 9
	}
	return 2
}

// parseV2Header decodes a v2 frame header at the start of p (libzmq v2_decoder_t): MORE and
// COMMAND are kept, reserved bits ignored, LONG accepted for any size. It returns a zero
// length when p is too short.
func parseV2Header(p []byte) (int, uint64, msg.Flags, error) {
	if len(p) < 2 {
		return 0, 0, 0, nil
	}
	flags := msg.Flags(p[0] & (flagMore | flagCommand))
	if p[0]&flagLong == 0 {
		return 2, uint64(p[1]), flags, nil
	}
	if len(p) < 9 {
		return 0, 0, 0, nil
	}
	return 9, binary.BigEndian.Uint64(p[1:9]), flags, nil
}
