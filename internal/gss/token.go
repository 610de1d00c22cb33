package gss

import (
	"bytes"
	"fmt"
)

// krb5OID is the DER encoding of the Kerberos V5 mechanism OID 1.2.840.113554.1.2.2
// (RFC 1964 §1), the thisMech of every initial context token here.
var krb5OID = []byte{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02}

// TOK_ID values of the context establishment tokens (RFC 4121 §4.1).
const (
	tokAPReq    uint16 = 0x0100
	tokAPRep    uint16 = 0x0200
	tokKRBError uint16 = 0x0300
)

// maxContextToken bounds a context establishment token. An AP-REQ carries a ticket, whose PAC
// can be tens of kilobytes in big Active Directory realms; MIT's own tokens here are under 1 KiB.
const maxContextToken = 1 << 20

// frameToken wraps a Kerberos message in an RFC 2743 §3.1 InitialContextToken:
// [APPLICATION 0] { thisMech OID, TOK_ID, message }. RFC 4121 §4.1 uses the same framing for
// every context establishment token, not only the first.
func frameToken(tokID uint16, krbMsg []byte) []byte {
	inner := 2 + len(krb5OID) + 2 + len(krbMsg)
	out := make([]byte, 0, 1+derLenSize(inner)+inner)
	out = append(out, 0x60)
	out = appendDERLen(out, inner)
	out = append(out, 0x06, byte(len(krb5OID)))
	out = append(out, krb5OID...)
	out = append(out, byte(tokID>>8), byte(tokID))
	return append(out, krbMsg...)
}

// parseToken undoes frameToken: it checks the framing, the DER length (exact, definite,
// minimal), the mechanism OID, and returns the TOK_ID and the Kerberos message.
func parseToken(tok []byte) (tokID uint16, krbMsg []byte, err error) {
	if len(tok) > maxContextToken {
		return 0, nil, fmt.Errorf("%w: %d-byte context token", ErrDefectiveToken, len(tok))
	}
	if len(tok) < 2 || tok[0] != 0x60 {
		return 0, nil, fmt.Errorf("%w: not an initial context token", ErrDefectiveToken)
	}
	n, body, err := parseDERLen(tok[1:])
	if err != nil {
		return 0, nil, err
	}
	if n != len(body) {
		return 0, nil, fmt.Errorf("%w: token length %d, %d bytes follow", ErrDefectiveToken, n, len(body))
	}
	if len(body) < 2 || body[0] != 0x06 {
		return 0, nil, fmt.Errorf("%w: no mechanism OID", ErrDefectiveToken)
	}
	oidLen := int(body[1])
	if oidLen >= 0x80 || len(body) < 2+oidLen {
		return 0, nil, fmt.Errorf("%w: bad mechanism OID", ErrDefectiveToken)
	}
	if !bytes.Equal(body[2:2+oidLen], krb5OID) {
		return 0, nil, ErrBadMech
	}
	rest := body[2+oidLen:]
	if len(rest) < 2 {
		return 0, nil, fmt.Errorf("%w: no TOK_ID", ErrDefectiveToken)
	}
	return uint16(rest[0])<<8 | uint16(rest[1]), rest[2:], nil
}

func derLenSize(n int) int {
	switch {
	case n < 0x80:
		return 1
	case n <= 0xff:
		return 2
	case n <= 0xffff:
		return 3
	case n <= 0xffffff:
		return 4
	}
	return 5
}

func appendDERLen(b []byte, n int) []byte {
	size := derLenSize(n)
	if size == 1 {
		return append(b, byte(n))
	}
	b = append(b, 0x80|byte(size-1))
	for i := size - 2; i >= 0; i-- {
		b = append(b, byte(n>>(8*i)))
	}
	return b
}

// parseDERLen reads a definite DER length in its minimal form.
func parseDERLen(b []byte) (n int, rest []byte, err error) {
	if len(b) == 0 {
		return 0, nil, fmt.Errorf("%w: no length", ErrDefectiveToken)
	}
	if b[0] < 0x80 {
		return int(b[0]), b[1:], nil
	}
	size := int(b[0] & 0x7f)
	if size == 0 || size > 4 || len(b) < 1+size {
		return 0, nil, fmt.Errorf("%w: bad length", ErrDefectiveToken)
	}
	if b[1] == 0 {
		return 0, nil, fmt.Errorf("%w: length not minimal", ErrDefectiveToken)
	}
	for _, c := range b[1 : 1+size] {
		n = n<<8 | int(c)
	}
	if n < 0x80 {
		return 0, nil, fmt.Errorf("%w: length not minimal", ErrDefectiveToken)
	}
	return n, b[1+size:], nil
}
