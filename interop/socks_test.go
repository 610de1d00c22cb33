//go:build cgo

package interop_test

import (
	"bytes"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/socksproxy"
	"github.com/zreactor/zmq/internal/testutil"
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

// socksLibVia sets a libzmq socket's proxy, and its login when user is not empty.
func socksLibVia(t testing.TB, s *libzmq.Socket, proxy, user, pass string) {
	t.Helper()
	testutil.Must(t, s.SetString(libSocksProxy, proxy), "libzmq ZMQ_SOCKS_PROXY")
	if user != "" {
		testutil.Must(t, s.SetString(libSocksUsername, user), "libzmq ZMQ_SOCKS_USERNAME")
		testutil.Must(t, s.SetString(libSocksPassword, pass), "libzmq ZMQ_SOCKS_PASSWORD")
	}
}

func libExpect(t testing.TB, s *libzmq.Socket, want string) {
	t.Helper()
	frames, err := s.RecvMulti(0)
	testutil.Must(t, err, "libzmq receive")
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
	{"microsocks login", func(t testing.TB) *socksproxy.Proxy {
		return socksproxy.Microsocks(t, testutil.SocksUser, testutil.SocksPass)
	}, testutil.SocksUser, testutil.SocksPass},
	{"dante", socksproxy.Dante, "", ""},
}

// Our DEALER through each proxy to a libzmq DEALER, by address and by name.
func TestInteropSocksToLibzmq(t *testing.T) {
	for _, p := range socksProxies {
		t.Run(p.name, func(t *testing.T) {
			leakcheck.FDs(t)
			proxy := p.start(t)
			lc := newLibCtx(t)
			c := testutil.NewCtx(t)
			for i := range 2 {
				// A server for each client: a DEALER's reply could go to the last client, whose
				// close the proxy may not have passed on yet.
				lib := newLibSocket(t, lc, libzmq.DEALER)
				testutil.Must(t, lib.Bind("tcp://127.0.0.1:*"), "libzmq bind")
				ep, err := lib.LastEndpoint()
				testutil.Must(t, err, "libzmq LAST_ENDPOINT")
				target := testutil.SocksTargets(ep)[i]
				cli := testutil.NewSocket(t, c, zmq.DEALER)
				testutil.ViaSocks(t, cli, proxy.Addr, p.user, p.pass)
				testutil.Must(t, cli.Connect(target), "Connect(%q)", target)
				testutil.Send(t, cli, "to libzmq via "+target)
				libExpect(t, lib, "to libzmq via "+target)
				testutil.Must(t, lib.Send([]byte("back"), 0), "libzmq send")
				testutil.ExpectRecv(t, cli, "back")
				testutil.Must(t, cli.Close(), "Close")
			}
		})
	}
}

// A libzmq DEALER through each proxy to our DEALER; libzmq's monitor names the proxy, as ours
// does.
func TestInteropSocksFromLibzmq(t *testing.T) {
	for _, p := range socksProxies {
		t.Run(p.name, func(t *testing.T) {
			leakcheck.FDs(t)
			proxy := p.start(t)
			c := testutil.NewCtx(t)
			lc := newLibCtx(t)
			for i := range 2 {
				srv := testutil.Bound(t, c, zmq.DEALER, "tcp://127.0.0.1:*") // one client each, as above
				target := testutil.SocksTargets(srv.LastEndpoint())[i]
				lib := newLibSocket(t, lc, libzmq.DEALER)
				socksLibVia(t, lib, proxy.Addr, p.user, p.pass)
				mon, err := lib.Monitor(lc, libzmq.EventConnected)
				testutil.Must(t, err, "libzmq monitor")
				testutil.Must(t, lib.Connect(target), "libzmq connect %s", target)
				ev, err := mon.WaitFor(libzmq.EventConnected, testutil.WaitTimeout)
				testutil.Must(t, err, "libzmq CONNECTED")
				if ev.Endpoint != "tcp://"+proxy.Addr {
					t.Errorf("libzmq's CONNECTED names %q, want the proxy %q", ev.Endpoint, "tcp://"+proxy.Addr)
				}
				testutil.Must(t, mon.Close(), "libzmq monitor close")
				testutil.Must(t, lib.Send([]byte("from libzmq via "+target), 0), "libzmq send")
				testutil.ExpectRecv(t, srv, "from libzmq via "+target)
				testutil.Send(t, srv, "back")
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
		{"tcp://127.0.0.1:6001", testutil.SocksUser, testutil.SocksPass},
		{"tcp://localhost:6001", testutil.SocksUser, ""},
	}
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	lc := newLibCtx(t)
	for _, tc := range cases {
		f := socksproxy.NewFake(t, socksproxy.Script{User: tc.user, Password: tc.pass})
		lib := newLibSocket(t, lc, libzmq.DEALER)
		socksLibVia(t, lib, f.Addr, tc.user, tc.pass)
		testutil.Must(t, lib.Connect(tc.target), "libzmq connect")
		theirs := f.Next(t, testutil.WaitTimeout)
		ours := testutil.NewSocket(t, c, zmq.DEALER)
		testutil.ViaSocks(t, ours, f.Addr, tc.user, tc.pass)
		testutil.Must(t, ours.Connect(tc.target), "Connect")
		mine := f.Next(t, testutil.WaitTimeout)
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
	leakcheck.FDs(t)
	f := socksproxy.NewFake(t, socksproxy.Script{})
	const target = "tcp://127.0.0.1:0;localhost:6001"
	lc := newLibCtx(t)
	lib := newLibSocket(t, lc, libzmq.DEALER)
	socksLibVia(t, lib, f.Addr, "", "")
	testutil.Must(t, lib.Connect(target), "libzmq connect")
	if s := f.Next(t, testutil.WaitTimeout); s.Target.Host != "127.0.0.1:0;localhost" {
		t.Logf("libzmq asked for %q; 4.3.4 asked for \"127.0.0.1:0;localhost\"", s.Target.Host)
	}
	ours := testutil.NewSocket(t, testutil.NewCtx(t), zmq.DEALER)
	testutil.ViaSocks(t, ours, f.Addr, "", "")
	testutil.Must(t, ours.Connect(target), "Connect")
	if s := f.Next(t, testutil.WaitTimeout); s.Target.Host != "localhost" || s.Target.ATYP != socksproxy.ATYPDomain {
		t.Errorf("we asked for %q (ATYP %d), want the name localhost", s.Target.Host, s.Target.ATYP)
	}
}
