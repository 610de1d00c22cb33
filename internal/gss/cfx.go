package gss

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"hash"

	"github.com/jcmturner/gokrb5/v8/crypto/common"
	"github.com/jcmturner/gokrb5/v8/crypto/etype"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
)

// Per-message encryption for the AES types (RFC 3962 and RFC 8009), which is what Kerberos
// realms use. gokrb5's EncryptMessage derives both keys again and copies the message about
// eight times for every call: 90 µs for a 64-byte message, 20 MB/s for a large one. Here the
// usage keys are derived once per context (with gokrb5's DeriveKey), the AES cipher and the
// HMAC are kept, and the message is encrypted where it lies in the token. The output is the
// same as gokrb5's and MIT's, which the tests check both ways.

// sealer encrypts or decrypts with one key usage.
type sealer struct {
	block  cipher.Block
	mac    hash.Hash // HMAC keyed with Ki
	macLen int
	sha2   bool     // RFC 8009: the MAC covers a zero IV and the ciphertext, not the plaintext
	sum    [64]byte // MAC output scratch
}

var errCipherShort = errors.New("ciphertext shorter than a block and its checksum")

// newSealer derives usage's Ke and Ki from key; it returns nil for a type other than AES
// (the caller then uses gokrb5's EncryptMessage).
func newSealer(et etype.EType, key []byte, usage uint32) (*sealer, error) {
	switch et.GetETypeID() {
	case etypeID.AES128_CTS_HMAC_SHA1_96, etypeID.AES256_CTS_HMAC_SHA1_96,
		etypeID.AES128_CTS_HMAC_SHA256_128, etypeID.AES256_CTS_HMAC_SHA384_192:
	default:
		return nil, nil
	}
	ke, err := et.DeriveKey(key, common.GetUsageKe(usage))
	if err != nil {
		return nil, err
	}
	ki, err := et.DeriveKey(key, common.GetUsageKi(usage))
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(ke)
	if err != nil {
		return nil, err
	}
	id := et.GetETypeID()
	return &sealer{block: block, mac: hmac.New(et.GetHashFunc(), ki), macLen: et.GetHMACBitLength() / 8,
		sha2: id == etypeID.AES128_CTS_HMAC_SHA256_128 || id == etypeID.AES256_CTS_HMAC_SHA384_192}, nil
}

// overhead is what seal adds: the confounder and the MAC.
func (s *sealer) overhead() int { return aes.BlockSize + s.macLen }

// seal appends to dst the encryption of parts (concatenated) behind a random confounder,
// followed by the MAC, as RFC 3961's simplified profile (RFC 3962) or RFC 8009 defines it.
func (s *sealer) seal(dst []byte, parts ...[]byte) ([]byte, error) {
	n := aes.BlockSize
	for _, p := range parts {
		n += len(p)
	}
	full := roundBlock(n)
	start := len(dst)
	dst = grow(dst, full+s.macLen)
	buf := dst[start : start+full]
	if _, err := rand.Read(buf[:aes.BlockSize]); err != nil {
		return nil, err
	}
	at := aes.BlockSize
	for _, p := range parts {
		at += copy(buf[at:], p)
	}
	clear(buf[n:])
	var sum []byte
	if !s.sha2 {
		sum = s.macOf(nil, buf[:n])
	}
	ctsEncrypt(s.block, buf, n)
	if s.sha2 {
		sum = s.macOf(zeroIV[:], buf[:n])
	}
	dst = dst[:start+n]
	return append(dst, sum...), nil
}

// open decrypts a sealed ciphertext (confounder, data, MAC) and returns the data, in a buffer
// of its own; src is left as it was.
func (s *sealer) open(src []byte) ([]byte, error) {
	n := len(src) - s.macLen
	if n < aes.BlockSize {
		return nil, errCipherShort
	}
	ct, tag := src[:n], src[n:]
	if s.sha2 && subtle.ConstantTimeCompare(s.macOf(zeroIV[:], ct), tag) != 1 {
		return nil, ErrBadIntegrity
	}
	buf := make([]byte, roundBlock(n))
	ctsDecrypt(s.block, buf, ct)
	if !s.sha2 && subtle.ConstantTimeCompare(s.macOf(nil, buf[:n]), tag) != 1 {
		return nil, ErrBadIntegrity
	}
	return buf[aes.BlockSize:n], nil
}

// macOf is the truncated HMAC of prefix and b.
func (s *sealer) macOf(prefix, b []byte) []byte {
	s.mac.Reset()
	s.mac.Write(prefix)
	s.mac.Write(b)
	return s.mac.Sum(s.sum[:0])[:s.macLen]
}

var zeroIV [aes.BlockSize]byte

func roundBlock(n int) int { return (n + aes.BlockSize - 1) &^ (aes.BlockSize - 1) }

// grow extends b by n bytes of length, reallocating once if needed.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), len(b)+n)
		copy(nb, b)
		b = nb
	}
	return b[:len(b)+n]
}

// ctsEncrypt encrypts buf[:n] in place with AES-CBC and ciphertext stealing (RFC 3962 §5, the
// CS3 variant: the last two blocks swapped), zero IV. buf holds n bytes rounded up to the
// block size, the tail zero; n is at least one block. The result is buf[:n].
func ctsEncrypt(b cipher.Block, buf []byte, n int) {
	if n == aes.BlockSize {
		b.Encrypt(buf, buf)
		return
	}
	full := roundBlock(n)
	cipher.NewCBCEncrypter(b, zeroIV[:]).CryptBlocks(buf[:full], buf[:full])
	// CBC over the zero-padded last block gives the last ciphertext block of CS3; the one
	// before it, cut to the length of the last plaintext block, goes last.
	var prev [aes.BlockSize]byte
	copy(prev[:], buf[full-2*aes.BlockSize:])
	copy(buf[full-2*aes.BlockSize:], buf[full-aes.BlockSize:full])
	copy(buf[full-aes.BlockSize:], prev[:])
}

// ctsDecrypt undoes ctsEncrypt: src (at least one block) decrypts into dst, which has room
// for len(src) rounded up to the block size.
func ctsDecrypt(b cipher.Block, dst, src []byte) {
	n := len(src)
	if n == aes.BlockSize {
		b.Decrypt(dst, src)
		return
	}
	full := roundBlock(n)
	r := n - (full - aes.BlockSize) // length of the last plaintext block, 1 to 16
	last := src[full-2*aes.BlockSize : full-aes.BlockSize]
	stolen := src[full-aes.BlockSize:] // r bytes: the start of the next-to-last CBC block
	var d, prevBlock [aes.BlockSize]byte
	b.Decrypt(d[:], last)
	// The next-to-last CBC ciphertext block is the stolen bytes and the tail of d; the last
	// plaintext block is d's head XOR the stolen bytes.
	copy(prevBlock[:], stolen)
	copy(prevBlock[r:], d[r:])
	copy(dst, src[:full-2*aes.BlockSize])
	copy(dst[full-2*aes.BlockSize:], prevBlock[:])
	cipher.NewCBCDecrypter(b, zeroIV[:]).CryptBlocks(dst[:full-aes.BlockSize], dst[:full-aes.BlockSize])
	for i := 0; i < r; i++ {
		dst[full-aes.BlockSize+i] = d[i] ^ stolen[i]
	}
}
