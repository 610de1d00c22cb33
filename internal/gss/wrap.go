package gss

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// RFC 4121 §4.2 per-message token layout.
const (
	tokWrap0, tokWrap1 = 0x05, 0x04 // TOK_ID of a Wrap token
	tokMIC0, tokMIC1   = 0x04, 0x04 // TOK_ID of a MIC token
	headerLen          = 16

	flagSentByAcceptor = 0x01
	flagSealed         = 0x02
	flagAcceptorSubkey = 0x04

	usageAcceptorSeal  = 22
	usageAcceptorSign  = 23
	usageInitiatorSeal = 24
	usageInitiatorSign = 25
)

// tokenFlags are the flags of the tokens this side sends.
func (c *Context) tokenFlags() byte {
	var f byte
	if c.acceptor {
		f |= flagSentByAcceptor
	}
	if c.acceptorSubkey {
		f |= flagAcceptorSubkey
	}
	return f
}

// checkPeerFlags checks the flags of a token the peer sent: the direction (a token of ours
// reflected back fails) and the acceptor-subkey bit, which must say which key we use.
func (c *Context) checkPeerFlags(f byte) error {
	if (f&flagSentByAcceptor != 0) == c.acceptor {
		return ErrDirection
	}
	if (f&flagAcceptorSubkey != 0) != c.acceptorSubkey {
		return fmt.Errorf("%w: acceptor-subkey flag %v", ErrDefectiveToken, f&flagAcceptorSubkey != 0)
	}
	return nil
}

func (c *Context) sealUsage(ours bool) uint32 {
	if c.acceptor == ours {
		return usageAcceptorSeal
	}
	return usageInitiatorSeal
}

func (c *Context) signUsage(ours bool) uint32 {
	if c.acceptor == ours {
		return usageAcceptorSign
	}
	return usageInitiatorSign
}

// Overhead is how many bytes Wrap adds to a message: the header, and the encryption's
// confounder, encrypted header copy and checksum (60 bytes with the AES-SHA1 types).
func (c *Context) Overhead() int {
	if c.et == nil {
		return 0
	}
	return headerLen + c.et.GetConfounderByteSize() + headerLen + c.et.GetHMACBitLength()/8
}

// WrapSpace is the room Wrap needs behind dst for an n-byte message: the token and the
// padding encryption works in. A dst with that much spare capacity is not reallocated.
func (c *Context) WrapSpace(n int) int { return c.Overhead() + 15 + n }

// Wrap seals a message in a Wrap token (RFC 4121 §4.2.6.2, confidentiality on) and appends
// the token to dst: header {05 04, flags, FF, EC = 0, RRC = 0, SND_SEQ}, then the encryption of
// the message followed by a copy of the header, in the sender's seal key usage. The message is
// the concatenation of parts, so a caller need not copy a prefix and a body together first.
func (c *Context) Wrap(dst []byte, parts ...[]byte) ([]byte, error) {
	if c.state != stateEstablished {
		return dst, ErrNoContext
	}
	var hdr [headerLen]byte
	hdr[0], hdr[1], hdr[2], hdr[3] = tokWrap0, tokWrap1, c.tokenFlags()|flagSealed, 0xff
	binary.BigEndian.PutUint64(hdr[8:], c.sendSeq)
	dst = append(dst, hdr[:]...)
	var err error
	if c.sendSealer != nil {
		dst, err = c.sendSealer.seal(dst, append(parts, hdr[:])...)
	} else {
		dst, err = c.wrapSlow(dst, hdr, parts)
	}
	if err != nil {
		return dst[:len(dst)-headerLen], err
	}
	c.sendSeq++
	return dst, nil
}

// wrapSlow encrypts with gokrb5's EncryptMessage, for non-AES types.
func (c *Context) wrapSlow(dst []byte, hdr [headerLen]byte, parts [][]byte) ([]byte, error) {
	var plain []byte
	for _, p := range parts {
		plain = append(plain, p...)
	}
	plain = append(plain, hdr[:]...)
	_, sealed, err := c.et.EncryptMessage(c.key.KeyValue, plain, c.sealUsage(true))
	if err != nil {
		return dst, err
	}
	return append(dst, sealed...), nil
}

// Unwrap opens a Wrap token from the peer and returns the message appended to dst (with a nil
// dst, the message is returned where it was decrypted, without a copy). The token must be
// sealed, in the peer's direction, decrypt and verify, carry an encrypted header equal to its
// own (RRC aside), and have the next sequence number: any failure is an error and leaves the
// context's state unchanged.
func (c *Context) Unwrap(dst, tok []byte) ([]byte, error) {
	if c.state != stateEstablished {
		return dst, ErrNoContext
	}
	if len(tok) < headerLen || tok[0] != tokWrap0 || tok[1] != tokWrap1 || tok[3] != 0xff {
		return dst, fmt.Errorf("%w: not a wrap token", ErrDefectiveToken)
	}
	if err := c.checkPeerFlags(tok[2]); err != nil {
		return dst, err
	}
	if tok[2]&flagSealed == 0 {
		return dst, ErrNotSealed
	}
	ec := int(binary.BigEndian.Uint16(tok[4:]))
	rrc := int(binary.BigEndian.Uint16(tok[6:]))
	seq := binary.BigEndian.Uint64(tok[8:])
	body := tok[headerLen:]
	if len(body) < minCipher(c.et)+headerLen {
		return dst, fmt.Errorf("%w: %d-byte sealed data", ErrBadIntegrity, len(body))
	}
	if rrc != 0 {
		body = rotateLeft(body, rrc%len(body))
	}
	var plain []byte
	var err error
	if c.recvSealer != nil {
		plain, err = c.recvSealer.open(body)
	} else {
		plain, err = c.et.DecryptMessage(c.key.KeyValue, body, c.sealUsage(false))
	}
	if err != nil {
		return dst, fmt.Errorf("%w: %v", ErrBadIntegrity, err)
	}
	if len(plain) < headerLen+ec {
		return dst, fmt.Errorf("%w: sealed data shorter than its trailer", ErrDefectiveToken)
	}
	inner := plain[len(plain)-headerLen:]
	if !bytes.Equal(inner[:6], tok[:6]) || inner[6] != 0 || inner[7] != 0 || !bytes.Equal(inner[8:], tok[8:headerLen]) {
		return dst, fmt.Errorf("%w: encrypted header differs", ErrBadIntegrity)
	}
	if err := c.acceptSeq(seq); err != nil {
		return dst, err
	}
	msg := plain[:len(plain)-headerLen-ec]
	if dst == nil {
		return msg, nil
	}
	return append(dst, msg...), nil
}

// rotateLeft undoes a right rotation by n (RFC 4121 §4.2.5), in a copy.
func rotateLeft(b []byte, n int) []byte {
	out := make([]byte, len(b))
	copy(out, b[n:])
	copy(out[len(b)-n:], b[:n])
	return out
}

// acceptSeq checks a verified token's sequence number against the next one expected. Over a
// stream transport nothing may be lost, repeated or reordered, so only the exact next number
// passes: an older one is a replay (or reordering), a newer one a gap.
func (c *Context) acceptSeq(seq uint64) error {
	switch {
	case seq == c.recvSeq:
		c.recvSeq++
		return nil
	case seq < c.recvSeq:
		return fmt.Errorf("%w: sequence number %d, expected %d", ErrReplay, seq, c.recvSeq)
	}
	return fmt.Errorf("%w: sequence number %d, expected %d", ErrGap, seq, c.recvSeq)
}
