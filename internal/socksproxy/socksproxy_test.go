package socksproxy

import (
	"bytes"
	"io"
	"net"
	"net/netip"
	"testing"
	"time"
)

const waitLimit = 5 * time.Second

// echoServer accepts one connection on loopback, writes hello and echoes the rest.
func echoServer(t *testing.T, hello string) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.Write([]byte(hello))
		// Through a buffer: io.Copy between TCP connections would splice through pipes
		// that the net package keeps pooled past the test (the fd check counts them).
		io.CopyBuffer(struct{ io.Writer }{c}, struct{ io.Reader }{c}, make([]byte, 4096))
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return ln.Addr().String()
}

// dialThrough runs a client's exchange by hand against a proxy and returns the connection,
// with the reply read.
func dialThrough(t *testing.T, proxy, user, pass string, target netip.AddrPort) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp4", proxy, waitLimit)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(waitLimit))
	method := byte(0)
	if user != "" {
		method = 2
	}
	c.Write([]byte{5, 1, method})
	expectBytes(t, c, []byte{5, method})
	if user != "" {
		c.Write(append(append(append([]byte{1, byte(len(user))}, user...), byte(len(pass))), pass...))
		expectBytes(t, c, []byte{1, 0})
	}
	a := target.Addr().As4()
	c.Write(append(append([]byte{5, 1, 0, 1}, a[:]...), byte(target.Port()>>8), byte(target.Port())))
	head := make([]byte, 10)
	if _, err := io.ReadFull(c, head); err != nil || head[1] != 0 {
		t.Fatalf("CONNECT reply %x: %v", head, err)
	}
	return c
}

func expectBytes(t *testing.T, r io.Reader, want []byte) {
	t.Helper()
	got := make([]byte, len(want))
	if _, err := io.ReadFull(r, got); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %x (%v), want %x", got, err, want)
	}
}

func checkRelay(t *testing.T, c net.Conn) {
	t.Helper()
	expectBytes(t, c, []byte("hi"))
	c.Write([]byte("ping"))
	expectBytes(t, c, []byte("ping"))
}

func TestFakeRelaysAndRecords(t *testing.T) {
	target := netip.MustParseAddrPort(echoServer(t, "hi"))
	f := NewFake(t, Script{User: "u", Password: "p", Relay: true, Coalesce: true})
	c := dialThrough(t, f.Addr, "u", "p", target)
	checkRelay(t, c)
	s := f.Next(t, waitLimit)
	if s.Err != nil || s.User != "u" || s.Password != "p" || s.Target.Host != "127.0.0.1" || s.Target.Port != target.Port() {
		t.Fatalf("session %+v", s)
	}
	if !bytes.Equal(s.Greeting, []byte{5, 1, 2}) || !bytes.Equal(s.Login, []byte{1, 1, 'u', 1, 'p'}) {
		t.Fatalf("greeting %x login %x", s.Greeting, s.Login)
	}
}

func TestMicrosocks(t *testing.T) {
	for _, user := range []string{"", "zuser"} {
		target := netip.MustParseAddrPort(echoServer(t, "hi"))
		p := Microsocks(t, user, "zpass")
		checkRelay(t, dialThrough(t, p.Addr, user, "zpass", target))
	}
}

func TestDante(t *testing.T) {
	target := netip.MustParseAddrPort(echoServer(t, "hi"))
	p := Dante(t)
	checkRelay(t, dialThrough(t, p.Addr, "", "", target))
}

func TestCodecRoundTrip(t *testing.T) {
	for _, bnd := range []Bound{{}, {ATYP: ATYPIPv6, Addr: make([]byte, 16), Port: 9}, {ATYP: ATYPDomain, Addr: []byte("x.y"), Port: 1}} {
		r := AppendReply(nil, 0, bnd)
		q, raw, err := ReadRequest(bytes.NewReader(r)) // a reply has a request's shape
		if err != nil || !bytes.Equal(raw, r) || q.Port != bnd.Port {
			t.Errorf("%+v: %x -> %+v %v", bnd, r, q, err)
		}
	}
}
