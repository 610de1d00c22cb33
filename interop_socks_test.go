//go:build cgo

package zmq_test

import (
	"bytes"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/socksproxy"
)

// SOCKS5 interop with libzmq 4.3 through real proxies, both ways, and byte for byte against
// the fake proxy. Self-contained on internal/libzmq so that it can move with the other interop
// tests.

// libzmq's option numbers: ZMQ_SOCKS_PROXY is stable; ZMQ_SOCKS_USERNAME and _PASSWORD sit in
// zmq.h's draft section, but libzmq 4.3's setsockopt takes them in every build (Debian's is not
// a draft build).
const (
	libSocksProxy    = libzmq.Option(68)
	libSocksUsername = libzmq.Option(99)
	libSocksPassword = libzmq.Option(100)
)

// socksLibCtx is a libzmq context terminated when the test ends; make it before its sockets.
func socksLibCtx(t testing.TB) *libzmq.Context {
	t.Helper()
	lc, err := libzmq.NewContext()
	must(t, err, "libzmq.NewContext")
	t.Cleanup(func() { must(t, lc.Term(), "libzmq zmq_ctx_term") })
	return lc
}

// socksLibSocket is a libzmq socket with linger 0 and 5 s timeouts, closed when the test ends.
// Only sockets that never fail a SOCKS attempt may be closed: libzmq 4.3.4 aborts the process
// when a socket closes after one.
func socksLibSocket(t testing.TB, lc *libzmq.Context, typ libzmq.SocketType) *libzmq.Socket {
	t.Helper()
	s, err := lc.NewSocket(typ)
	must(t, err, "libzmq socket")
	for _, o := range []libzmq.Option{libzmq.Linger, libzmq.RcvTimeo, libzmq.SndTimeo} {
		v := int(waitTimeout.Milliseconds())
		if o == libzmq.Linger {
			v = 0
		}
		must(t, s.SetInt(o, v), "libzmq setsockopt %d", o)
	}
	t.Cleanup(func() { must(t, s.Close(), "libzmq close") })
	return s
}

// socksLibVia sets a libzmq socket's proxy, and its login when user is not empty.
func socksLibVia(t testing.TB, s *libzmq.Socket, proxy, user, pass string) {
	t.Helper()
	must(t, s.SetString(libSocksProxy, proxy), "libzmq ZMQ_SOCKS_PROXY")
	if user != "" {
		must(t, s.SetString(libSocksUsername, user), "libzmq ZMQ_SOCKS_USERNAME")
		must(t, s.SetString(libSocksPassword, pass), "libzmq ZMQ_SOCKS_PASSWORD")
	}
}

func libExpect(t testing.TB, s *libzmq.Socket, want string) {
	t.Helper()
	frames, err := s.RecvMulti(0)
	must(t, err, "libzmq receive")
	if len(frames) != 1 || string(frames[0]) != want {
		t.Fatalf("libzmq received %q, want %q", frames, want)
	}
}

type socksProxyCase struct {
	name       string
	start      func(t testing.TB) *socksproxy.Proxy
	user, pass string
}

var socksProxies = []socksProxyCase{
	{"microsocks", func(t testing.TB) *socksproxy.Proxy { return socksproxy.Microsocks(t, "", "") }, "", ""},
	{"microsocks login", func(t testing.TB) *socksproxy.Proxy { return socksproxy.Microsocks(t, socksUser, socksPass) }, socksUser, socksPass},
	{"dante", socksproxy.Dante, "", ""},
}

// Our DEALER through each proxy to a libzmq DEALER, by address and by name.
func TestInteropSocksToLibzmq(t *testing.T) {
	for _, p := range socksProxies {
		t.Run(p.name, func(t *testing.T) {
			checkFDs(t)
			proxy := p.start(t)
			lc := socksLibCtx(t)
			c := newCtx(t)
			for i := range 2 {
				// A server for each client: a DEALER's reply could go to the last client, whose
				// close the proxy may not have passed on yet.
				lib := socksLibSocket(t, lc, libzmq.DEALER)
				must(t, lib.Bind("tcp://127.0.0.1:*"), "libzmq bind")
				ep, err := lib.LastEndpoint()
				must(t, err, "libzmq LAST_ENDPOINT")
				target := targets(ep)[i]
				cli := newSocket(t, c, zmq.DEALER)
				viaSocks(t, cli, proxy.Addr, p.user, p.pass)
				must(t, cli.Connect(target), "Connect(%q)", target)
				send(t, cli, "to libzmq via "+target)
				libExpect(t, lib, "to libzmq via "+target)
				must(t, lib.Send([]byte("back"), 0), "libzmq send")
				expectRecv(t, cli, "back")
				must(t, cli.Close(), "Close")
			}
		})
	}
}

// A libzmq DEALER through each proxy to our DEALER; libzmq's monitor names the proxy, as ours
// does.
func TestInteropSocksFromLibzmq(t *testing.T) {
	for _, p := range socksProxies {
		t.Run(p.name, func(t *testing.T) {
			checkFDs(t)
			proxy := p.start(t)
			c := newCtx(t)
			lc := socksLibCtx(t)
			for i := range 2 {
				srv := bound(t, c, zmq.DEALER, "tcp://127.0.0.1:*") // one client each, as above
				target := targets(srv.LastEndpoint())[i]
				lib := socksLibSocket(t, lc, libzmq.DEALER)
				socksLibVia(t, lib, proxy.Addr, p.user, p.pass)
				mon, err := lib.Monitor(lc, libzmq.EventConnected)
				must(t, err, "libzmq monitor")
				must(t, lib.Connect(target), "libzmq connect %s", target)
				ev, err := mon.WaitFor(libzmq.EventConnected, waitTimeout)
				must(t, err, "libzmq CONNECTED")
				if ev.Endpoint != "tcp://"+proxy.Addr {
					t.Errorf("libzmq's CONNECTED names %q, want the proxy %q", ev.Endpoint, "tcp://"+proxy.Addr)
				}
				must(t, mon.Close(), "libzmq monitor close")
				must(t, lib.Send([]byte("from libzmq via "+target), 0), "libzmq send")
				expectRecv(t, srv, "from libzmq via "+target)
				send(t, srv, "back")
				libExpect(t, lib, "back")
			}
		})
	}
}

// libzmq and we send the proxy the same bytes: greeting, login, CONNECT for each address type.
func TestInteropSocksSameBytes(t *testing.T) {
	cases := []struct{ target, user, pass string }{
		{"tcp://127.0.0.1:6001", "", ""},
		{"tcp://localhost:6001", "", ""},
		{"tcp://[::1]:6001", "", ""},
		{"tcp://no-such-host.invalid:6001", "", ""},
		{"tcp://127.0.0.1:6001", socksUser, socksPass},
		{"tcp://localhost:6001", socksUser, ""},
	}
	checkFDs(t)
	c := newCtx(t)
	lc := socksLibCtx(t)
	for _, tc := range cases {
		f := socksproxy.NewFake(t, socksproxy.Script{User: tc.user, Password: tc.pass})
		lib := socksLibSocket(t, lc, libzmq.DEALER)
		socksLibVia(t, lib, f.Addr, tc.user, tc.pass)
		must(t, lib.Connect(tc.target), "libzmq connect")
		theirs := f.Next(t, waitTimeout)
		ours := newSocket(t, c, zmq.DEALER)
		viaSocks(t, ours, f.Addr, tc.user, tc.pass)
		must(t, ours.Connect(tc.target), "Connect")
		mine := f.Next(t, waitTimeout)
		if theirs.Err != nil || mine.Err != nil {
			t.Fatalf("%s: sessions failed: libzmq %v, ours %v", tc.target, theirs.Err, mine.Err)
		}
		if !bytes.Equal(theirs.Greeting, mine.Greeting) || !bytes.Equal(theirs.Login, mine.Login) ||
			!bytes.Equal(theirs.Request, mine.Request) {
			t.Errorf("%s (login %q): libzmq sent %x %x %x, we sent %x %x %x", tc.target, tc.user,
				theirs.Greeting, theirs.Login, theirs.Request, mine.Greeting, mine.Login, mine.Request)
		}
	}
}

// libzmq 4.3.4 sends an endpoint's source part to the proxy as part of the host name; we bind
// the connection to it and send the host alone.
func TestInteropSocksSourceAddress(t *testing.T) {
	checkFDs(t)
	f := socksproxy.NewFake(t, socksproxy.Script{})
	const target = "tcp://127.0.0.1:0;localhost:6001"
	lc := socksLibCtx(t)
	lib := socksLibSocket(t, lc, libzmq.DEALER)
	socksLibVia(t, lib, f.Addr, "", "")
	must(t, lib.Connect(target), "libzmq connect")
	if s := f.Next(t, waitTimeout); s.Target.Host != "127.0.0.1:0;localhost" {
		t.Logf("libzmq asked for %q; 4.3.4 asked for \"127.0.0.1:0;localhost\"", s.Target.Host)
	}
	ours := newSocket(t, newCtx(t), zmq.DEALER)
	viaSocks(t, ours, f.Addr, "", "")
	must(t, ours.Connect(target), "Connect")
	if s := f.Next(t, waitTimeout); s.Target.Host != "localhost" || s.Target.ATYP != socksproxy.ATYPDomain {
		t.Errorf("we asked for %q (ATYP %d), want the name localhost", s.Target.Host, s.Target.ATYP)
	}
}
