package engine

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"encoding/binary"
	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/zmtp"
	"golang.org/x/sys/unix"
)

// testSession is a Session that records what the engine pushes and serves queued frames.
// It is safe for use from an I/O thread while the test goroutine inspects it.
type testSession struct {
	mu      sync.Mutex
	pushed  []pushed
	out     []msg.Msg
	refuse  bool
	limit   int // when > 0, pushes are refused once this many frames were taken
	ready   int
	errs    []sessErr
	flushes int
}

type pushed struct {
	flags msg.Flags
	body  []byte
	meta  *msg.Metadata
}

type sessErr struct {
	handshaked bool
	reason     ErrorReason
}

func (s *testSession) PullMsg(m *msg.Msg) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.out) == 0 {
		return zerr.ErrAgain
	}
	*m = s.out[0]
	s.out[0] = msg.Msg{}
	s.out = s.out[1:]
	return nil
}

func (s *testSession) PushMsg(m *msg.Msg) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refuse || (s.limit > 0 && len(s.pushed) >= s.limit) {
		return zerr.ErrAgain
	}
	s.pushed = append(s.pushed, pushed{m.Flags() &^ msg.Pooled, append([]byte{}, m.Bytes()...), m.Metadata()})
	m.Reset()
	return nil
}

// The harness has no ZAP handler.
func (s *testSession) ZapConnect() error            { return zerr.ErrConnRefused }
func (s *testSession) WriteZapMsg(m *msg.Msg) error { return zerr.ErrConnRefused }
func (s *testSession) ReadZapMsg(m *msg.Msg) error  { return zerr.ErrAgain }

func (s *testSession) Flush() { s.mu.Lock(); s.flushes++; s.mu.Unlock() }

func (s *testSession) EngineReady() { s.mu.Lock(); s.ready++; s.mu.Unlock() }

func (s *testSession) EngineError(handshaked bool, reason ErrorReason) {
	s.mu.Lock()
	s.errs = append(s.errs, sessErr{handshaked, reason})
	s.mu.Unlock()
}

// queue adds frames for PullMsg.
func (s *testSession) queue(frames ...frame) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range frames {
		var m msg.Msg
		m.Init(f.body, f.flags)
		s.out = append(s.out, m)
	}
}

func (s *testSession) setRefuse(v bool) { s.mu.Lock(); s.refuse = v; s.mu.Unlock() }

func (s *testSession) setLimit(n int) { s.mu.Lock(); s.limit = n; s.mu.Unlock() }

func (s *testSession) queued() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.out) }

func (s *testSession) frames() []pushed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]pushed{}, s.pushed...)
}

func (s *testSession) count() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.pushed) }

func (s *testSession) failed() []sessErr {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sessErr{}, s.errs...)
}

func (s *testSession) isReady() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.ready > 0 }

// recorder is a monitor Sink keeping every event.
type recorder struct {
	mu     sync.Mutex
	events []event.Event
}

func (r *recorder) Event(e event.Event) { r.mu.Lock(); r.events = append(r.events, e); r.mu.Unlock() }

func (r *recorder) kinds() []event.Kind {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ks []event.Kind
	for _, e := range r.events {
		ks = append(ks, e.Kind)
	}
	return ks
}

func (r *recorder) find(k event.Kind) (event.Event, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.events {
		if e.Kind == k {
			return e, true
		}
	}
	return event.Event{}, false
}

// loop is an I/O thread whose poller the test goroutine drives itself: deterministic, and no
// goroutine to leak.
type loop struct {
	th *iothread.Thread
}

func newLoop(t testing.TB) *loop {
	t.Helper()
	th, err := iothread.New(0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(th.Wait)
	return &loop{th: th}
}

// runUntil dispatches timers and fd events until cond holds, failing after a deadline.
func (l *loop) runUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	p := l.th.Poller()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		d := p.ExecuteTimers()
		if d < 0 || d > 5*time.Millisecond {
			d = 5 * time.Millisecond
		}
		if err := p.Wait(d); err != nil {
			t.Fatal(err)
		}
	}
}

// checkFds fails the test if it ends with more or fewer open fds than it started with
// (leakcheck.FDs). Register it first so that it runs after every other cleanup.
func checkFds(t testing.TB) { leakcheck.FDs(t) }

// socketpair returns a connected non-blocking AF_UNIX stream pair; the test closes b, the
// engine owns a.
func socketpair(t testing.TB) (a, b int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0) // no flags on macOS
	if err == nil {
		err = unix.SetNonblock(fds[0], true)
	}
	if err == nil {
		err = unix.SetNonblock(fds[1], true)
	}
	if err != nil {
		t.Fatal(err)
	}
	return fds[0], fds[1]
}

// opts returns libzmq's defaults for a socket type.
func opts(typ options.Type, mod ...func(*options.Options)) *options.Options {
	o := options.Defaults(typ)
	for _, f := range mod {
		f(&o)
	}
	return &o
}

// side is one engine with its session and monitor.
type side struct {
	e    *Stream
	s    *testSession
	mon  *recorder
	opts *options.Options
}

func plugSide(t testing.TB, l *loop, fd int, o *options.Options) *side {
	t.Helper()
	sd := &side{s: &testSession{}, mon: &recorder{}, opts: o}
	sd.e = NewStream(fd, Config{Options: o, Endpoint: "tcp://test", PeerAddress: "127.0.0.1", Monitor: sd.mon})
	sd.e.Plug(l.th, sd.s)
	t.Cleanup(sd.e.Terminate)
	return sd
}

// pair plugs two engines on one loop, connected by a socketpair.
func pair(t testing.TB, l *loop, a, b *options.Options) (*side, *side) {
	t.Helper()
	fa, fb := socketpair(t)
	return plugSide(t, l, fa, a), plugSide(t, l, fb, b)
}

// rawPeer is the far end of a socketpair, driven byte by byte by the test.
type rawPeer struct {
	t   testing.TB
	l   *loop
	fd  int
	in  []byte // everything read so far
	eof bool
}

func newRawPeer(t testing.TB, l *loop, fd int) *rawPeer {
	p := &rawPeer{t: t, l: l, fd: fd}
	t.Cleanup(p.close)
	return p
}

// close closes the peer's end (once).
func (p *rawPeer) close() {
	if p.fd >= 0 {
		unix.Close(p.fd)
		p.fd = -1
	}
}

// pump reads whatever is available (non-blocking).
func (p *rawPeer) pump() {
	var buf [64 << 10]byte
	for {
		n, err := unix.Read(p.fd, buf[:])
		if n > 0 {
			p.in = append(p.in, buf[:n]...)
			continue
		}
		if n == 0 && err == nil {
			p.eof = true
		}
		return
	}
}

// expect runs the loop until the peer has received want (after what it already consumed)
// and consumes it.
func (p *rawPeer) expect(want []byte) {
	p.t.Helper()
	p.l.runUntil(p.t, "peer bytes", func() bool { p.pump(); return len(p.in) >= len(want) || p.eof })
	if !bytes.HasPrefix(p.in, want) {
		p.t.Fatalf("peer got % x\nwant % x", p.in, want)
	}
	p.in = p.in[len(want):]
}

// next runs the loop until n bytes arrived and consumes them.
func (p *rawPeer) next(n int) []byte {
	p.t.Helper()
	p.l.runUntil(p.t, "peer bytes", func() bool { p.pump(); return len(p.in) >= n || p.eof })
	if len(p.in) < n {
		p.t.Fatalf("peer got EOF after % x, wanted %d bytes", p.in, n)
	}
	b := p.in[:n]
	p.in = p.in[n:]
	return b
}

func (p *rawPeer) write(b []byte) {
	p.t.Helper()
	for len(b) > 0 {
		n, err := unix.Write(p.fd, b)
		if err == unix.EAGAIN {
			p.l.runUntil(p.t, "room to write", func() bool { return true })
			continue
		}
		if err != nil {
			p.t.Fatal(err)
		}
		b = b[n:]
	}
}

// waitEOF runs the loop until the engine closed its end.
func (p *rawPeer) waitEOF() {
	p.t.Helper()
	p.l.runUntil(p.t, "EOF from the engine", func() bool { p.pump(); return p.eof })
}

// frame is a frame a raw peer writes or expects, compared by value.
type frame struct {
	flags msg.Flags
	body  []byte
}

// The flags octet of a ZMTP 2.0/3.x frame (RFC 23). The raw peer writes and reads frames by
// hand, independently of the codec under test.
const (
	wireMore    = 0x01
	wireLong    = 0x02
	wireCommand = 0x04
)

// wire is frames as a ZMTP 2.0/3.x peer sends them (ZMTP 2.0 peers send no commands).
func wire(frames []frame) []byte {
	var out []byte
	for _, f := range frames {
		flags := byte(f.flags & (msg.More | msg.Command)) // the same bits on the wire
		if n := len(f.body); n > 255 {
			out = append(out, flags|wireLong)
			out = binary.BigEndian.AppendUint64(out, uint64(n))
		} else {
			out = append(out, flags, byte(n))
		}
		out = append(out, f.body...)
	}
	return out
}

// signature is the 10 octets that open the engine's greeting: 0xFF, the length of an empty
// routing id message as ZMTP 1.0 would frame it (1), 0x7F.
var signature = []byte{0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f}

// greeting3 is a peer's 64-octet ZMTP 3.x greeting: signature, version, mechanism, then the
// as-server octet and filler, all zero.
func greeting3(major, minor byte, mech string) []byte {
	g := append(append(append([]byte{}, signature...), major, minor), mech...)
	return append(g, make([]byte, zmtp.V3GreetingSize-len(g))...)
}

// handshake plays a ZMTP 3.1 NULL peer of type typ up to and including both READYs, and
// returns the READY body the engine sent.
func (p *rawPeer) handshake(typ options.Type, props map[string]string) []byte {
	p.t.Helper()
	p.expect(signature)
	p.write(greeting3(3, 1, "NULL"))
	p.next(zmtp.V3GreetingSize - zmtp.SignatureSize)
	p.write(wire([]frame{{msg.Command, zmtp.AppendReady(nil, typ, nil, props)}}))
	return p.readFrame(msg.Command)
}

// readFrame reads one short or long v2 frame and checks its flags.
func (p *rawPeer) readFrame(flags msg.Flags) []byte {
	p.t.Helper()
	h := p.next(2)
	f, size := h[0], int(h[1])
	if f&wireLong != 0 {
		rest := p.next(7)
		size = 0
		for _, b := range append([]byte{h[1]}, rest...) {
			size = size<<8 | int(b)
		}
	}
	if msg.Flags(f&(wireMore|wireCommand)) != flags {
		p.t.Fatalf("frame flags %#x, want %#x", f, flags)
	}
	return append([]byte{}, p.next(size)...)
}
