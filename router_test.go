package zmq_test

import (
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
)

// A peer's ROUTING_ID names it at the ROUTER, both ways.
func TestRouterExplicitRoutingID(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	router := bound(t, c, zmq.ROUTER, "inproc://ids")
	dealer := newSocket(t, c, zmq.DEALER)
	must(t, dealer.SetRoutingID([]byte("alice")), "SetRoutingID")
	if got := string(dealer.RoutingID()); got != "alice" {
		t.Fatalf("RoutingID() = %q, want alice", got)
	}
	must(t, dealer.Connect("inproc://ids"), "Connect")
	send(t, dealer, "hi")
	expectRecv(t, router, "alice", "hi")
	send(t, router, "alice", "back", "two")
	expectRecv(t, dealer, "back", "two")
}

// Peers without a routing id get a generated one: 5 bytes, the first 0x00 (libzmq), distinct
// per peer and stable across messages.
func TestRouterAutomaticRoutingIDs(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	router := bound(t, c, zmq.ROUTER, "inproc://auto")
	a := connected(t, c, zmq.DEALER, "inproc://auto")
	b := connected(t, c, zmq.DEALER, "inproc://auto")
	send(t, a, "from a")
	send(t, b, "from b")
	ids := map[string]string{}
	for range 2 {
		msg := recv(t, router)
		if len(msg) != 2 || len(msg[0]) != 5 || msg[0][0] != 0 {
			t.Fatalf("ROUTER received %q, want [5-byte id starting 0x00, body]", msg)
		}
		ids[msg[1]] = msg[0]
	}
	if ids["from a"] == ids["from b"] {
		t.Fatalf("two peers share routing id %x", ids["from a"])
	}
	send(t, a, "again")
	if msg := recv(t, router); msg[0] != ids["from a"] {
		t.Fatalf("peer a's id changed from %x to %x", ids["from a"], msg[0])
	}
	send(t, router, ids["from b"], "to b")
	expectRecv(t, b, "to b")
	send(t, router, ids["from a"], "to a")
	expectRecv(t, a, "to a")
}

// An unknown routing id is dropped silently by default, and fails with ErrHostUnreachable
// (EHOSTUNREACH) under ROUTER_MANDATORY; the connection is unaffected either way.
func TestRouterMandatory(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	router := bound(t, c, zmq.ROUTER, "inproc://mandatory")
	dealer := newSocket(t, c, zmq.DEALER)
	must(t, dealer.SetRoutingID([]byte("known")), "SetRoutingID")
	must(t, dealer.Connect("inproc://mandatory"), "Connect")

	send(t, router, "nobody", "lost")
	must(t, router.SetRouterMandatory(true), "SetRouterMandatory")
	err := router.SendMulti(byteFrames([]string{"nobody", "lost"}), 0)
	requireIs(t, err, zmq.ErrHostUnreachable, syscall.EHOSTUNREACH)
	err = router.Send([]byte("nobody"), zmq.SndMore|zmq.DontWait)
	requireIs(t, err, zmq.ErrHostUnreachable, syscall.EHOSTUNREACH)

	// The failed sends left no half message behind.
	send(t, router, "known", "delivered")
	expectRecv(t, dealer, "delivered")
}

// A second peer announcing a routing id in use is ignored by default (the first keeps it);
// with ROUTER_HANDOVER it takes the id over (libzmq test_router_handover).
func TestRouterHandover(t *testing.T) {
	for _, handover := range []bool{false, true} {
		t.Run(map[bool]string{false: "default", true: "handover"}[handover], func(t *testing.T) {
			t.Parallel()
			c := newCtx(t)
			router := newSocket(t, c, zmq.ROUTER)
			must(t, router.SetRouterHandover(handover), "SetRouterHandover")
			must(t, router.Bind("inproc://handover"), "Bind")
			dealer := func() *zmq.Socket {
				d := newSocket(t, c, zmq.DEALER)
				must(t, d.SetRoutingID([]byte("X")), "SetRoutingID")
				must(t, d.Connect("inproc://handover"), "Connect")
				return d
			}
			one := dealer()
			send(t, one, "from one")
			expectRecv(t, router, "X", "from one")
			two := dealer()
			send(t, two, "from two")
			send(t, router, "X", "to X")
			if handover {
				expectRecv(t, router, "X", "from two")
				expectRecv(t, two, "to X")
				expectNoRecv(t, one)
			} else {
				expectRecv(t, one, "to X")
				expectNoRecv(t, two)
				expectNoRecv(t, router)
			}
		})
	}
}

// With PROBE_ROUTER a connecting peer first sends an empty message, so the ROUTER learns its
// id before the application speaks (libzmq test_probe_router).
func TestProbeRouter(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	router := bound(t, c, zmq.ROUTER, "inproc://probe")
	dealer := newSocket(t, c, zmq.DEALER)
	must(t, dealer.SetRoutingID([]byte("X")), "SetRoutingID")
	must(t, dealer.SetProbeRouter(true), "SetProbeRouter")
	must(t, dealer.Connect("inproc://probe"), "Connect")
	expectRecv(t, router, "X", "")
	send(t, router, "X", "Hello")
	expectRecv(t, dealer, "Hello")
	send(t, dealer, "Hi")
	expectRecv(t, router, "X", "Hi")
}

// Two ROUTERs can talk when the connecting one names the connection with
// CONNECT_ROUTING_ID.
func TestRouterToRouterConnectRoutingID(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	server := newSocket(t, c, zmq.ROUTER)
	must(t, server.SetRoutingID([]byte("server")), "SetRoutingID")
	must(t, server.Bind("inproc://r2r"), "Bind")
	client := newSocket(t, c, zmq.ROUTER)
	must(t, client.SetRoutingID([]byte("client")), "SetRoutingID")
	must(t, client.SetConnectRoutingID([]byte("srv")), "SetConnectRoutingID")
	must(t, client.Connect("inproc://r2r"), "Connect")
	send(t, client, "srv", "ping")
	expectRecv(t, server, "client", "ping")
	send(t, server, "client", "pong")
	expectRecv(t, client, "srv", "pong")
}
