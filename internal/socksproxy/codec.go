package socksproxy

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
)

// The server's side of RFC 1928 and RFC 1929, written separately from the client's encoder in
// tcp/ so that each checks the other.

// Address types (ATYP).
const (
	ATYPIPv4   = 1
	ATYPDomain = 3
	ATYPIPv6   = 4
)

// Request is a CONNECT (or other) request as the proxy read it.
type Request struct {
	Cmd  byte
	ATYP byte
	Host string // the name for ATYPDomain; Addr's text otherwise
	Addr netip.Addr
	Port uint16
}

// ErrVersion reports a message whose version octet is wrong.
var ErrVersion = errors.New("socksproxy: wrong version")

// ReadGreeting reads VER NMETHODS METHODS and returns the methods and the raw bytes.
func ReadGreeting(r io.Reader) (methods, raw []byte, err error) {
	raw, err = readN(r, nil, 2)
	if err != nil {
		return nil, raw, err
	}
	if raw[0] != 5 {
		return nil, raw, ErrVersion
	}
	raw, err = readN(r, raw, int(raw[1]))
	return raw[2:], raw, err
}

// ReadLogin reads RFC 1929's VER ULEN UNAME PLEN PASSWD.
func ReadLogin(r io.Reader) (user, password string, raw []byte, err error) {
	raw, err = readN(r, nil, 2)
	if err != nil {
		return "", "", raw, err
	}
	if raw[0] != 1 {
		return "", "", raw, ErrVersion
	}
	raw, err = readN(r, raw, int(raw[1])+1)
	if err != nil {
		return "", "", raw, err
	}
	user = string(raw[2 : len(raw)-1])
	raw, err = readN(r, raw, int(raw[len(raw)-1]))
	return user, string(raw[3+len(user):]), raw, err
}

// ReadRequest reads VER CMD RSV ATYP DST.ADDR DST.PORT.
func ReadRequest(r io.Reader) (Request, []byte, error) {
	raw, err := readN(r, nil, 5)
	if err != nil {
		return Request{}, raw, err
	}
	if raw[0] != 5 {
		return Request{}, raw, ErrVersion
	}
	q := Request{Cmd: raw[1], ATYP: raw[3]}
	start := 4
	switch q.ATYP {
	case ATYPIPv4:
		raw, err = readN(r, raw, 4-1+2)
	case ATYPIPv6:
		raw, err = readN(r, raw, 16-1+2)
	case ATYPDomain:
		start = 5
		raw, err = readN(r, raw, int(raw[4])+2)
	default:
		return q, raw, fmt.Errorf("socksproxy: address type %d", q.ATYP)
	}
	if err != nil {
		return q, raw, err
	}
	addr := raw[start : len(raw)-2]
	q.Port = uint16(raw[len(raw)-2])<<8 | uint16(raw[len(raw)-1])
	if q.ATYP == ATYPDomain {
		q.Host = string(addr)
	} else {
		q.Addr, _ = netip.AddrFromSlice(addr)
		q.Host = q.Addr.String()
	}
	return q, raw, nil
}

// Bound is the address a reply reports as bound: ATYP with 4 or 16 address bytes or a name.
// The zero Bound is IPv4 0.0.0.0:0.
type Bound struct {
	ATYP byte
	Addr []byte
	Port uint16
}

// AppendReply appends VER REP RSV ATYP BND.ADDR BND.PORT.
func AppendReply(b []byte, rep byte, bnd Bound) []byte {
	atyp, addr := bnd.ATYP, bnd.Addr
	if atyp == 0 {
		atyp, addr = ATYPIPv4, []byte{0, 0, 0, 0}
	}
	b = append(b, 5, rep, 0, atyp)
	if atyp == ATYPDomain {
		b = append(b, byte(len(addr)))
	}
	b = append(b, addr...)
	return append(b, byte(bnd.Port>>8), byte(bnd.Port))
}

// readN appends exactly n bytes from r to b.
func readN(r io.Reader, b []byte, n int) ([]byte, error) {
	k := len(b)
	b = append(b, make([]byte, n)...)
	m, err := io.ReadFull(r, b[k:])
	return b[:k+m], err
}
