// Package zmtptest is a raw ZMTP peer for black-box tests: a plain TCP or unix-domain
// connection (the test side may use the Go netpoller; only the library may not) plus byte
// builders for greetings, commands and frames, from ZMTP 3.1 (RFC 37). Tests use it to send
// exactly the bytes they mean, good or bad (as libzmq's tests use raw sockets).
//
// It is for _test.go files only, of the root package and of interop; it needs no cgo.
// Threading rule: a Peer belongs to the test goroutine that made it.
package zmtptest

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/testutil"
)

// ZMTP frame flags (RFC 23).
const (
	FlagMore    byte = 0x01
	FlagLong    byte = 0x02
	FlagCommand byte = 0x04
)

// Signature is the first 10 greeting bytes of a peer with an empty routing id, which is
// what libzmq sends before anything else.
func Signature() []byte {
	return []byte{0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F}
}

// Greeting is a whole 64-byte ZMTP 3.x greeting with the given version and mechanism
// (at most 20 bytes, zero padded), as-server 0.
func Greeting(major, minor byte, mechanism string) []byte {
	g := make([]byte, 64)
	copy(g, Signature())
	g[10], g[11] = major, minor
	copy(g[12:32], mechanism)
	return g
}

// NullGreeting is the greeting libzmq 4.3.4 sends: ZMTP 3.1, NULL.
func NullGreeting() []byte { return Greeting(3, 1, "NULL") }

// Prop appends one property: 1-octet name length, name, 4-octet big-endian value length,
// value.
func Prop(dst []byte, name, value string) []byte {
	dst = append(dst, byte(len(name)))
	dst = append(dst, name...)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(value)))
	return append(dst, value...)
}

// CommandBody is a command body: name length, name, data.
func CommandBody(name string, data []byte) []byte {
	b := append([]byte{byte(len(name))}, name...)
	return append(b, data...)
}

// Ready is a whole READY command frame carrying the properties given as name, value
// pairs; Ready("Socket-Type", "DEALER", "Identity", "") is what a libzmq DEALER sends.
func Ready(nameValues ...string) []byte {
	var props []byte
	for i := 0; i+1 < len(nameValues); i += 2 {
		props = Prop(props, nameValues[i], nameValues[i+1])
	}
	return Frame(FlagCommand, CommandBody("READY", props))
}

// Frame encodes one frame as libzmq does: short form up to 255 bytes, long above.
func Frame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		return append(LongHeader(flags, uint64(len(body))), body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// LongHeader is the header of a long frame declaring size bytes (the body is the
// caller's business, so a test can lie about it).
func LongHeader(flags byte, size uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{flags | FlagLong}, size)
}

// Message encodes a multipart message: More on every frame but the last.
func Message(frames ...string) []byte {
	var b []byte
	for i, f := range frames {
		fl := byte(0)
		if i < len(frames)-1 {
			fl = FlagMore
		}
		b = append(b, Frame(fl, []byte(f))...)
	}
	return b
}

// TCPAddr turns "tcp://host:port" into "host:port" for net.Dial.
func TCPAddr(t testing.TB, endpoint string) string {
	t.Helper()
	addr, ok := strings.CutPrefix(endpoint, "tcp://")
	if !ok {
		t.Fatalf("not a tcp endpoint: %q", endpoint)
	}
	return addr
}

// Peer is one raw TCP or unix-domain connection to a zreactor socket.
type Peer struct {
	T    testing.TB // the test it fails
	Conn net.Conn   // a *net.TCPConn or, for ipc endpoints, a *net.UnixConn
}

// Dial connects a raw client to endpoint, "tcp://host:port" or "ipc://path" ("ipc://@name"
// for an abstract name); the connection is closed when the test ends.
func Dial(t testing.TB, endpoint string) *Peer {
	t.Helper()
	network, addr := "tcp", ""
	if path, ok := strings.CutPrefix(endpoint, "ipc://"); ok {
		network, addr = "unix", path
	} else {
		addr = TCPAddr(t, endpoint)
	}
	c, err := net.DialTimeout(network, addr, testutil.WaitTimeout)
	if err != nil {
		t.Fatalf("raw dial %s: %v", endpoint, err)
	}
	return NewPeer(t, c)
}

// NewPeer makes a Peer of a connection the test dialled itself (from a chosen source
// address, say); the connection is closed when the test ends.
func NewPeer(t testing.TB, conn net.Conn) *Peer {
	p := &Peer{T: t, Conn: conn}
	t.Cleanup(func() { p.Conn.Close() })
	return p
}

// Write sends every chunk in order, failing the test on a write error.
func (p *Peer) Write(chunks ...[]byte) {
	p.T.Helper()
	if err := p.TryWrite(chunks...); err != nil {
		p.T.Fatalf("raw write: %v", err)
	}
}

// TryWrite sends every chunk in order and returns the first error (a peer that already
// closed may make writes fail, which some bad-input tests expect).
func (p *Peer) TryWrite(chunks ...[]byte) error {
	p.Conn.SetWriteDeadline(time.Now().Add(testutil.WaitTimeout))
	for _, c := range chunks {
		if _, err := p.Conn.Write(c); err != nil {
			return err
		}
	}
	return nil
}

// Read returns exactly n bytes, failing the test after testutil.WaitTimeout.
func (p *Peer) Read(n int) []byte {
	p.T.Helper()
	b := make([]byte, n)
	p.Conn.SetReadDeadline(time.Now().Add(testutil.WaitTimeout))
	if _, err := io.ReadFull(p.Conn, b); err != nil {
		p.T.Fatalf("raw read of %d bytes: %v", n, err)
	}
	return b
}

// ReadFrame reads one ZMTP 3.x frame and returns its flags (without LONG) and body.
func (p *Peer) ReadFrame() (flags byte, body []byte) {
	p.T.Helper()
	h := p.Read(2)
	flags, size := h[0], uint64(h[1])
	if flags&FlagLong != 0 {
		rest := p.Read(7)
		size = binary.BigEndian.Uint64(append([]byte{h[1]}, rest...))
	}
	if size > 1<<20 {
		p.T.Fatalf("raw read: frame of %d bytes, more than a test expects", size)
	}
	return flags &^ FlagLong, p.Read(int(size))
}

// ReadGreeting reads the peer's 64-byte greeting and checks it is ZMTP 3.1 NULL.
func (p *Peer) ReadGreeting() []byte {
	p.T.Helper()
	g := p.Read(64)
	if g[0] != 0xFF || g[9]&1 == 0 || g[10] != 3 || string(g[12:16]) != "NULL" {
		p.T.Fatalf("unexpected greeting % x", g)
	}
	return g
}

// Handshake completes a NULL handshake as a peer of type socketType: our greeting, theirs,
// our READY, theirs. It returns the properties of their READY, undecoded.
func (p *Peer) Handshake(socketType string) []byte {
	p.T.Helper()
	p.Write(NullGreeting())
	p.ReadGreeting()
	ready := Ready("Socket-Type", socketType)
	if socketType == "DEALER" || socketType == "REQ" || socketType == "ROUTER" {
		ready = Ready("Socket-Type", socketType, "Identity", "")
	}
	p.Write(ready)
	flags, body := p.ReadFrame()
	if flags != FlagCommand || len(body) < 6 || string(body[:6]) != "\x05READY" {
		p.T.Fatalf("expected READY, got flags %#x body %q", flags, body)
	}
	return body[6:]
}

// ReadMessage reads data frames up to the last one of a message, skipping commands (PINGs).
func (p *Peer) ReadMessage() []string {
	p.T.Helper()
	var frames []string
	for {
		flags, body := p.ReadFrame()
		if flags&FlagCommand != 0 {
			continue
		}
		frames = append(frames, string(body))
		if flags&FlagMore == 0 {
			return frames
		}
	}
}

// ExpectClosed reads (and discards) until the other side closes the connection, failing if
// that does not happen within testutil.WaitTimeout. A reset counts as closed.
func (p *Peer) ExpectClosed() {
	p.T.Helper()
	p.Conn.SetReadDeadline(time.Now().Add(testutil.WaitTimeout))
	buf := make([]byte, 4096)
	for {
		_, err := p.Conn.Read(buf)
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
			return
		default:
			p.T.Fatalf("raw peer: want the connection closed by the other side, got %v", err)
		}
	}
}

// Close closes the raw connection.
func (p *Peer) Close() { p.Conn.Close() }
