package zmq_test

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A raw ZMTP peer for black-box tests: a plain TCP connection (the test side may use the Go
// netpoller; only the library may not) plus byte builders for greetings, commands and frames,
// from ZMTP.md §2.1-2.3. Tests use it to send exactly the bytes they mean, good or bad.

// ZMTP frame flags (RFC 23).
const (
	zmtpMore    byte = 0x01
	zmtpLong    byte = 0x02
	zmtpCommand byte = 0x04
)

// zmtpSignature is the first 10 greeting bytes of a peer with an empty routing id, which is
// what libzmq sends before anything else.
func zmtpSignature() []byte {
	return []byte{0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F}
}

// zmtpGreeting is a whole 64-byte ZMTP 3.x greeting with the given version and mechanism
// (at most 20 bytes, zero padded), as-server 0.
func zmtpGreeting(major, minor byte, mechanism string) []byte {
	g := make([]byte, 64)
	copy(g, zmtpSignature())
	g[10], g[11] = major, minor
	copy(g[12:32], mechanism)
	return g
}

// zmtpNullGreeting is the greeting libzmq 4.3.4 sends: ZMTP 3.1, NULL.
func zmtpNullGreeting() []byte { return zmtpGreeting(3, 1, "NULL") }

// zmtpProp appends one property: 1-octet name length, name, 4-octet big-endian value length,
// value.
func zmtpProp(dst []byte, name, value string) []byte {
	dst = append(dst, byte(len(name)))
	dst = append(dst, name...)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(value)))
	return append(dst, value...)
}

// zmtpCommandBody is a command body: name length, name, data.
func zmtpCommandBody(name string, data []byte) []byte {
	b := append([]byte{byte(len(name))}, name...)
	return append(b, data...)
}

// zmtpReady is a whole READY command frame carrying the properties given as name, value
// pairs; zmtpReady("Socket-Type", "DEALER", "Identity", "") is what a libzmq DEALER sends.
func zmtpReady(nameValues ...string) []byte {
	var props []byte
	for i := 0; i+1 < len(nameValues); i += 2 {
		props = zmtpProp(props, nameValues[i], nameValues[i+1])
	}
	return zmtpFrame(zmtpCommand, zmtpCommandBody("READY", props))
}

// zmtpFrame encodes one frame as libzmq does: short form up to 255 bytes, long above.
func zmtpFrame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		return append(zmtpLongHeader(flags, uint64(len(body))), body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// zmtpLongHeader is the header of a long frame declaring size bytes (the body is the
// caller's business, so a test can lie about it).
func zmtpLongHeader(flags byte, size uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{flags | zmtpLong}, size)
}

// zmtpMessage encodes a multipart message: More on every frame but the last.
func zmtpMessage(frames ...string) []byte {
	var b []byte
	for i, f := range frames {
		fl := byte(0)
		if i < len(frames)-1 {
			fl = zmtpMore
		}
		b = append(b, zmtpFrame(fl, []byte(f))...)
	}
	return b
}

// tcpAddr turns "tcp://host:port" into "host:port" for net.Dial.
func tcpAddr(t testing.TB, endpoint string) string {
	t.Helper()
	addr, ok := strings.CutPrefix(endpoint, "tcp://")
	if !ok {
		t.Fatalf("not a tcp endpoint: %q", endpoint)
	}
	return addr
}

// rawPeer is one raw TCP connection to a zreactor socket.
type rawPeer struct {
	t    testing.TB
	conn *net.TCPConn
}

// dialRaw connects a raw TCP client to endpoint; the connection is closed when the test ends.
func dialRaw(t testing.TB, endpoint string) *rawPeer {
	t.Helper()
	c, err := net.DialTimeout("tcp", tcpAddr(t, endpoint), waitTimeout)
	if err != nil {
		t.Fatalf("raw dial %s: %v", endpoint, err)
	}
	p := &rawPeer{t: t, conn: c.(*net.TCPConn)}
	t.Cleanup(func() { p.conn.Close() })
	return p
}

// write sends every chunk in order, failing the test on a write error.
func (p *rawPeer) write(chunks ...[]byte) {
	p.t.Helper()
	if err := p.tryWrite(chunks...); err != nil {
		p.t.Fatalf("raw write: %v", err)
	}
}

// tryWrite sends every chunk in order and returns the first error (a peer that already
// closed may make writes fail, which some bad-input tests expect).
func (p *rawPeer) tryWrite(chunks ...[]byte) error {
	p.conn.SetWriteDeadline(time.Now().Add(waitTimeout))
	for _, c := range chunks {
		if _, err := p.conn.Write(c); err != nil {
			return err
		}
	}
	return nil
}

// read returns exactly n bytes, failing the test after waitTimeout.
func (p *rawPeer) read(n int) []byte {
	p.t.Helper()
	b := make([]byte, n)
	p.conn.SetReadDeadline(time.Now().Add(waitTimeout))
	if _, err := io.ReadFull(p.conn, b); err != nil {
		p.t.Fatalf("raw read of %d bytes: %v", n, err)
	}
	return b
}

// readFrame reads one ZMTP 3.x frame and returns its flags (without LONG) and body.
func (p *rawPeer) readFrame() (flags byte, body []byte) {
	p.t.Helper()
	h := p.read(2)
	flags, size := h[0], uint64(h[1])
	if flags&zmtpLong != 0 {
		rest := p.read(7)
		size = binary.BigEndian.Uint64(append([]byte{h[1]}, rest...))
	}
	if size > 1<<20 {
		p.t.Fatalf("raw read: frame of %d bytes, more than a test expects", size)
	}
	return flags &^ zmtpLong, p.read(int(size))
}

// readGreeting reads the peer's 64-byte greeting and checks it is ZMTP 3.1 NULL.
func (p *rawPeer) readGreeting() []byte {
	p.t.Helper()
	g := p.read(64)
	if g[0] != 0xFF || g[9]&1 == 0 || g[10] != 3 || string(g[12:16]) != "NULL" {
		p.t.Fatalf("unexpected greeting % x", g)
	}
	return g
}

// handshake completes a NULL handshake as a peer of type socketType: our greeting, theirs,
// our READY, theirs. It returns the properties of their READY, undecoded.
func (p *rawPeer) handshake(socketType string) []byte {
	p.t.Helper()
	p.write(zmtpNullGreeting())
	p.readGreeting()
	ready := zmtpReady("Socket-Type", socketType)
	if socketType == "DEALER" || socketType == "REQ" || socketType == "ROUTER" {
		ready = zmtpReady("Socket-Type", socketType, "Identity", "")
	}
	p.write(ready)
	flags, body := p.readFrame()
	if flags != zmtpCommand || len(body) < 6 || string(body[:6]) != "\x05READY" {
		p.t.Fatalf("expected READY, got flags %#x body %q", flags, body)
	}
	return body[6:]
}

// readMessage reads data frames up to the last one of a message, skipping commands (PINGs).
func (p *rawPeer) readMessage() []string {
	p.t.Helper()
	var frames []string
	for {
		flags, body := p.readFrame()
		if flags&zmtpCommand != 0 {
			continue
		}
		frames = append(frames, string(body))
		if flags&zmtpMore == 0 {
			return frames
		}
	}
}

// expectClosed reads (and discards) until the other side closes the connection, failing if
// that does not happen within waitTimeout. A reset counts as closed.
func (p *rawPeer) expectClosed() {
	p.t.Helper()
	p.conn.SetReadDeadline(time.Now().Add(waitTimeout))
	buf := make([]byte, 4096)
	for {
		_, err := p.conn.Read(buf)
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
			return
		default:
			p.t.Fatalf("raw peer: want the connection closed by the other side, got %v", err)
		}
	}
}

// close closes the raw connection.
func (p *rawPeer) close() { p.conn.Close() }
