package tcp

import (
	"bytes"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/socksproxy"
	"github.com/zreactor/zmq/options"
	"golang.org/x/sys/unix"
)

// socksOptions are connectOptions through proxy, logging in when user is set.
func socksOptions(proxy, user, password string) options.Options {
	o := connectOptions(100*time.Millisecond, 0)
	o.SocksProxy, o.SocksUsername, o.SocksPassword = proxy, user, password
	return o
}

// expectSocksConnected consumes the events of a connection that got through the proxy:
// CONNECT_DELAYED (when the connect to the proxy did not complete at once), then CONNECTED,
// both naming the proxy as libzmq does.
func expectSocksConnected(t *testing.T, r *reactor, proxy string) {
	t.Helper()
	ev := r.log.next(t)
	if ev.Kind == event.ConnectDelayed {
		ev = r.log.next(t)
	}
	if ev.Kind != event.Connected || ev.Endpoint != "tcp://"+proxy {
		t.Fatalf("event %v %q, want CONNECTED %q; all: %s", ev.Kind, ev.Endpoint, "tcp://"+proxy, r.log)
	}
}

// TestSocksConnecterBytes checks what a proxy receives, byte for byte: the greeting offers one
// method, the login is RFC 1929's, and the target is never resolved here.
func TestSocksConnecterBytes(t *testing.T) {
	z15 := string(make([]byte, 15))
	cases := []struct {
		name, target, user, password, request string
	}{
		{"IPv4", "127.0.0.1:6001", "", "", "\x05\x01\x00\x01\x7f\x00\x00\x01\x17\x71"},
		{"name", "localhost:6001", "", "", "\x05\x01\x00\x03\x09localhost\x17\x71"},
		{"unresolvable name", "no-such-host.invalid:1", "", "", "\x05\x01\x00\x03\x14no-such-host.invalid\x00\x01"},
		// No ZMQ_IPV6 needed: the proxy makes the IPv6 connection, not us.
		{"IPv6", "[::1]:6001", "", "", "\x05\x01\x00\x04" + z15 + "\x01\x17\x71"},
		// libzmq 4.3.4 sent "127.0.0.1:0;localhost" as the name.
		{"source address", "127.0.0.1:0;localhost:6001", "", "", "\x05\x01\x00\x03\x09localhost\x17\x71"},
		{"login", "127.0.0.1:6001", "zuser", "zpass", "\x05\x01\x00\x01\x7f\x00\x00\x01\x17\x71"},
		{"login, empty password", "127.0.0.1:6001", "zuser", "", "\x05\x01\x00\x01\x7f\x00\x00\x01\x17\x71"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			leakcheck.FDs(t)
			f := socksproxy.NewFake(t, socksproxy.Script{User: c.user, Password: c.password})
			r := newReactor(t, 2)
			r.connect(t, socksOptions(f.Addr, c.user, c.password), c.target, nil)
			s := f.Next(t, waitLimit)
			greeting, login := "\x05\x01\x00", ""
			if c.user != "" {
				greeting = "\x05\x01\x02"
				login = "\x01" + string([]byte{byte(len(c.user))}) + c.user + string([]byte{byte(len(c.password))}) + c.password
			}
			if s.Err != nil || string(s.Greeting) != greeting || string(s.Login) != login || string(s.Request) != c.request {
				t.Fatalf("proxy read greeting %x login %x request %x (%v), want %x %x %x",
					s.Greeting, s.Login, s.Request, s.Err, greeting, login, c.request)
			}
			expectSocksConnected(t, r, f.Addr)
			r.terminate(t)
		})
	}
}

// The proxy's answers arrive a byte at a time, and the target's ZMTP greeting arrives in the
// same segment as the CONNECT reply: the connecter takes exactly the reply, and the engines on
// both sides complete their handshakes.
func TestSocksConnecterThroughToListener(t *testing.T) {
	for name, sc := range map[string]socksproxy.Script{
		"coalesced": {Relay: true, Coalesce: true, Bound: socksproxy.Bound{ATYP: socksproxy.ATYPDomain, Addr: []byte("bound.example"), Port: 9}},
		"trickled": {Relay: true, Trickle: time.Millisecond, User: "u", Password: "p",
			Bound: socksproxy.Bound{ATYP: socksproxy.ATYPIPv6, Addr: make([]byte, 16), Port: 9}},
	} {
		t.Run(name, func(t *testing.T) { throughToListener(t, sc) })
	}
}

func throughToListener(t *testing.T, sc socksproxy.Script) {
	{
		leakcheck.FDs(t)
		f := socksproxy.NewFake(t, sc)
		r := newReactor(t, 3)
		l := r.bind(t, options.Defaults(options.PULL))
		r.log.expect(t, event.Listening)
		o := socksOptions(f.Addr, sc.User, sc.Password)
		r.connect(t, o, l.Endpoint()[len("tcp://"):], nil)
		got := map[event.Kind]int{}
		for got[event.HandshakeSucceeded] < 2 {
			e := r.log.next(t)
			got[e.Kind]++
			if e.Kind == event.Connected && e.Endpoint != "tcp://"+f.Addr {
				t.Errorf("CONNECTED names %q, want the proxy", e.Endpoint)
			}
		}
		if got[event.Connected] != 1 || got[event.Closed] != 0 {
			t.Errorf("events %v, want one CONNECTED and no CLOSED", got)
		}
		r.terminate(t)
	}
}

// The endpoint's source address binds the connection to the proxy.
func TestSocksConnecterSourceAddress(t *testing.T) {
	leakcheck.FDs(t)
	f := socksproxy.NewFake(t, socksproxy.Script{})
	r := newReactor(t, 2)
	r.connect(t, socksOptions(f.Addr, "", ""), "127.0.0.2:0;zmq.example:5555", nil)
	s := f.Next(t, waitLimit)
	if s.Remote.Addr().String() != "127.0.0.2" || s.Target.Host != "zmq.example" || s.Target.Port != 5555 {
		t.Fatalf("proxy saw a client at %v asking for %s:%d", s.Remote, s.Target.Host, s.Target.Port)
	}
	expectSocksConnected(t, r, f.Addr)
}

// A proxy given by name is resolved here, on each attempt, off the I/O thread.
func TestSocksConnecterProxyByName(t *testing.T) {
	leakcheck.FDs(t)
	f := socksproxy.NewFake(t, socksproxy.Script{})
	r := newReactor(t, 2)
	proxy := "localhost:" + f.Addr[len("127.0.0.1:"):]
	r.connect(t, socksOptions(proxy, "", ""), "127.0.0.1:5555", nil)
	f.Next(t, waitLimit)
	expectSocksConnected(t, r, proxy)
}

// expectRetries checks n failed attempts: each ends in CLOSED (when a socket was open) and
// CONNECT_RETRIED with a growing interval, all naming the proxy, and nothing connects.
func expectRetries(t *testing.T, r *reactor, proxy string, n int, ivl, ivlMax time.Duration) {
	t.Helper()
	for k := range n {
		ev := r.log.next(t)
		if ev.Kind == event.ConnectDelayed {
			ev = r.log.expect(t, event.Closed)
		}
		if ev.Kind == event.Closed {
			ev = r.log.next(t)
		}
		if ev.Kind != event.ConnectRetried || ev.Endpoint != "tcp://"+proxy {
			t.Fatalf("attempt %d: event %v %q, want CONNECT_RETRIED %q; all: %s", k, ev.Kind, ev.Endpoint, "tcp://"+proxy, r.log)
		}
		if lo, hi := bounds(k, ivl, ivlMax); ev.Value < lo || ev.Value >= hi {
			t.Errorf("interval %d = %d ms, want in [%d, %d)", k, ev.Value, lo, hi)
		}
	}
}

func TestSocksConnecterFailuresRetry(t *testing.T) {
	cases := []struct {
		name       string
		script     socksproxy.Script
		user, pass string
	}{
		{"login required", socksproxy.Script{User: "u", Password: "p"}, "", ""},
		{"no auth offered by the proxy", socksproxy.Script{}, "u", "p"}, // as libzmq: only the login is offered
		{"wrong password", socksproxy.Script{User: "u", Password: "p"}, "u", "wrong"},
		{"method not offered", socksproxy.Script{Answer: []byte{5, 0}}, "u", "p"},
		{"garbage", socksproxy.Script{Answer: []byte("HTTP/1.0 400 Bad Request\r\n")}, "", ""},
		{"hang-up", socksproxy.Script{HangUp: true}, "", ""},
		{"general failure", socksproxy.Script{Reply: 1}, "", ""},
		{"host unreachable", socksproxy.Script{Reply: 4}, "", ""},
		{"target refused", socksproxy.Script{Reply: 5, Trickle: time.Millisecond}, "", ""},
	}
	const ivl, ivlMax = 10 * time.Millisecond, 40 * time.Millisecond
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			leakcheck.FDs(t)
			f := socksproxy.NewFake(t, c.script)
			r := newReactor(t, 2)
			o := socksOptions(f.Addr, c.user, c.pass)
			o.ReconnectIvl, o.ReconnectIvlMax = ivl, ivlMax
			_, made := r.connect(t, o, "127.0.0.1:5555", nil)
			expectRetries(t, r, f.Addr, 4, ivl, ivlMax)
			r.terminate(t)
			if len(made) != 1 {
				t.Errorf("%d connecters made, want 1 keeping its backoff", len(made))
			}
			for _, s := range f.Pending() {
				if s.Err == nil {
					t.Errorf("a session went through: %+v", s)
				}
			}
		})
	}
}

func TestSocksConnecterProxyDown(t *testing.T) {
	leakcheck.FDs(t)
	proxy := "127.0.0.1:" + strconv.Itoa(refusingPort(t))
	r := newReactor(t, 2)
	o := socksOptions(proxy, "", "")
	o.ReconnectIvl, o.ReconnectIvlMax = 10*time.Millisecond, 40*time.Millisecond
	r.connect(t, o, "127.0.0.1:5555", nil)
	expectRetries(t, r, proxy, 4, o.ReconnectIvl, o.ReconnectIvlMax)
}

// ZMQ_RECONNECT_STOP_CONN_REFUSED counts a target that refused the proxy.
func TestSocksConnecterTargetRefusedStops(t *testing.T) {
	leakcheck.FDs(t)
	f := socksproxy.NewFake(t, socksproxy.Script{Reply: 5})
	r := newReactor(t, 1)
	o := socksOptions(f.Addr, "", "")
	o.ReconnectStop = options.ReconnectStopConnRefused
	r.connect(t, o, "127.0.0.1:5555", nil)
	select {
	case ep := <-r.sock.termEndpoints:
		if ep != "tcp://127.0.0.1:5555" {
			t.Errorf("TermEndpoint %q", ep)
		}
	case <-time.After(waitLimit):
		t.Fatalf("the endpoint was not dropped; events: %s", r.log)
	}
}

// A proxy that never answers is given up after ZMQ_HANDSHAKE_IVL.
func TestSocksConnecterTimeout(t *testing.T) {
	leakcheck.FDs(t)
	f := socksproxy.NewFake(t, socksproxy.Script{Answer: []byte{}})
	r := newReactor(t, 1)
	o := socksOptions(f.Addr, "", "")
	o.HandshakeIvl = 50 * time.Millisecond
	o.ReconnectIvl = time.Minute
	r.connect(t, o, "127.0.0.1:5555", nil)
	start := time.Now()
	f.Next(t, waitLimit)
	r.log.skipTo(t, event.Closed)
	if d := time.Since(start); d < 45*time.Millisecond {
		t.Errorf("exchange given up after %v, before the 50 ms limit", d)
	}
	r.log.expect(t, event.ConnectRetried)
}

// Terminating mid-exchange closes the fd and cancels the timer silently.
func TestSocksConnecterTerminatedMidExchange(t *testing.T) {
	leakcheck.FDs(t)
	f := socksproxy.NewFake(t, socksproxy.Script{Answer: []byte{5}}) // half an answer
	r := newReactor(t, 2)
	r.connect(t, socksOptions(f.Addr, "", ""), "127.0.0.1:5555", nil)
	f.Next(t, waitLimit)
	r.terminate(t)
	for _, e := range r.log.rest() {
		if e.Kind != event.ConnectDelayed {
			t.Errorf("event %v during or after the exchange", e.Kind)
		}
	}
}

// Requests are written whatever the socket takes per call: short writes and EAGAIN put the
// rest behind POLLOUT.
func TestSocksConnecterShortWrites(t *testing.T) {
	leakcheck.FDs(t)
	f := socksproxy.NewFake(t, socksproxy.Script{User: "zuser", Password: "zpass"})
	var calls atomic.Int32
	real := DefaultHooks().Write
	hook(t, Hooks{Write: func(fd int, p []byte) (int, error) {
		if len(p) > 1 && (p[0] == socksVersion || p[0] == socksLoginVersion) { // a SOCKS request
			if calls.Add(1)%2 == 1 {
				return 0, unix.EAGAIN
			}
			return real(fd, p[:1])
		}
		return real(fd, p)
	}})
	r := newReactor(t, 2)
	r.connect(t, socksOptions(f.Addr, "zuser", "zpass"), "localhost:5555", nil)
	s := f.Next(t, waitLimit)
	if s.Err != nil || !bytes.Equal(s.Request, []byte("\x05\x01\x00\x03\x09localhost\x15\xb3")) || s.User != "zuser" {
		t.Fatalf("session %+v", s)
	}
	expectSocksConnected(t, r, f.Addr)
	if calls.Load() < 10 {
		t.Errorf("%d hooked writes; the requests were not cut", calls.Load())
	}
}

// A read error mid-exchange fails the attempt like a hang-up.
func TestSocksConnecterReadError(t *testing.T) {
	leakcheck.FDs(t)
	f := socksproxy.NewFake(t, socksproxy.Script{})
	real := DefaultHooks().Read
	var failed atomic.Bool
	hook(t, Hooks{Read: func(fd int, p []byte) (int, error) {
		if len(p) == 2 && failed.CompareAndSwap(false, true) { // the method choice
			return 0, unix.ECONNRESET
		}
		return real(fd, p)
	}})
	r := newReactor(t, 2)
	r.connect(t, socksOptions(f.Addr, "", ""), "127.0.0.1:5555", nil)
	r.log.skipTo(t, event.Closed)
	r.log.expect(t, event.ConnectRetried)
	expectSocksConnected(t, r, f.Addr) // the next attempt goes through
	if !failed.Load() {
		t.Error("the read was not failed")
	}
}
