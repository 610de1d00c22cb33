package tcp

import (
	"errors"
	"io"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/session"
	"golang.org/x/sys/unix"
)

// dialT connects a raw client to sa and waits until the connect completes;
// the fd is closed at the end of the test.
func dialT(t *testing.T, sa unix.Sockaddr) int {
	t.Helper()
	fd, inProgress, err := Connect(sa, nil, DefaultOptions())
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	closeT(t, fd)
	if inProgress {
		waitFD(t, fd, unix.POLLOUT, waitLimit)
		if err := ConnectResult(fd); err != nil {
			t.Fatalf("ConnectResult: %v", err)
		}
	}
	return fd
}

// readGreeting reads the 10-byte ZMTP signature the stream engine sends
// once it is plugged, proof that an engine got the peer's fd and that the
// attach command reached its session.
func readGreeting(t *testing.T, fd int) {
	t.Helper()
	var sig [10]byte
	for got := 0; got < len(sig); {
		waitFD(t, fd, unix.POLLIN, waitLimit)
		n, err := Read(fd, sig[got:])
		if err == unix.EAGAIN {
			continue
		}
		if err != nil {
			t.Fatalf("reading the greeting: %v after %d bytes", err, got)
		}
		got += n
	}
	if sig[0] != 0xff || sig[9] != 0x7f {
		t.Fatalf("greeting % x is not a ZMTP signature", sig)
	}
}

// waitEOF waits until the peer of fd has closed the connection, skipping
// whatever it sent before.
func waitEOF(t *testing.T, fd int) {
	t.Helper()
	var buf [256]byte
	for {
		waitFD(t, fd, unix.POLLIN, waitLimit)
		_, err := Read(fd, buf[:])
		switch {
		case err == io.EOF, errors.Is(err, syscall.ECONNRESET):
			return
		case err != nil && err != unix.EAGAIN:
			t.Fatalf("read: %v", err)
		}
	}
}

// checkTuned checks that fd, an accepted or connected socket still open in
// its engine, got the options of the tests' sockets: TCP_NODELAY and
// keepalives with a 77 s idle time.
func checkTuned(t *testing.T, fd int) {
	t.Helper()
	if idle := keepIdle(t, fd); getInt(t, fd, unix.IPPROTO_TCP, unix.TCP_NODELAY) == 0 ||
		getInt(t, fd, unix.SOL_SOCKET, unix.SO_KEEPALIVE) == 0 ||
		idle != 77 && idle != -1 {
		t.Errorf("fd %d is not tuned", fd)
	}
}

func loopback(port int) unix.Sockaddr {
	return &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}
}

// endpointPort returns the port of a "tcp://127.0.0.1:port" endpoint.
func endpointPort(t *testing.T, ep string) int {
	t.Helper()
	e, err := ParseEndpoint(ep[len("tcp://"):], false)
	if err != nil {
		t.Fatalf("endpoint %q: %v", ep, err)
	}
	return int(e.Port)
}

func TestListenerAcceptsClients(t *testing.T) {
	leakcheck.FDs(t)
	r := newReactor(t, 3)
	opts := options.Defaults(options.PULL)
	opts.TCPKeepalive, opts.TCPKeepaliveIdle = 1, 77
	l := r.bind(t, opts)
	ev := r.log.expect(t, event.Listening)
	if ev.Endpoint != l.Endpoint() || ev.Value != int64(l.fd) {
		t.Fatalf("LISTENING %d %q, want %d %q", ev.Value, ev.Endpoint, l.fd, l.Endpoint())
	}
	port := endpointPort(t, l.Endpoint())

	const n = 8
	clients := make([]int, n)
	for i := range clients {
		clients[i] = dialT(t, loopback(port))
		readGreeting(t, clients[i])
		ev := r.log.expect(t, event.Accepted)
		if ev.Value <= 2 || ev.Endpoint != l.Endpoint() {
			t.Fatalf("ACCEPTED %d %q", ev.Value, ev.Endpoint)
		}
		checkTuned(t, int(ev.Value))
	}
	// Sessions went to the least loaded threads, not all to one.
	busy := 0
	for _, th := range r.pool.Threads() {
		if th.Load() > 0 {
			busy++
		}
	}
	if busy < 2 {
		t.Errorf("accepted connections on %d I/O thread(s), want them spread", busy)
	}

	// Unbind: the listener and every connection it accepted go.
	r.exec(t, func() { r.sock.TermChild(l) })
	ev = r.log.expect(t, event.Closed)
	if ev.Endpoint != l.Endpoint() {
		t.Errorf("CLOSED for %q, want %q", ev.Endpoint, l.Endpoint())
	}
	for _, fd := range clients {
		waitEOF(t, fd)
	}
	if err := dialErr(t, loopback(port)); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("connect after unbind: %v, want ECONNREFUSED", err)
	}
}

// dialErr connects to sa and returns how the connect ended.
func dialErr(t *testing.T, sa unix.Sockaddr) error {
	t.Helper()
	fd, inProgress, err := Connect(sa, nil, DefaultOptions())
	if err != nil {
		return err
	}
	defer Close(fd)
	if inProgress {
		waitFD(t, fd, unix.POLLOUT, waitLimit)
		return ConnectResult(fd)
	}
	return nil
}

func TestListenerSurvivesEMFILE(t *testing.T) {
	leakcheck.FDs(t)
	r := newReactor(t, 2)
	l := r.bind(t, options.Defaults(options.PULL))
	r.log.expect(t, event.Listening)
	lfd := l.fd

	var failing atomic.Bool
	var injected atomic.Int32
	real := DefaultHooks().Accept4
	hook(t, Hooks{Accept4: func(fd, flags int) (int, unix.Sockaddr, error) {
		if fd == lfd && failing.Load() {
			injected.Add(1)
			return -1, nil, unix.EMFILE
		}
		return real(fd, flags)
	}})
	failing.Store(true)
	client := dialT(t, loopback(endpointPort(t, l.Endpoint())))
	first := r.log.consumed()
	for range 3 {
		ev := r.log.expect(t, event.AcceptFailed)
		if ev.Value != int64(unix.EMFILE) {
			t.Fatalf("ACCEPT_FAILED value %d, want EMFILE (%d)", ev.Value, unix.EMFILE)
		}
	}
	// Each failure paused polling (5 ms, then 10 ms, ...) instead of
	// spinning on the still-readable socket; pauses only lengthen on a
	// slow machine, so a lower bound is safe to assert.
	if gap := r.log.timeOf(first + 2).Sub(r.log.timeOf(first)); gap < 15*time.Millisecond {
		t.Errorf("3 ACCEPT_FAILED events within %v: the listener does not pause", gap)
	}
	if n := injected.Load(); n != 3 && n != 4 {
		t.Errorf("%d failed accept calls by the 3rd ACCEPT_FAILED, want one per event", n)
	}
	failing.Store(false)
	// The queued connection is accepted once fds are back.
	readGreeting(t, client)
	r.log.skipTo(t, event.Accepted)
	next := dialT(t, loopback(endpointPort(t, l.Endpoint())))
	readGreeting(t, next)
	r.log.expect(t, event.Accepted)
}

func TestListenerBindFailed(t *testing.T) {
	leakcheck.FDs(t)
	r := newReactor(t, 1)
	_, bound := listenLoopback(t)
	port := bound.(*unix.SockaddrInet4).Port
	cases := []struct {
		addr  string
		errno syscall.Errno
	}{
		{"127.0.0.1:" + strconv.Itoa(port), syscall.EADDRINUSE},
		{"no-such-interface:0", syscall.ENODEV},
		{"127.0.0.1:http", syscall.EINVAL},
	}
	for _, c := range cases {
		l := NewListener(r, r.pool.Threads()[0], session.Config{Socket: r.sock, Options: options.Defaults(options.PULL)}, r.log, r.pick)
		ep, err := l.SetAddress(c.addr)
		if ep != "" || !errors.Is(err, c.errno) {
			t.Errorf("SetAddress(%q) = %q, %v; want an error wrapping %v", c.addr, ep, err, c.errno)
		}
		ev := r.log.expect(t, event.BindFailed)
		if ev.Value != int64(c.errno) || ev.Endpoint != "tcp://"+c.addr {
			t.Errorf("BIND_FAILED %d %q, want %d %q", ev.Value, ev.Endpoint, c.errno, "tcp://"+c.addr)
		}
	}
}

func TestListenerWildcardEndpoint(t *testing.T) {
	leakcheck.FDs(t)
	r := newReactor(t, 1)
	l := NewListener(r, r.pool.Threads()[0], session.Config{Socket: r.sock, Options: options.Defaults(options.PULL)}, r.log, r.pick)
	ep, err := l.SetAddress("*:*")
	if err != nil {
		t.Fatalf("SetAddress: %v", err)
	}
	if port := endpointPort(t, ep); ep != "tcp://0.0.0.0:"+strconv.Itoa(port) || port == 0 {
		t.Fatalf("endpoint %q, want tcp://0.0.0.0:<port>", ep)
	}
	r.exec(t, func() { r.sock.LaunchChild(l) })
	r.log.expect(t, event.Listening)
	r.terminate(t)
	r.log.expect(t, event.Closed)
}

func TestListenerIPv6(t *testing.T) {
	leakcheck.FDs(t)
	r := newReactor(t, 1)
	opts := options.Defaults(options.PULL)
	opts.IPv6 = true
	l := NewListener(r, r.pool.Threads()[0], session.Config{Socket: r.sock, Options: opts}, r.log, r.pick)
	ep, err := l.SetAddress("[::1]:0")
	if errors.Is(err, syscall.EADDRNOTAVAIL) || errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Skipf("no IPv6 loopback here: %v", err)
	}
	if err != nil {
		t.Fatalf("SetAddress: %v", err)
	}
	if port := endpointPort(t, ep); ep != "tcp://[::1]:"+strconv.Itoa(port) {
		t.Fatalf("endpoint %q, want tcp://[::1]:<port>", ep)
	}
	r.exec(t, func() { r.sock.LaunchChild(l) })
	r.log.expect(t, event.Listening)
	client := dialT(t, &unix.SockaddrInet6{Addr: [16]byte{15: 1}, Port: endpointPort(t, ep)})
	readGreeting(t, client)
	r.log.expect(t, event.Accepted)
}
