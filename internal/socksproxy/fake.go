package socksproxy

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Script says how a Fake answers. The zero Script is a proxy without authentication that
// reports success and then swallows whatever the client sends.
type Script struct {
	// User and Password, when User is set, make the proxy require the login (method 2) and
	// check it; otherwise it takes only method 0.
	User, Password string
	// Answer, when not nil, is sent verbatim instead of the method choice, and the proxy then
	// says nothing more (an empty Answer: it never answers).
	Answer []byte
	// HangUp closes the connection once the greeting is read.
	HangUp bool
	// Reply is the CONNECT reply's REP (0: succeeded), reported with Bound.
	Reply byte
	Bound Bound
	// Relay connects to the requested target after a successful reply and carries bytes both
	// ways; without it the proxy swallows what follows. Coalesce waits for the target's first
	// bytes (a ZMTP peer's greeting) and sends them in the same write as the reply.
	Relay, Coalesce bool
	// Trickle writes every answer one byte at a time, this far apart.
	Trickle time.Duration
}

// Session is what one client connection sent, recorded as the proxy read it.
type Session struct {
	Remote   netip.AddrPort // the client's address, as the proxy saw it
	Greeting []byte         // VER NMETHODS METHODS
	Methods  []byte
	Login    []byte // the raw RFC 1929 request; nil when none came
	User     string
	Password string
	Request  []byte // the raw CONNECT request; nil when none came
	Target   Request
	Err      error // why the exchange ended early; nil when the reply went out
}

// Fake is an in-process SOCKS5 server on 127.0.0.1.
type Fake struct {
	Addr string // "127.0.0.1:port"

	script   Script
	ln       net.Listener
	sessions chan Session
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	closed   bool
}

// NewFake starts a Fake that answers as s; the test's cleanup stops it.
func NewFake(t testing.TB, s Script) *Fake {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("socksproxy: listen: %v", err)
	}
	f := &Fake{Addr: ln.Addr().String(), script: s, ln: ln, sessions: make(chan Session, 64),
		conns: map[net.Conn]struct{}{}}
	f.wg.Add(1)
	go f.accept()
	t.Cleanup(f.Close)
	return f
}

// Next returns the next recorded session, failing t after d.
func (f *Fake) Next(t testing.TB, d time.Duration) Session {
	t.Helper()
	select {
	case s := <-f.sessions:
		return s
	case <-time.After(d):
		t.Fatalf("socksproxy: no client session within %v", d)
	}
	return Session{}
}

// Pending returns the sessions recorded and not taken by Next yet, without waiting.
func (f *Fake) Pending() []Session {
	var out []Session
	for {
		select {
		case s := <-f.sessions:
			out = append(out, s)
		default:
			return out
		}
	}
}

// Close stops the server and drops every connection it holds, waiting for its goroutines.
func (f *Fake) Close() {
	f.mu.Lock()
	f.closed = true
	for c := range f.conns {
		c.Close()
	}
	f.mu.Unlock()
	f.ln.Close()
	f.wg.Wait()
}

func (f *Fake) accept() {
	defer f.wg.Done()
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		if !f.track(c) {
			return
		}
		f.wg.Add(1)
		go f.serve(c)
	}
}

// track records c so that Close can drop it; false (and c closed) once closing.
func (f *Fake) track(c net.Conn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		c.Close()
		return false
	}
	f.conns[c] = struct{}{}
	return true
}

func (f *Fake) untrack(c net.Conn) {
	f.mu.Lock()
	delete(f.conns, c)
	f.mu.Unlock()
	c.Close()
}

func (f *Fake) serve(c net.Conn) {
	defer f.wg.Done()
	defer f.untrack(c)
	s := Session{}
	s.Remote, _ = netip.ParseAddrPort(c.RemoteAddr().String())
	target, err := f.negotiate(c, &s)
	s.Err = err
	f.record(s)
	switch {
	case target != nil:
		defer f.untrack(target)
		relay(c, target)
	case err == nil || errors.Is(err, errSilent):
		io.Copy(io.Discard, c) // hold the connection until the client or Close drops it
	}
}

func (f *Fake) record(s Session) {
	select {
	case f.sessions <- s:
	default: // nobody reads them: a test that does not look
	}
}

// errSilent ends a negotiation on purpose (Script.Answer); the connection stays open.
var errSilent = errors.New("socksproxy: stopped answering, as scripted")

// negotiate runs the server's side of the exchange, recording it in s. It returns the
// connection to the target when relaying.
func (f *Fake) negotiate(c net.Conn, s *Session) (net.Conn, error) {
	var err error
	if s.Methods, s.Greeting, err = ReadGreeting(c); err != nil {
		return nil, err
	}
	sc := f.script
	switch {
	case sc.HangUp:
		return nil, errors.New("socksproxy: hung up, as scripted")
	case sc.Answer != nil:
		return nil, f.answer(c, sc.Answer, errSilent)
	}
	want := byte(0)
	if sc.User != "" {
		want = 2
	}
	if bytes.IndexByte(s.Methods, want) < 0 {
		return nil, f.answer(c, []byte{5, 0xff}, errors.New("socksproxy: no acceptable method"))
	}
	if err := f.answer(c, []byte{5, want}, nil); err != nil {
		return nil, err
	}
	if want == 2 {
		if s.User, s.Password, s.Login, err = ReadLogin(c); err != nil {
			return nil, err
		}
		if s.User != sc.User || s.Password != sc.Password {
			return nil, f.answer(c, []byte{1, 1}, errors.New("socksproxy: wrong login"))
		}
		if err := f.answer(c, []byte{1, 0}, nil); err != nil {
			return nil, err
		}
	}
	if s.Target, s.Request, err = ReadRequest(c); err != nil {
		return nil, err
	}
	return f.connect(c, s.Target)
}

// connect answers the CONNECT request, connecting to the target first when relaying.
func (f *Fake) connect(c net.Conn, q Request) (net.Conn, error) {
	sc := f.script
	if sc.Reply != 0 || !sc.Relay {
		if err := f.answer(c, AppendReply(nil, sc.Reply, sc.Bound), nil); err != nil || sc.Reply == 0 {
			return nil, err
		}
		return nil, errors.New("socksproxy: refused, as scripted")
	}
	target, err := net.DialTimeout("tcp", net.JoinHostPort(q.Host, strconv.Itoa(int(q.Port))), 5*time.Second)
	if err != nil {
		return nil, f.answer(c, AppendReply(nil, 5, sc.Bound), err)
	}
	if !f.track(target) {
		return nil, net.ErrClosed
	}
	reply := AppendReply(nil, 0, sc.Bound)
	if sc.Coalesce {
		buf := make([]byte, 512)
		target.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := target.Read(buf)
		target.SetReadDeadline(time.Time{})
		if err != nil {
			f.untrack(target)
			return nil, err
		}
		reply = append(reply, buf[:n]...)
	}
	if err := f.answer(c, reply, nil); err != nil {
		f.untrack(target)
		return nil, err
	}
	return target, nil
}

// answer writes b (one byte at a time when trickling) and returns then, or the write's error.
func (f *Fake) answer(c net.Conn, b []byte, then error) error {
	if f.script.Trickle <= 0 {
		if _, err := c.Write(b); err != nil {
			return err
		}
		return then
	}
	for i := range b {
		time.Sleep(f.script.Trickle)
		if _, err := c.Write(b[i : i+1]); err != nil {
			return err
		}
	}
	return then
}

// relay carries bytes both ways until either side ends, then closes both. It copies through
// a buffer of its own: io.Copy between two TCP connections would splice through pipes from a
// pool that outlive the test and look like leaked fds to its fd count.
func relay(a, b net.Conn) {
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		io.CopyBuffer(struct{ io.Writer }{dst}, struct{ io.Reader }{src}, make([]byte, 32<<10))
		dst.Close()
		src.Close()
		done <- struct{}{}
	}
	go pipe(a, b)
	go pipe(b, a)
	<-done
	<-done
}
