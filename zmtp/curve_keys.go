package zmtp

import (
	"io"

	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/nacl/box"
)

// loadCurveKey copies a 32-byte key option into dst; anything else is ErrCurveKey.
func loadCurveKey(dst *[32]byte, k []byte) error {
	if len(k) != 32 {
		return ErrCurveKey
	}
	copy(dst[:], k)
	return nil
}

// curveKeypair draws a transient key pair (C' and c', or S' and s') from rng.
func curveKeypair(rng io.Reader, public, secret *[32]byte) error {
	pub, sec, err := box.GenerateKey(rng)
	if err != nil {
		return errCurveRandom
	}
	*public, *secret = *pub, *sec
	zeroAll(sec)
	return nil
}

// curvePublicOf computes the public key of secret.
func curvePublicOf(public, secret *[32]byte) error {
	p, err := curve25519.X25519(secret[:], curve25519.Basepoint)
	if err != nil {
		return ErrCurveKey
	}
	copy(public[:], p)
	return nil
}
