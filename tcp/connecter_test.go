package tcp

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/options"
	"golang.org/x/sys/unix"
)

// refusingPort returns a loopback port that refuses connections: a socket
// is bound to it (so nobody else gets it) but does not listen.
func refusingPort(t *testing.T) int {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatalf("socket: %v", err)
	}
	closeT(t, fd)
	if err := unix.Bind(fd, loopback(0)); err != nil {
		t.Fatalf("bind: %v", err)
	}
	sa, err := SockName(fd)
	if err != nil {
		t.Fatal(err)
	}
	return sa.(*unix.SockaddrInet4).Port
}

// acceptT accepts one connection on lfd, waiting for it; the fd is closed
// at the end of the test.
func acceptT(t *testing.T, lfd int) int {
	t.Helper()
	waitFD(t, lfd, unix.POLLIN, waitLimit)
	fd, _, err := Accept(lfd)
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	closeT(t, fd)
	return fd
}

func connectOptions(ivl, ivlMax time.Duration) options.Options {
	o := options.Defaults(options.PUSH)
	o.ReconnectIvl, o.ReconnectIvlMax = ivl, ivlMax
	o.Immediate = true // no pipe before the connection: nothing here reads one
	o.TCPKeepalive, o.TCPKeepaliveIdle = 1, 77
	return o
}

func TestOptionsFrom(t *testing.T) {
	o := options.Defaults(options.DEALER)
	if got := OptionsFrom(&o); got != DefaultOptions() {
		t.Errorf("OptionsFrom(defaults) = %+v, want %+v", got, DefaultOptions())
	}
	o.TCPKeepalive, o.TCPKeepaliveCnt, o.TCPKeepaliveIdle, o.TCPKeepaliveIntvl = 1, 2, 3, 4
	o.SndBuf, o.RcvBuf, o.TOS, o.TCPMaxRT, o.BindToDevice = 5, 6, 7, 8*time.Millisecond, "lo"
	want := Options{KeepAlive: 1, KeepAliveCnt: 2, KeepAliveIdle: 3, KeepAliveIntvl: 4,
		SndBuf: 5, RcvBuf: 6, TOS: 7, MaxRT: 8 * time.Millisecond, BindToDevice: "lo"}
	if got := OptionsFrom(&o); got != want {
		t.Errorf("OptionsFrom = %+v, want %+v", got, want)
	}
}

func TestConnecterConnects(t *testing.T) {
	for _, host := range []string{"127.0.0.1", "localhost"} { // literal; DNS (/etc/hosts) off the I/O thread
		t.Run(host, func(t *testing.T) {
			leakcheck.FDs(t)
			lfd, bound := listenLoopback(t)
			r := newReactor(t, 2)
			addr := host + ":" + strconv.Itoa(bound.(*unix.SockaddrInet4).Port)
			r.connect(t, connectOptions(100*time.Millisecond, 0), addr, nil)
			ev := r.log.next(t)
			if ev.Kind == event.ConnectDelayed {
				if ev.Value != int64(unix.EINPROGRESS) {
					t.Errorf("CONNECT_DELAYED value %d, want EINPROGRESS", ev.Value)
				}
				ev = r.log.next(t)
			}
			if ev.Kind != event.Connected || ev.Endpoint != "tcp://"+addr || ev.Value <= 2 {
				t.Fatalf("event %v %d %q, want CONNECTED <fd> %q", ev.Kind, ev.Value, ev.Endpoint, "tcp://"+addr)
			}
			checkTuned(t, int(ev.Value))
			peer := acceptT(t, lfd)
			readGreeting(t, peer) // the session got the engine and plugged it
			r.terminate(t)
			waitEOF(t, peer)
			if rest := r.log.rest(); len(rest) != 0 {
				t.Errorf("events after CONNECTED: %v", rest)
			}
		})
	}
}

// bounds returns [c_k, c_k+ivl) for the k-th reconnect interval, in ms,
// which holds for libzmq 4.3.4 and 4.3.5 alike.
func bounds(k int, ivl, ivlMax time.Duration) (lo, hi int64) {
	c := ivl
	for range k {
		if ivlMax > ivl {
			c = min(2*c, ivlMax)
		}
	}
	return c.Milliseconds(), (c + ivl).Milliseconds()
}

func TestConnecterBackoff(t *testing.T) {
	leakcheck.FDs(t)
	r := newReactor(t, 2)
	addr := "127.0.0.1:" + strconv.Itoa(refusingPort(t))
	const ivl, ivlMax = 10 * time.Millisecond, 80 * time.Millisecond
	_, made := r.connect(t, connectOptions(ivl, ivlMax), addr, nil)
	for k := range 6 {
		ev := r.log.next(t)
		if ev.Kind == event.ConnectDelayed {
			ev = r.log.expect(t, event.Closed)
		}
		if ev.Kind == event.Closed {
			ev = r.log.next(t)
		}
		if ev.Kind != event.ConnectRetried || ev.Endpoint != "tcp://"+addr {
			t.Fatalf("attempt %d: event %v %q, want CONNECT_RETRIED %q", k, ev.Kind, ev.Endpoint, "tcp://"+addr)
		}
		if lo, hi := bounds(k, ivl, ivlMax); ev.Value < lo || ev.Value >= hi {
			t.Errorf("interval %d = %d ms, want in [%d, %d)", k, ev.Value, lo, hi)
		}
	}
	if n := len(made); n != 1 {
		t.Errorf("%d connecters made, want 1 keeping its backoff", n)
	}
}

func TestConnecterReconnectDisabled(t *testing.T) {
	leakcheck.FDs(t)
	r := newReactor(t, 1)
	addr := "127.0.0.1:" + strconv.Itoa(refusingPort(t))
	r.connect(t, connectOptions(-1, 0), addr, nil)
	select {
	case ep := <-r.sock.termEndpoints:
		if ep != "tcp://"+addr {
			t.Errorf("TermEndpoint %q, want %q", ep, "tcp://"+addr)
		}
	case <-time.After(waitLimit):
		t.Fatalf("the socket was not told to drop the endpoint; events: %s", r.log)
	}
	r.terminate(t)
	for _, e := range r.log.rest() {
		if e.Kind == event.ConnectRetried {
			t.Errorf("CONNECT_RETRIED with reconnection disabled")
		}
	}
}

// blackhole returns a loopback address whose listener's accept queue is
// full, so that a new connect stays in progress (the SYN is dropped).
func blackhole(t *testing.T) unix.Sockaddr {
	t.Helper()
	lfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	closeT(t, lfd)
	if err := unix.Bind(lfd, loopback(0)); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(lfd, 0); err != nil {
		t.Fatal(err)
	}
	sa, _ := SockName(lfd)
	for range 8 {
		fd, inProgress, err := Connect(sa, nil, DefaultOptions())
		if err != nil {
			t.Fatalf("Connect: %v", err)
		}
		closeT(t, fd)
		if !inProgress {
			continue
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		if n, _ := unix.Poll(pfd, 100); n == 0 {
			return sa
		}
	}
	t.Skip("cannot fill a listener's accept queue here: no blackhole address")
	return nil
}

func TestConnecterTimeout(t *testing.T) {
	leakcheck.FDs(t)
	sa := blackhole(t)
	r := newReactor(t, 1)
	addr := "127.0.0.1:" + strconv.Itoa(sa.(*unix.SockaddrInet4).Port)
	o := connectOptions(time.Minute, 0)
	o.ConnectTimeout = 50 * time.Millisecond
	r.connect(t, o, addr, nil)
	r.log.expect(t, event.ConnectDelayed)
	r.log.expect(t, event.Closed)
	// The timer is armed after CONNECT_DELAYED and never fires early.
	n := r.log.consumed()
	if d := r.log.timeOf(n - 1).Sub(r.log.timeOf(n - 2)); d < 45*time.Millisecond {
		t.Errorf("connect given up after %v, before the 50 ms timeout", d)
	}
	ev := r.log.expect(t, event.ConnectRetried)
	if ev.Value < time.Minute.Milliseconds() {
		t.Errorf("CONNECT_RETRIED %d ms, want >= 60000", ev.Value)
	}
}

func TestConnecterTerminatedMidConnect(t *testing.T) {
	leakcheck.FDs(t)
	sa := blackhole(t)
	r := newReactor(t, 2)
	addr := "127.0.0.1:" + strconv.Itoa(sa.(*unix.SockaddrInet4).Port)
	o := connectOptions(100*time.Millisecond, 0)
	o.ConnectTimeout = time.Minute
	r.connect(t, o, addr, nil)
	r.log.expect(t, event.ConnectDelayed)
	r.terminate(t) // the fd in progress is closed, the timer cancelled
	if rest := r.log.rest(); len(rest) != 0 {
		t.Errorf("events after termination: %v", rest)
	}
}

func TestConnecterTerminatedMidResolve(t *testing.T) {
	leakcheck.FDs(t)
	r := newReactor(t, 2)
	var started, cancelled, returned atomic.Bool
	inFlight := make(chan struct{})
	slowDNS := func(ctx context.Context, addr string, ipv6 bool) (unix.Sockaddr, unix.Sockaddr, error) {
		started.Store(true)
		close(inFlight)
		<-ctx.Done()
		cancelled.Store(true)
		time.Sleep(20 * time.Millisecond) // an answer that is slow to come back after cancel
		returned.Store(true)
		return nil, nil, ctx.Err()
	}
	r.connect(t, connectOptions(100*time.Millisecond, 0), "zmq.example:5555", func(c *Connecter) { c.resolve = slowDNS })
	select {
	case <-inFlight:
	case <-time.After(waitLimit):
		t.Fatal("lookup did not start")
	}
	r.terminate(t)
	// The ownership protocol waited for the answer before the tree
	// finished: nothing is left to receive a command.
	if !cancelled.Load() || !returned.Load() {
		t.Errorf("tree finished with the lookup in flight (cancelled %v, returned %v)", cancelled.Load(), returned.Load())
	}
	if rest := r.log.rest(); len(rest) != 0 {
		t.Errorf("events after termination: %v", rest)
	}
}

func TestConnecterReconnectsAfterDisconnect(t *testing.T) {
	leakcheck.FDs(t)
	lfd, bound := listenLoopback(t)
	r := newReactor(t, 2)
	addr := "127.0.0.1:" + strconv.Itoa(bound.(*unix.SockaddrInet4).Port)
	const ivl = 20 * time.Millisecond
	_, made := r.connect(t, connectOptions(ivl, 0), addr, nil)
	r.log.skipTo(t, event.Connected)
	first := acceptT(t, lfd)
	readGreeting(t, first)
	if err := unix.Shutdown(first, unix.SHUT_RDWR); err != nil {
		t.Fatal(err)
	}
	// The engine fails, and the session starts a new connecter with a
	// delayed start and a fresh backoff.
	// The engine reports the failed handshake, then DISCONNECTED.
	r.log.skipTo(t, event.Disconnected)
	ev := r.log.expect(t, event.ConnectRetried)
	if lo, hi := bounds(0, ivl, 0); ev.Value < lo || ev.Value >= hi {
		t.Errorf("first interval after a drop %d ms, want in [%d, %d)", ev.Value, lo, hi)
	}
	r.log.skipTo(t, event.Connected)
	readGreeting(t, acceptT(t, lfd))
	if n := len(made); n != 2 {
		t.Errorf("%d connecters made, want 2", n)
	}
}

// TestConnecterToListener runs both objects against each other with real
// sessions and stream engines: the ZMTP handshake completes on both sides
// and each session hands the socket its pipe.
func TestConnecterToListener(t *testing.T) {
	leakcheck.FDs(t)
	r := newReactor(t, 3)
	l := r.bind(t, options.Defaults(options.PULL))
	r.log.expect(t, event.Listening)
	r.connect(t, connectOptions(100*time.Millisecond, 0), l.Endpoint()[len("tcp://"):], nil)
	for range 2 {
		select {
		case <-r.sock.binds:
		case <-time.After(waitLimit):
			t.Fatalf("no pipe from a session; events: %s", r.log)
		}
	}
	got := map[event.Kind]int{}
	for got[event.HandshakeSucceeded] < 2 {
		got[r.log.next(t).Kind]++
	}
	if got[event.Accepted] != 1 || got[event.Connected] != 1 {
		t.Errorf("events %v, want one ACCEPTED and one CONNECTED", got)
	}
	r.terminate(t)
}
