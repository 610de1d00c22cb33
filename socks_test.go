package zmq_test

import (
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/socksproxy"
	"github.com/zreactor/zmq/internal/testutil"
)

// SOCKS5 through real proxies started by the tests (internal/socksproxy): microsocks without
// authentication and with a login, dante without authentication. The tests skip, saying what
// to install, where the proxies are missing.

// socksBounce connects a DEALER through proxy to a DEALER bound here, for each way of naming
// it, and bounces messages; the connection's events name the proxy. Each client gets a server
// of its own: a DEALER's reply could go to the last client, whose close the proxy may not have
// passed on yet.
func socksBounce(t *testing.T, proxy, user, pass string) {
	c := testutil.NewCtx(t)
	for i := range 2 {
		srv := testutil.Bound(t, c, zmq.DEALER, "tcp://127.0.0.1:*")
		target := testutil.SocksTargets(srv.LastEndpoint())[i]
		cli := testutil.NewSocket(t, c, zmq.DEALER)
		testutil.ViaSocks(t, cli, proxy, user, pass)
		w := watchEvents(t, cli, zmq.EventAll)
		testutil.Must(t, cli.Connect(target), "Connect(%q)", target)
		checkEvent(t, w.expectConnected(), "tcp://"+proxy, true)
		checkEvent(t, w.expect(zmq.EventHandshakeSucceeded), "tcp://"+proxy, false)
		testutil.Bounce(t, cli, srv)
		testutil.Must(t, cli.Close(), "Close")
	}
}

func TestSocksMicrosocks(t *testing.T) {
	leakcheck.FDs(t)
	socksBounce(t, socksproxy.Microsocks(t, "", "").Addr, "", "")
}

func TestSocksMicrosocksLogin(t *testing.T) {
	leakcheck.FDs(t)
	socksBounce(t, socksproxy.Microsocks(t, testutil.SocksUser, testutil.SocksPass).Addr, testutil.SocksUser, testutil.SocksPass)
}

func TestSocksDante(t *testing.T) {
	leakcheck.FDs(t)
	socksBounce(t, socksproxy.Dante(t).Addr, "", "")
}

// expectSocksRetries watches failed attempts: each (CONNECT_DELAYED) CLOSED CONNECT_RETRIED,
// with growing intervals, naming proxy, and never a connection.
func expectSocksRetries(t *testing.T, w *eventWatch, proxy string, n int, ivl, ivlMax time.Duration) {
	t.Helper()
	cur := ivl
	for k := range n {
		e := w.next()
		if e.Kind == zmq.EventConnectDelayed {
			e = w.expect(zmq.EventClosed)
		}
		if e.Kind == zmq.EventClosed {
			checkEvent(t, e, "tcp://"+proxy, true)
			e = w.next()
		}
		if e.Kind != zmq.EventConnectRetried {
			t.Fatalf("attempt %d: event %v, want CONNECT_RETRIED; events seen:%s", k, e.Kind, w.history())
		}
		checkEvent(t, e, "tcp://"+proxy, false)
		if lo, hi := cur.Milliseconds(), (cur + ivl).Milliseconds(); e.Value < lo || e.Value >= hi {
			t.Errorf("attempt %d: retry in %d ms, want [%d, %d)", k, e.Value, lo, hi)
		}
		cur = min(2*cur, ivlMax)
	}
}

// Failed exchanges and connects reconnect with the backoff and libzmq's events, deliver
// nothing, and the socket closes normally afterwards (libzmq 4.3.4 aborts there).
func TestSocksFailuresRetry(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	noAuth := socksproxy.Microsocks(t, "", "")
	login := socksproxy.Microsocks(t, testutil.SocksUser, testutil.SocksPass)
	cases := []struct {
		name, proxy, user, pass, target string
	}{
		{"wrong password", login.Addr, testutil.SocksUser, "wrong", srv.LastEndpoint()},
		{"login required", login.Addr, "", "", srv.LastEndpoint()},
		// As libzmq, a client with credentials offers only the login.
		{"credentials to a no-auth proxy", noAuth.Addr, testutil.SocksUser, testutil.SocksPass, srv.LastEndpoint()},
		{"proxy down", strings.TrimPrefix(deadEndpoint(t), "tcp://"), "", "", srv.LastEndpoint()},
		{"target refused", noAuth.Addr, "", "", deadEndpoint(t)},
		{"unresolvable name", noAuth.Addr, "", "", "tcp://no-such-host.invalid:5555"},
	}
	const ivl, ivlMax = 20 * time.Millisecond, 80 * time.Millisecond
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cli := testutil.NewSocket(t, c, zmq.PUSH)
			testutil.ViaSocks(t, cli, tc.proxy, tc.user, tc.pass)
			testutil.Must(t, cli.SetReconnectIvl(ivl), "SetReconnectIvl")
			testutil.Must(t, cli.SetReconnectIvlMax(ivlMax), "SetReconnectIvlMax")
			testutil.Must(t, cli.SetLinger(0), "SetLinger") // the queued message never goes
			// A proxy stuck on a slow DNS server still fails each attempt in time.
			testutil.Must(t, cli.SetHandshakeIvl(2*time.Second), "SetHandshakeIvl")
			w := watchEvents(t, cli, zmq.EventAll)
			testutil.Must(t, cli.Connect(tc.target), "Connect")
			testutil.Must(t, cli.Send([]byte("never"), zmq.DontWait), "Send (queued)")
			expectSocksRetries(t, w, tc.proxy, 4, ivl, ivlMax)
			testutil.ExpectNoRecv(t, srv)
			testutil.Must(t, cli.Close(), "Close")
		})
	}
	testutil.ExpectNoRecv(t, srv)
}

// A socket closed in the middle of failing attempts, with the default linger and nothing
// queued, lets its context close.
func TestSocksCloseAfterFailedLogin(t *testing.T) {
	leakcheck.FDs(t)
	proxy := socksproxy.Microsocks(t, testutil.SocksUser, testutil.SocksPass)
	c, err := zmq.NewContext()
	testutil.Must(t, err, "NewContext")
	cli := testutil.NewSocket(t, c, zmq.REQ)
	testutil.ViaSocks(t, cli, proxy.Addr, testutil.SocksUser, "wrong")
	w := watchEvents(t, cli, zmq.EventAll)
	testutil.Must(t, cli.Connect("tcp://127.0.0.1:5555"), "Connect")
	w.waitFor(zmq.EventConnectRetried)
	w.waitFor(zmq.EventClosed) // the second attempt failed too: closed mid-backoff or mid-exchange
	testutil.Must(t, cli.Close(), "Close")
	testutil.CloseCtx(t, c)
}
