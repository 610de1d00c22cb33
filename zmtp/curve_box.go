package zmtp

import (
	"encoding/binary"
	"io"
	"math"

	"golang.org/x/crypto/nacl/box"
)

// CurveZMQ command sizes as libzmq 4.3.4 lays them out (RFC 26, checked against its wire). x/crypto boxes carry
// the 16-byte authenticator in front of the ciphertext, exactly the bytes NaCl's crypto_box
// produces after its 16 zero bytes, so they go on the wire as they are.
const (
	curveHelloSize       = 200 // name 6, version 2, padding 72, C' 32, nonce 8, box 80
	curveWelcomeSize     = 168 // name 8, long nonce 16, box 144
	curveCookieSize      = 96  // long nonce 16, secretbox 80
	curveInitiateHead    = 113 // name 9, cookie 96, short nonce 8
	curveInitiateMinSize = curveInitiateHead + box.Overhead + 128
	curveReadyHead       = 14 // name 6, short nonce 8
	curveReadyMinSize    = curveReadyHead + box.Overhead
	curveMessageHead     = 16 // name 8, short nonce 8
	curveMessageMinSize  = curveMessageHead + box.Overhead + 1
)

// Nonce prefixes: short nonces (8-byte counters) follow a 16-byte prefix, long nonces (16
// random bytes) an 8-byte one.
const (
	curveNonceHello    = "CurveZMQHELLO---"
	curveNonceInitiate = "CurveZMQINITIATE"
	curveNonceReady    = "CurveZMQREADY---"
	curveNonceMessageC = "CurveZMQMESSAGEC" // MESSAGE from the client
	curveNonceMessageS = "CurveZMQMESSAGES" // MESSAGE from the server
	curveNonceWelcome  = "WELCOME-"
	curveNonceCookie   = "COOKIE--"
	curveNonceVouch    = "VOUCH---"
)

const curveMessageName = "\x07MESSAGE"

// Flags inside a MESSAGE box (RFC 26 plus ZMTP 3.1): bit 0 MORE, bit 1 COMMAND. msg.Command
// is another bit, so they are mapped, not masked.
const (
	curveFlagMore    = 1
	curveFlagCommand = 2
)

// shortNonce is prefix followed by the big-endian counter n.
func shortNonce(prefix string, n uint64) (nonce [24]byte) {
	copy(nonce[:16], prefix)
	binary.BigEndian.PutUint64(nonce[16:], n)
	return nonce
}

// longNonce is prefix followed by the 16 bytes of tail.
func longNonce(prefix string, tail []byte) (nonce [24]byte) {
	copy(nonce[:8], prefix)
	copy(nonce[8:], tail[:16])
	return nonce
}

// randomLongNonce draws 16 random bytes into a long nonce; it returns them with the nonce.
func randomLongNonce(rng io.Reader, prefix string) (nonce [24]byte, err error) {
	copy(nonce[:8], prefix)
	if _, err := io.ReadFull(rng, nonce[8:]); err != nil {
		return nonce, errCurveRandom
	}
	return nonce, nil
}

// curveCounter hands out this side's short nonces, 1 first, shared by the handshake
// commands and MESSAGE (libzmq curve_encoding_t's _cn_nonce).
type curveCounter uint64

func (c *curveCounter) next() (uint64, error) {
	if *c == math.MaxUint64 {
		return 0, errCurveNonceExhausted
	}
	*c++
	return uint64(*c), nil
}

// zeroAll overwrites secrets that are no longer needed.
func zeroAll(keys ...*[32]byte) {
	for _, k := range keys {
		clear(k[:])
	}
}

// allZero reports whether b holds only zero bytes, in time independent of where a non-zero
// byte sits.
func allZero(b []byte) bool {
	var acc byte
	for _, x := range b {
		acc |= x
	}
	return acc == 0
}

// curveMetadataLimit is the bound on a peer's property list. Handshake commands are checked
// against it before anything is decrypted, so an oversized INITIATE or READY costs no more
// than its read (CVE-2019-13132 was a stack overflow on exactly such an INITIATE).
func curveMetadataLimit(o *MechanismOptions) int { return metadataLimit(o) }

// basicCommandOK is libzmq's check_basic_command_structure: a command frame holds at least
// its name-length octet and one octet more than that length says.
func basicCommandOK(b []byte) bool {
	return len(b) > 1 && len(b) > int(b[0])
}
