package gss

import (
	"encoding/binary"
	"fmt"
)

// GetMIC makes a MIC token for msg (RFC 4121 §4.2.6.1): header {04 04, flags, FF×5, SND_SEQ}
// and the checksum of msg followed by the header, in the sender's sign key usage. It shares
// the sequence numbers with Wrap.
func (c *Context) GetMIC(msg []byte) ([]byte, error) {
	if c.state != stateEstablished {
		return nil, ErrNoContext
	}
	hdr := c.micHeader(c.tokenFlags(), c.sendSeq)
	sum, err := c.et.GetChecksumHash(c.key.KeyValue, append(append([]byte(nil), msg...), hdr[:]...), c.signUsage(true))
	if err != nil {
		return nil, err
	}
	c.sendSeq++
	return append(hdr[:], sum...), nil
}

// VerifyMIC checks the peer's MIC token over msg, with the same direction and sequence checks
// as Unwrap.
func (c *Context) VerifyMIC(msg, tok []byte) error {
	if c.state != stateEstablished {
		return ErrNoContext
	}
	if len(tok) < headerLen || tok[0] != tokMIC0 || tok[1] != tokMIC1 {
		return fmt.Errorf("%w: not a MIC token", ErrDefectiveToken)
	}
	for _, b := range tok[3:8] {
		if b != 0xff {
			return fmt.Errorf("%w: MIC filler", ErrDefectiveToken)
		}
	}
	if err := c.checkPeerFlags(tok[2]); err != nil {
		return err
	}
	if tok[2]&flagSealed != 0 {
		return fmt.Errorf("%w: sealed flag in a MIC token", ErrDefectiveToken)
	}
	data := append(append([]byte(nil), msg...), tok[:headerLen]...)
	if !c.et.VerifyChecksum(c.key.KeyValue, data, tok[headerLen:], c.signUsage(false)) {
		return ErrBadIntegrity
	}
	return c.acceptSeq(binary.BigEndian.Uint64(tok[8:headerLen]))
}

func (c *Context) micHeader(flags byte, seq uint64) [headerLen]byte {
	hdr := [headerLen]byte{tokMIC0, tokMIC1, flags, 0xff, 0xff, 0xff, 0xff, 0xff}
	binary.BigEndian.PutUint64(hdr[8:], seq)
	return hdr
}
