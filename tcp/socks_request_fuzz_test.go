package tcp

import (
	"bytes"
	"errors"
	"net/netip"
	"testing"

	"github.com/zreactor/zmq/internal/socksproxy"
)

// FuzzSocksReply feeds arbitrary proxy answers to the reply check in chunks of arbitrary
// sizes, as reads would deliver them. It must never ask for more than the longest reply,
// must reach the same verdict after the same number of bytes however the input is cut, and a
// reply it accepts must be exactly what the server-side encoder of internal/socksproxy makes
// of the fields it holds.
func FuzzSocksReply(f *testing.F) {
	f.Add(uint8(stepMethod), false, []byte{5, 0}, []byte{1})
	f.Add(uint8(stepMethod), true, []byte{5, 2, 0xff}, []byte{2})
	f.Add(uint8(stepMethod), true, []byte{5, 0xff}, []byte{})
	f.Add(uint8(stepLogin), true, []byte{1, 0}, []byte{1, 1})
	f.Add(uint8(stepLogin), true, []byte{1, 1}, []byte{})
	f.Add(uint8(stepConnect), false, socksproxy.AppendReply(nil, 0, socksproxy.Bound{}), []byte{3, 7})
	f.Add(uint8(stepConnect), false, socksproxy.AppendReply(nil, 0, socksproxy.Bound{ATYP: 4, Addr: make([]byte, 16), Port: 80}), []byte{5})
	f.Add(uint8(stepConnect), false, socksproxy.AppendReply([]byte{}, 0, socksproxy.Bound{ATYP: 3, Addr: []byte("bound.example"), Port: 1}), []byte{1, 2, 3})
	f.Add(uint8(stepConnect), false, socksproxy.AppendReply(nil, 5, socksproxy.Bound{}), []byte{})
	f.Add(uint8(stepConnect), false, []byte{5, 0, 0, 9, 1, 2, 3}, []byte{4})
	f.Fuzz(func(t *testing.T, stepN uint8, login bool, data, cuts []byte) {
		step := socksStep(stepN % 3)
		took, err := readReply(t, step, login, data, cuts)
		took1, err1 := readReply(t, step, login, data, nil)
		// An error may show later in a longer read, but never only in one way of reading.
		if (err == nil) != (err1 == nil) || (err == nil && took != took1) {
			t.Fatalf("cut %v: %d bytes, %v; byte by byte: %d bytes, %v", cuts, took, err, took1, err1)
		}
		if err != nil {
			var se *socksError
			if !errors.Is(err, errShort) && !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not a socksError", err, err)
			}
			return
		}
		checkAccepted(t, step, login, data[:took])
	})
}

// readReply takes data as successive reads of at most the sizes in cuts (1 byte when cuts
// runs out), each no longer than checkSocksReply asked for, and returns how much it took.
func readReply(t *testing.T, step socksStep, login bool, data, cuts []byte) (int, error) {
	n := 0
	for i := 0; ; i++ {
		missing, err := checkSocksReply(step, login, data[:n])
		if err != nil || missing == 0 {
			return n, err
		}
		if missing < 0 || n+missing > socksMaxReply {
			t.Fatalf("after %d bytes, asks for %d more (longest reply %d)", n, missing, socksMaxReply)
		}
		chunk := 1
		if i < len(cuts) && cuts[i] > 0 {
			chunk = int(cuts[i])
		}
		chunk = min(chunk, missing, len(data)-n)
		if chunk == 0 {
			return n, errShort
		}
		n += chunk
	}
}

func checkAccepted(t *testing.T, step socksStep, login bool, r []byte) {
	switch step {
	case stepMethod:
		want := []byte{5, 0}
		if login {
			want[1] = 2
		}
		if !bytes.Equal(r, want) {
			t.Fatalf("method choice %x accepted (login %v)", r, login)
		}
	case stepLogin:
		if !bytes.Equal(r, []byte{1, 0}) {
			t.Fatalf("login status %x accepted", r)
		}
	case stepConnect:
		q, raw, err := socksproxy.ReadRequest(bytes.NewReader(r)) // the reply has a request's shape
		if err != nil || len(raw) != len(r) || q.Cmd != 0 {
			t.Fatalf("accepted reply %x reads back as %+v (%d bytes), %v", r, q, len(raw), err)
		}
		b := socksproxy.Bound{ATYP: q.ATYP, Port: q.Port, Addr: []byte(q.Host)}
		if q.ATYP != socksproxy.ATYPDomain {
			b.Addr = q.Addr.AsSlice()
		}
		again := socksproxy.AppendReply(nil, 0, b)
		again[2] = r[2] // RSV is not checked
		if !bytes.Equal(again, r) {
			t.Fatalf("accepted reply %x, encodes back as %x", r, again)
		}
	}
}

// FuzzSocksRequest checks the client's requests against the server-side parser: what a
// proxy reads is what the client meant, byte for byte, and the encoder refuses exactly what
// cannot be sent.
func FuzzSocksRequest(f *testing.F) {
	f.Add("127.0.0.1", uint16(6001), "zuser", "zpass")
	f.Add("localhost", uint16(80), "u", "")
	f.Add("::1", uint16(1), "", "p")
	f.Add("fe80::1%eth0", uint16(2), "x", "y")
	f.Add("::ffff:1.2.3.4", uint16(3), "", "")
	f.Add("a%b", uint16(4), "", "")
	f.Fuzz(func(t *testing.T, host string, port uint16, user, password string) {
		checkConnectRequest(t, host, port)
		checkLoginRequest(t, user, password)
	})
}

func checkConnectRequest(t *testing.T, host string, port uint16) {
	req, err := appendSocksConnect(nil, host, port)
	ip, ipErr := netip.ParseAddr(host)
	if ipErr != nil && socksNameProblem(host) != "" {
		if err == nil {
			t.Fatalf("host %q encoded as %x, want an error", host, req)
		}
		return
	}
	if err != nil {
		t.Fatalf("host %q: %v", host, err)
	}
	q, raw, err := socksproxy.ReadRequest(bytes.NewReader(req))
	if err != nil || len(raw) != len(req) || q.Cmd != socksCmdConnect || q.Port != port {
		t.Fatalf("%q:%d -> %x reads back as %+v, %v", host, port, req, q, err)
	}
	switch {
	case ipErr != nil:
		if q.ATYP != socksproxy.ATYPDomain || q.Host != host {
			t.Fatalf("name %q went as ATYP %d %q", host, q.ATYP, q.Host)
		}
	case ip.Is4():
		if q.ATYP != socksproxy.ATYPIPv4 || q.Addr != ip {
			t.Fatalf("IPv4 %q went as ATYP %d %v", host, q.ATYP, q.Addr)
		}
	default:
		if q.ATYP != socksproxy.ATYPIPv6 || q.Addr != ip.WithZone("") {
			t.Fatalf("IPv6 %q went as ATYP %d %v", host, q.ATYP, q.Addr)
		}
	}
}

func checkLoginRequest(t *testing.T, user, password string) {
	req, err := appendSocksLogin(nil, user, password)
	if user == "" || len(user) > MaxSocksField || len(password) > MaxSocksField {
		if err == nil {
			t.Fatalf("login %d/%d bytes encoded", len(user), len(password))
		}
		return
	}
	u, p, raw, err := socksproxy.ReadLogin(bytes.NewReader(req))
	if err != nil || u != user || p != password || len(raw) != len(req) {
		t.Fatalf("login %q/%q -> %x reads back as %q/%q, %v", user, password, req, u, p, err)
	}
}
