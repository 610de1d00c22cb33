package zmq_test

import (
	"errors"
	"net"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// Basic TCP behaviour (libzmq test_pair_tcp, test_reqrep_tcp, test_bind_after_connect_tcp,
// test_unbind_wildcard, test_last_endpoint, test_term_endpoint).

// portOf returns the port of a "tcp://host:port" endpoint, failing on anything else.
func portOf(t testing.TB, endpoint string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(zmtptest.TCPAddr(t, endpoint))
	testutil.Must(t, err, "endpoint %q", endpoint)
	if port == "" || port == "0" || port == "*" {
		t.Fatalf("endpoint %q has no resolved port", endpoint)
	}
	return port
}

func TestTCPBindWildcardPort(t *testing.T) {
	t.Parallel()
	cases := []struct {
		bind string
		want string // pattern of LastEndpoint
		dial string // host clients dial
	}{
		{"tcp://127.0.0.1:*", `^tcp://127\.0\.0\.1:[1-9][0-9]*$`, "127.0.0.1"},
		{"tcp://127.0.0.1:0", `^tcp://127\.0\.0\.1:[1-9][0-9]*$`, "127.0.0.1"},
		{"tcp://*:*", `^tcp://0\.0\.0\.0:[1-9][0-9]*$`, "127.0.0.1"},
	}
	for _, tc := range cases {
		t.Run(tc.bind, func(t *testing.T) {
			t.Parallel()
			c := testutil.NewCtx(t)
			srv := testutil.Bound(t, c, zmq.PAIR, tc.bind)
			ep := srv.LastEndpoint()
			if !regexp.MustCompile(tc.want).MatchString(ep) {
				t.Fatalf("LastEndpoint after Bind(%q) = %q, want %s", tc.bind, ep, tc.want)
			}
			cli := testutil.Connected(t, c, zmq.PAIR, "tcp://"+net.JoinHostPort(tc.dial, portOf(t, ep)))
			testutil.Bounce(t, cli, srv)
			// A wildcard bind is unbound by the name LastEndpoint reported
			// (libzmq test_unbind_wildcard); then nobody listens there any more.
			testutil.Must(t, srv.Unbind(ep), "Unbind(%q)", ep)
			testutil.RequireIs(t, srv.Unbind(ep), zmq.ErrNoEntry, syscall.ENOENT)
			expectRefused(t, "tcp://"+net.JoinHostPort(tc.dial, portOf(t, ep)))
		})
	}
}

// expectRefused checks that a TCP connect to endpoint is refused, waiting for the listener
// to go (it is closed on its I/O thread, after Unbind returns).
func expectRefused(t testing.TB, endpoint string) {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		conn, err := net.DialTimeout("tcp", zmtptest.TCPAddr(t, endpoint), testutil.WaitTimeout)
		if errors.Is(err, syscall.ECONNREFUSED) {
			return
		}
		// A reset means the SYN met the listener just as it closed: try again.
		if err != nil && !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("dial %s: %v, want ECONNREFUSED", endpoint, err)
		}
		if conn != nil {
			conn.Close()
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still accepts connections", endpoint)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// hasIPv6Loopback reports whether [::1] can be bound on this host.
func hasIPv6Loopback() bool {
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		return false
	}
	l.Close()
	return true
}

func TestTCPIPv6Loopback(t *testing.T) {
	t.Parallel()
	if !hasIPv6Loopback() {
		t.Skip("no IPv6 loopback on this host")
	}
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.Must(t, srv.SetIPv6(true), "SetIPv6")
	testutil.Must(t, srv.Bind("tcp://[::1]:*"), "Bind [::1]")
	ep := srv.LastEndpoint()
	if !strings.HasPrefix(ep, "tcp://[::1]:") {
		t.Fatalf("LastEndpoint = %q, want tcp://[::1]:port", ep)
	}
	cli := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.Must(t, cli.SetIPv6(true), "SetIPv6")
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)
}

func TestTCPIPv6NeedsOption(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PAIR)
	// Without ZMQ_IPV6 an IPv6 literal cannot be bound (libzmq: ENODEV/EINVAL-class error).
	if err := s.Bind("tcp://[::1]:*"); err == nil {
		t.Fatal("Bind(tcp://[::1]:*) without IPv6 succeeded")
	}
}

func TestTCPConnectBeforeBind(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := deadEndpoint(t)
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, cli.SetReconnectIvl(20*time.Millisecond), "SetReconnectIvl")
	testutil.Must(t, cli.Connect(ep), "Connect")
	// Queued before any connection exists (IMMEDIATE off), delivered once the peer binds.
	testutil.Send(t, cli, "early", "bird")
	srv := testutil.Bound(t, c, zmq.DEALER, ep)
	testutil.ExpectRecv(t, srv, "early", "bird")
	testutil.Bounce(t, cli, srv)
}

func TestTCPBindByHostNameRefused(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PAIR)
	// Like libzmq (tcp_address_t::resolve: no DNS for local addresses), a bind address must
	// be a literal, "*" or an interface name; a host name is ENODEV.
	testutil.RequireIs(t, s.Bind("tcp://localhost:*"), syscall.ENODEV)
}

func TestTCPConnectByHostName(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.PAIR, "tcp://127.0.0.1:*")
	cli := testutil.Connected(t, c, zmq.PAIR, "tcp://localhost:"+portOf(t, srv.LastEndpoint()))
	testutil.Bounce(t, cli, srv)
}

func TestTCPConnectUnresolvable(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PAIR)
	for _, ep := range []string{"tcp://127.0.0.1", "tcp://127.0.0.1:", "tcp://127.0.0.1:99999", "tcp://:5555"} {
		if err := s.Connect(ep); err == nil {
			t.Errorf("Connect(%q) succeeded", ep)
		}
	}
}

func TestTCPBindSamePortTwice(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	first := testutil.Bound(t, c, zmq.PAIR, "tcp://127.0.0.1:*")
	ep := first.LastEndpoint()
	// The same socket, another socket and another context all get EADDRINUSE.
	testutil.RequireIs(t, first.Bind(ep), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	testutil.RequireIs(t, testutil.NewSocket(t, c, zmq.PAIR).Bind(ep), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	testutil.RequireIs(t, testutil.NewSocket(t, testutil.NewCtx(t), zmq.PAIR).Bind(ep), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	// The first binding is unharmed.
	testutil.Bounce(t, testutil.Connected(t, c, zmq.PAIR, ep), first)
}

func TestTCPUnbindDropsAcceptedConnections(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.DEALER, "tcp://127.0.0.1:*")
	ep := srv.LastEndpoint()
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, cli.SetLinger(0), "SetLinger") // it will hold messages nobody can take
	cw := watchEvents(t, cli, zmq.EventDisconnected|zmq.EventHandshakeSucceeded)
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)
	cw.expect(zmq.EventHandshakeSucceeded)
	testutil.Must(t, srv.Unbind(ep), "Unbind")
	// The accepted session belonged to the listener; its pipe's termination completes as
	// srv processes commands.
	cw.waitForPumping(zmq.EventDisconnected, srv)
	expectRefused(t, ep)
	testutil.RequireIs(t, srv.Unbind(ep), zmq.ErrNoEntry)
	// Nothing the client sends reaches the server now (it queues for a reconnect).
	testutil.ExpectBounceFail(t, cli, srv)
}

func TestTCPDisconnect(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.DEALER)
	sw := watchEvents(t, srv, zmq.EventDisconnected)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	ep := srv.LastEndpoint()
	cli := testutil.Connected(t, c, zmq.DEALER, ep)
	testutil.Bounce(t, cli, srv)
	testutil.Must(t, cli.Disconnect(ep), "Disconnect")
	sw.waitForPumping(zmq.EventDisconnected, cli)
	testutil.RequireIs(t, cli.Disconnect(ep), zmq.ErrNoEntry, syscall.ENOENT)
	// With no peer left, a DEALER send would block (libzmq test_term_endpoint).
	testutil.RequireIs(t, cli.Send([]byte("x"), zmq.DontWait), zmq.ErrAgain, syscall.EAGAIN)
	// Connecting again works.
	testutil.Must(t, cli.Connect(ep), "Connect again")
	testutil.Bounce(t, cli, srv)
}

func TestTCPManyClientsOneServer(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.ROUTER, "tcp://127.0.0.1:*")
	const n = 10
	clients := make([]*zmq.Socket, n)
	for i := range clients {
		clients[i] = testutil.NewSocket(t, c, zmq.DEALER)
		testutil.Must(t, clients[i].SetRoutingID([]byte{'c', byte('0' + i)}), "SetRoutingID")
		testutil.Must(t, clients[i].Connect(srv.LastEndpoint()), "Connect")
		testutil.Send(t, clients[i], "hi")
	}
	seen := map[string]bool{}
	for range n {
		m := testutil.Recv(t, srv)
		if len(m) != 2 || m[1] != "hi" {
			t.Fatalf("ROUTER got %q", m)
		}
		seen[m[0]] = true
		testutil.Send(t, srv, m[0], "back to "+m[0])
	}
	if len(seen) != n {
		t.Fatalf("ROUTER saw %d distinct peers, want %d", len(seen), n)
	}
	for i, cl := range clients {
		testutil.ExpectRecv(t, cl, "back to c"+string(rune('0'+i)))
	}
}
