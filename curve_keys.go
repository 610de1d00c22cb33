package zmq

import (
	"crypto/rand"

	"github.com/zreactor/zmq/internal/zerr"
	"golang.org/x/crypto/curve25519"
)

// curveKeySize is the size of a CURVE key in bytes; curveKeyZ85Size is its Z85 length.
const (
	curveKeySize    = 32
	curveKeyZ85Size = 40
)

// CurveKeypair makes a new long-term CURVE key pair (zmq_curve_keypair): a random Curve25519
// secret key and its public key, both as 40 Z85 characters, ready for SetCurveSecretKey,
// SetCurvePublicKey and SetCurveServerKey. The error comes from the system's random source.
func CurveKeypair() (public, secret string, err error) {
	var sk [curveKeySize]byte
	if _, err := rand.Read(sk[:]); err != nil {
		return "", "", err
	}
	pk, err := curve25519.X25519(sk[:], curve25519.Basepoint)
	if err != nil {
		return "", "", err
	}
	public, _ = Z85Encode(pk)
	secret, _ = Z85Encode(sk[:])
	return public, secret, nil
}

// CurvePublic derives the public key of a Z85 secret key (zmq_curve_public), as 40 Z85
// characters. A secret that is not 40 valid Z85 characters fails with ErrInvalid.
func CurvePublic(secret string) (string, error) {
	if len(secret) != curveKeyZ85Size {
		return "", zerr.With(zerr.ErrInvalid, "a Z85 CURVE secret key has %d characters, got %d", curveKeyZ85Size, len(secret))
	}
	sk, err := Z85Decode(secret)
	if err != nil {
		return "", err
	}
	pk, err := curve25519.X25519(sk, curve25519.Basepoint)
	if err != nil {
		return "", err
	}
	return Z85Encode(pk)
}

// curveKey reads a key option's value: 32 raw bytes, or 40 Z85 characters (libzmq
// options_t::set_curve_key).
func curveKey(option, v string) ([]byte, error) {
	switch len(v) {
	case curveKeySize:
		return []byte(v), nil
	case curveKeyZ85Size:
		if k, err := Z85Decode(v); err == nil {
			return k, nil
		}
		return nil, zerr.With(zerr.ErrInvalid, "%s: not a valid Z85 key", option)
	}
	return nil, zerr.With(zerr.ErrInvalid, "%s: a key is 32 bytes or 40 Z85 characters, got %d bytes", option, len(v))
}
