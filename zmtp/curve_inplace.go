package zmtp

import (
	"golang.org/x/crypto/nacl/secretbox"
	"golang.org/x/crypto/poly1305"      //lint:ignore SA1019 the one-time MAC of NaCl's secretbox, used as secretbox uses it
	"golang.org/x/crypto/salsa20/salsa" //lint:ignore SA1019 XSalsa20 is what NaCl boxes (and CurveZMQ) are made of
)

// In-place NaCl boxes for the MESSAGE hot path. x/crypto's secretbox (behind box's
// *AfterPrecomputation) refuses to seal or open into the buffer it reads, which costs a copy
// of every message each way and, above a scratch size, an allocation. These build the same
// XSalsa20-Poly1305 construction from x/crypto's own primitives (salsa.XORKeyStream accepts
// an exactly overlapping output) so the plaintext is encrypted where it lies and decrypted
// where the ciphertext arrived. Output is byte-identical to secretbox.Seal; the tests check
// both directions against it.

// boxKeys derives the XSalsa20 subkey and counter block, and the Poly1305 key with the first
// 32 keystream bytes for the message's start (secretbox's first block).
func boxKeys(nonce *[24]byte, key *[32]byte) (subKey [32]byte, counter [16]byte, polyKey [32]byte, first [32]byte) {
	var hNonce [16]byte
	copy(hNonce[:], nonce[:16])
	salsa.HSalsa20(&subKey, &hNonce, key, &salsa.Sigma)
	copy(counter[:], nonce[16:])
	var block [64]byte
	salsa.XORKeyStream(block[:], block[:], &counter, &subKey)
	copy(polyKey[:], block[:32])
	copy(first[:], block[32:])
	return
}

// xorInPlace encrypts or decrypts b where it lies, continuing the keystream after first.
func xorInPlace(b []byte, counter *[16]byte, subKey *[32]byte, first *[32]byte) {
	n := min(len(b), len(first))
	for i := range n {
		b[i] ^= first[i]
	}
	counter[8] = 1
	salsa.XORKeyStream(b[n:], b[n:], counter, subKey)
}

// sealInPlace turns b, whose first secretbox.Overhead bytes are room for the tag and whose
// rest is the plaintext, into the box secretbox.Seal would make of that plaintext.
func sealInPlace(b []byte, nonce *[24]byte, key *[32]byte) {
	subKey, counter, polyKey, first := boxKeys(nonce, key)
	text := b[secretbox.Overhead:]
	xorInPlace(text, &counter, &subKey, &first)
	var tag [poly1305.TagSize]byte
	poly1305.Sum(&tag, text, &polyKey)
	copy(b, tag[:])
}

// openInPlace authenticates the box b and decrypts it where it lies, returning the plaintext
// (b without the tag), or false if b is not a box for this nonce and key; b is then left
// unchanged.
func openInPlace(b []byte, nonce *[24]byte, key *[32]byte) ([]byte, bool) {
	if len(b) < secretbox.Overhead {
		return nil, false
	}
	subKey, counter, polyKey, first := boxKeys(nonce, key)
	var tag [poly1305.TagSize]byte
	copy(tag[:], b)
	text := b[secretbox.Overhead:]
	if !poly1305.Verify(&tag, text, &polyKey) {
		return nil, false
	}
	xorInPlace(text, &counter, &subKey, &first)
	return text, true
}
