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
)

// Basic TCP behaviour (libzmq test_pair_tcp, test_reqrep_tcp, test_bind_after_connect_tcp,
// test_unbind_wildcard, test_last_endpoint, test_term_endpoint): RELIABILITY.md R-44.

// portOf returns the port of a "tcp://host:port" endpoint, failing on anything else.
func portOf(t testing.TB, endpoint string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(tcpAddr(t, endpoint))
	must(t, err, "endpoint %q", endpoint)
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
			c := newCtx(t)
			srv := bound(t, c, zmq.PAIR, tc.bind)
			ep := srv.LastEndpoint()
			if !regexp.MustCompile(tc.want).MatchString(ep) {
				t.Fatalf("LastEndpoint after Bind(%q) = %q, want %s", tc.bind, ep, tc.want)
			}
			cli := connected(t, c, zmq.PAIR, "tcp://"+net.JoinHostPort(tc.dial, portOf(t, ep)))
			bounce(t, cli, srv)
			// A wildcard bind is unbound by the name LastEndpoint reported
			// (libzmq test_unbind_wildcard); then nobody listens there any more.
			must(t, srv.Unbind(ep), "Unbind(%q)", ep)
			requireIs(t, srv.Unbind(ep), zmq.ErrNoEntry, syscall.ENOENT)
			expectRefused(t, "tcp://"+net.JoinHostPort(tc.dial, portOf(t, ep)))
		})
	}
}

// expectRefused checks that a TCP connect to endpoint is refused, waiting for the listener
// to go (it is closed on its I/O thread, after Unbind returns).
func expectRefused(t testing.TB, endpoint string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		conn, err := net.DialTimeout("tcp", tcpAddr(t, endpoint), waitTimeout)
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
	c := newCtx(t)
	srv := newSocket(t, c, zmq.PAIR)
	must(t, srv.SetIPv6(true), "SetIPv6")
	must(t, srv.Bind("tcp://[::1]:*"), "Bind [::1]")
	ep := srv.LastEndpoint()
	if !strings.HasPrefix(ep, "tcp://[::1]:") {
		t.Fatalf("LastEndpoint = %q, want tcp://[::1]:port", ep)
	}
	cli := newSocket(t, c, zmq.PAIR)
	must(t, cli.SetIPv6(true), "SetIPv6")
	must(t, cli.Connect(ep), "Connect")
	bounce(t, cli, srv)
}

func TestTCPIPv6NeedsOption(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	s := newSocket(t, c, zmq.PAIR)
	// Without ZMQ_IPV6 an IPv6 literal cannot be bound (libzmq: ENODEV/EINVAL-class error).
	if err := s.Bind("tcp://[::1]:*"); err == nil {
		t.Fatal("Bind(tcp://[::1]:*) without IPv6 succeeded")
	}
}

func TestTCPConnectBeforeBind(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	ep := deadEndpoint(t)
	cli := newSocket(t, c, zmq.DEALER)
	must(t, cli.SetReconnectIvl(20*time.Millisecond), "SetReconnectIvl")
	must(t, cli.Connect(ep), "Connect")
	// Queued before any connection exists (IMMEDIATE off), delivered once the peer binds.
	send(t, cli, "early", "bird")
	srv := bound(t, c, zmq.DEALER, ep)
	expectRecv(t, srv, "early", "bird")
	bounce(t, cli, srv)
}

func TestTCPBindByHostNameRefused(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	s := newSocket(t, c, zmq.PAIR)
	// Like libzmq (tcp_address_t::resolve: no DNS for local addresses), a bind address must
	// be a literal, "*" or an interface name; a host name is ENODEV.
	requireIs(t, s.Bind("tcp://localhost:*"), syscall.ENODEV)
}

func TestTCPConnectByHostName(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	srv := bound(t, c, zmq.PAIR, "tcp://127.0.0.1:*")
	cli := connected(t, c, zmq.PAIR, "tcp://localhost:"+portOf(t, srv.LastEndpoint()))
	bounce(t, cli, srv)
}

func TestTCPConnectUnresolvable(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	s := newSocket(t, c, zmq.PAIR)
	for _, ep := range []string{"tcp://127.0.0.1", "tcp://127.0.0.1:", "tcp://127.0.0.1:99999", "tcp://:5555"} {
		if err := s.Connect(ep); err == nil {
			t.Errorf("Connect(%q) succeeded", ep)
		}
	}
}

func TestTCPBindSamePortTwice(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	first := bound(t, c, zmq.PAIR, "tcp://127.0.0.1:*")
	ep := first.LastEndpoint()
	// The same socket, another socket and another context all get EADDRINUSE.
	requireIs(t, first.Bind(ep), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	requireIs(t, newSocket(t, c, zmq.PAIR).Bind(ep), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	requireIs(t, newSocket(t, newCtx(t), zmq.PAIR).Bind(ep), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	// The first binding is unharmed.
	bounce(t, connected(t, c, zmq.PAIR, ep), first)
}

func TestTCPUnbindDropsAcceptedConnections(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	srv := bound(t, c, zmq.DEALER, "tcp://127.0.0.1:*")
	ep := srv.LastEndpoint()
	cli := newSocket(t, c, zmq.DEALER)
	must(t, cli.SetLinger(0), "SetLinger") // it will hold messages nobody can take
	cw := watchEvents(t, cli, zmq.EventDisconnected|zmq.EventHandshakeSucceeded)
	must(t, cli.Connect(ep), "Connect")
	bounce(t, cli, srv)
	cw.expect(zmq.EventHandshakeSucceeded)
	must(t, srv.Unbind(ep), "Unbind")
	// The accepted session belonged to the listener; its pipe's termination completes as
	// srv processes commands.
	cw.waitForPumping(zmq.EventDisconnected, srv)
	expectRefused(t, ep)
	requireIs(t, srv.Unbind(ep), zmq.ErrNoEntry)
	// Nothing the client sends reaches the server now (it queues for a reconnect).
	expectBounceFail(t, cli, srv)
}

func TestTCPDisconnect(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	srv := newSocket(t, c, zmq.DEALER)
	sw := watchEvents(t, srv, zmq.EventDisconnected)
	must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	ep := srv.LastEndpoint()
	cli := connected(t, c, zmq.DEALER, ep)
	bounce(t, cli, srv)
	must(t, cli.Disconnect(ep), "Disconnect")
	sw.waitForPumping(zmq.EventDisconnected, cli)
	requireIs(t, cli.Disconnect(ep), zmq.ErrNoEntry, syscall.ENOENT)
	// With no peer left, a DEALER send would block (libzmq test_term_endpoint).
	requireIs(t, cli.Send([]byte("x"), zmq.DontWait), zmq.ErrAgain, syscall.EAGAIN)
	// Connecting again works.
	must(t, cli.Connect(ep), "Connect again")
	bounce(t, cli, srv)
}

func TestTCPManyClientsOneServer(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	srv := bound(t, c, zmq.ROUTER, "tcp://127.0.0.1:*")
	const n = 10
	clients := make([]*zmq.Socket, n)
	for i := range clients {
		clients[i] = newSocket(t, c, zmq.DEALER)
		must(t, clients[i].SetRoutingID([]byte{'c', byte('0' + i)}), "SetRoutingID")
		must(t, clients[i].Connect(srv.LastEndpoint()), "Connect")
		send(t, clients[i], "hi")
	}
	seen := map[string]bool{}
	for range n {
		m := recv(t, srv)
		if len(m) != 2 || m[1] != "hi" {
			t.Fatalf("ROUTER got %q", m)
		}
		seen[m[0]] = true
		send(t, srv, m[0], "back to "+m[0])
	}
	if len(seen) != n {
		t.Fatalf("ROUTER saw %d distinct peers, want %d", len(seen), n)
	}
	for i, cl := range clients {
		expectRecv(t, cl, "back to c"+string(rune('0'+i)))
	}
}
