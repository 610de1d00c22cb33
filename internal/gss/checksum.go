package gss

import (
	"encoding/binary"
	"fmt"
)

// Flags are the GSS-API context flags (RFC 2744 §5.19), as they travel in the authenticator
// checksum.
type Flags uint32

// The context flags.
const (
	FlagDeleg    Flags = 0x01
	FlagMutual   Flags = 0x02
	FlagReplay   Flags = 0x04
	FlagSequence Flags = 0x08
	FlagConf     Flags = 0x10
	FlagInteg    Flags = 0x20
)

// DefaultFlags are what an initiator asks for: mutual authentication, confidentiality and
// integrity, and replay and sequence detection. libzmq's MIT initiator sends 0x136, without
// FlagSequence; asking for it here makes a MIT acceptor check our order too, and our own
// Unwrap checks order whatever the flags.
const DefaultFlags = FlagMutual | FlagReplay | FlagSequence | FlagConf | FlagInteg

// gssChecksumType is the authenticator checksum type RFC 4121 §4.1.1 defines for GSS-API.
const gssChecksumType = 0x8003

// gssChecksum is the 0x8003 checksum's value: a 16-byte channel-binding hash and the flags.
// Lgth, Bnd and Flags are little-endian, as the RFC says; delegation and extensions follow
// only when present.
type gssChecksum struct {
	Bindings [16]byte
	Flags    Flags
}

// marshal encodes the checksum without delegation: Lgth = 16, Bnd, Flags.
func (c gssChecksum) marshal() []byte {
	b := make([]byte, 24)
	binary.LittleEndian.PutUint32(b[0:], 16)
	copy(b[4:20], c.Bindings[:])
	binary.LittleEndian.PutUint32(b[20:], uint32(c.Flags&^FlagDeleg))
	return b
}

// parseGSSChecksum decodes a 0x8003 checksum. With FlagDeleg, DlgOpt (1), Dlgth and a
// KRB-CRED of that length follow; the credential is skipped (not used), but its length must
// fit. Extensions after it are allowed and ignored (RFC 4121 §4.1.1.2).
func parseGSSChecksum(b []byte) (gssChecksum, error) {
	var c gssChecksum
	if len(b) < 24 {
		return c, fmt.Errorf("%w: %d-byte GSS checksum", ErrDefectiveToken, len(b))
	}
	if binary.LittleEndian.Uint32(b) != 16 {
		return c, fmt.Errorf("%w: GSS checksum Lgth %d", ErrDefectiveToken, binary.LittleEndian.Uint32(b))
	}
	copy(c.Bindings[:], b[4:20])
	c.Flags = Flags(binary.LittleEndian.Uint32(b[20:]))
	if c.Flags&FlagDeleg != 0 {
		rest := b[24:]
		if len(rest) < 4 || binary.LittleEndian.Uint16(rest) != 1 ||
			int(binary.LittleEndian.Uint16(rest[2:])) > len(rest)-4 {
			return c, fmt.Errorf("%w: bad delegation in GSS checksum", ErrDefectiveToken)
		}
	}
	return c, nil
}
