package zmq

import "github.com/zreactor/zmq/internal/zerr"

// Z85 is ZeroMQ's printable encoding of binary data (RFC 32): every 4 bytes, read as a
// big-endian number, become 5 characters of an 85-character alphabet chosen to be safe in
// source code, shells and configuration files. CURVE keys are usually written as 40 Z85
// characters.

// z85Alphabet maps a base-85 digit to its character (RFC 32).
const z85Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"

// z85Digits maps a character back to its digit, 0xff for characters outside the alphabet.
var z85Digits = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < len(z85Alphabet); i++ {
		t[z85Alphabet[i]] = byte(i)
	}
	return t
}()

// Z85Encode encodes data, whose length must be a multiple of 4, as Z85 (zmq_z85_encode): the
// result is 5 characters for every 4 bytes. Other lengths fail with ErrInvalid.
func Z85Encode(data []byte) (string, error) {
	if len(data)%4 != 0 {
		return "", zerr.With(zerr.ErrInvalid, "Z85 encoding needs a multiple of 4 bytes, got %d", len(data))
	}
	out := make([]byte, len(data)/4*5)
	for i, o := 0, 0; i < len(data); i, o = i+4, o+5 {
		v := uint32(data[i])<<24 | uint32(data[i+1])<<16 | uint32(data[i+2])<<8 | uint32(data[i+3])
		for k := 4; k >= 0; k-- {
			out[o+k] = z85Alphabet[v%85]
			v /= 85
		}
	}
	return string(out), nil
}

// Z85Decode decodes a Z85 string (zmq_z85_decode). Its length must be a non-zero multiple of
// 5, every character must be in the alphabet, and no group of 5 may stand for more than 32
// bits; otherwise it fails with ErrInvalid, as libzmq does.
func Z85Decode(s string) ([]byte, error) {
	if len(s) == 0 || len(s)%5 != 0 {
		return nil, zerr.With(zerr.ErrInvalid, "Z85 text must be a non-empty multiple of 5 characters, got %d", len(s))
	}
	out := make([]byte, len(s)/5*4)
	for i, o := 0, 0; i < len(s); i, o = i+5, o+4 {
		var v uint64
		for k := 0; k < 5; k++ {
			d := z85Digits[s[i+k]]
			if d == 0xff {
				return nil, zerr.With(zerr.ErrInvalid, "Z85 text has %q at offset %d, outside the alphabet", s[i+k], i+k)
			}
			v = v*85 + uint64(d)
		}
		if v > 0xffffffff {
			return nil, zerr.With(zerr.ErrInvalid, "Z85 group at offset %d exceeds 32 bits", i)
		}
		out[o], out[o+1], out[o+2], out[o+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	return out, nil
}
