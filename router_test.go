package zmq_test

import (
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// A peer's ROUTING_ID names it at the ROUTER, both ways.
func TestRouterExplicitRoutingID(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	router := testutil.Bound(t, c, zmq.ROUTER, "inproc://ids")
	dealer := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, dealer.SetRoutingID([]byte("alice")), "SetRoutingID")
	if got := string(dealer.RoutingID()); got != "alice" {
		t.Fatalf("RoutingID() = %q, want alice", got)
	}
	testutil.Must(t, dealer.Connect("inproc://ids"), "Connect")
	testutil.Send(t, dealer, "hi")
	testutil.ExpectRecv(t, router, "alice", "hi")
	testutil.Send(t, router, "alice", "back", "two")
	testutil.ExpectRecv(t, dealer, "back", "two")
}

// Peers without a routing id get a generated one: 5 bytes, the first 0x00 (libzmq), distinct
// per peer and stable across messages.
func TestRouterAutomaticRoutingIDs(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	router := testutil.Bound(t, c, zmq.ROUTER, "inproc://auto")
	a := testutil.Connected(t, c, zmq.DEALER, "inproc://auto")
	b := testutil.Connected(t, c, zmq.DEALER, "inproc://auto")
	testutil.Send(t, a, "from a")
	testutil.Send(t, b, "from b")
	ids := map[string]string{}
	for range 2 {
		msg := testutil.Recv(t, router)
		if len(msg) != 2 || len(msg[0]) != 5 || msg[0][0] != 0 {
			t.Fatalf("ROUTER received %q, want [5-byte id starting 0x00, body]", msg)
		}
		ids[msg[1]] = msg[0]
	}
	if ids["from a"] == ids["from b"] {
		t.Fatalf("two peers share routing id %x", ids["from a"])
	}
	testutil.Send(t, a, "again")
	if msg := testutil.Recv(t, router); msg[0] != ids["from a"] {
		t.Fatalf("peer a's id changed from %x to %x", ids["from a"], msg[0])
	}
	testutil.Send(t, router, ids["from b"], "to b")
	testutil.ExpectRecv(t, b, "to b")
	testutil.Send(t, router, ids["from a"], "to a")
	testutil.ExpectRecv(t, a, "to a")
}

// An unknown routing id is dropped silently by default, and fails with ErrHostUnreachable
// (EHOSTUNREACH) under ROUTER_MANDATORY; the connection is unaffected either way.
func TestRouterMandatory(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	router := testutil.Bound(t, c, zmq.ROUTER, "inproc://mandatory")
	dealer := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, dealer.SetRoutingID([]byte("known")), "SetRoutingID")
	testutil.Must(t, dealer.Connect("inproc://mandatory"), "Connect")

	testutil.Send(t, router, "nobody", "lost")
	testutil.Must(t, router.SetRouterMandatory(true), "SetRouterMandatory")
	err := router.SendMulti(testutil.ByteFrames([]string{"nobody", "lost"}), 0)
	testutil.RequireIs(t, err, zmq.ErrHostUnreachable, syscall.EHOSTUNREACH)
	err = router.Send([]byte("nobody"), zmq.SndMore|zmq.DontWait)
	testutil.RequireIs(t, err, zmq.ErrHostUnreachable, syscall.EHOSTUNREACH)

	// The failed sends left no half message behind.
	testutil.Send(t, router, "known", "delivered")
	testutil.ExpectRecv(t, dealer, "delivered")
}

// A second peer announcing a routing id in use is ignored by default (the first keeps it);
// with ROUTER_HANDOVER it takes the id over (libzmq test_router_handover).
func TestRouterHandover(t *testing.T) {
	for _, handover := range []bool{false, true} {
		t.Run(map[bool]string{false: "default", true: "handover"}[handover], func(t *testing.T) {
			t.Parallel()
			c := testutil.NewCtx(t)
			router := testutil.NewSocket(t, c, zmq.ROUTER)
			testutil.Must(t, router.SetRouterHandover(handover), "SetRouterHandover")
			testutil.Must(t, router.Bind("inproc://handover"), "Bind")
			dealer := func() *zmq.Socket {
				d := testutil.NewSocket(t, c, zmq.DEALER)
				testutil.Must(t, d.SetRoutingID([]byte("X")), "SetRoutingID")
				testutil.Must(t, d.Connect("inproc://handover"), "Connect")
				return d
			}
			one := dealer()
			testutil.Send(t, one, "from one")
			testutil.ExpectRecv(t, router, "X", "from one")
			two := dealer()
			testutil.Send(t, two, "from two")
			testutil.Send(t, router, "X", "to X")
			if handover {
				testutil.ExpectRecv(t, router, "X", "from two")
				testutil.ExpectRecv(t, two, "to X")
				testutil.ExpectNoRecv(t, one)
			} else {
				testutil.ExpectRecv(t, one, "to X")
				testutil.ExpectNoRecv(t, two)
				testutil.ExpectNoRecv(t, router)
			}
		})
	}
}

// With PROBE_ROUTER a connecting peer first sends an empty message, so the ROUTER learns its
// id before the application speaks (libzmq test_probe_router).
func TestProbeRouter(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	router := testutil.Bound(t, c, zmq.ROUTER, "inproc://probe")
	dealer := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, dealer.SetRoutingID([]byte("X")), "SetRoutingID")
	testutil.Must(t, dealer.SetProbeRouter(true), "SetProbeRouter")
	testutil.Must(t, dealer.Connect("inproc://probe"), "Connect")
	testutil.ExpectRecv(t, router, "X", "")
	testutil.Send(t, router, "X", "Hello")
	testutil.ExpectRecv(t, dealer, "Hello")
	testutil.Send(t, dealer, "Hi")
	testutil.ExpectRecv(t, router, "X", "Hi")
}

// Two ROUTERs can talk when the connecting one names the connection with
// CONNECT_ROUTING_ID.
func TestRouterToRouterConnectRoutingID(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	server := testutil.NewSocket(t, c, zmq.ROUTER)
	testutil.Must(t, server.SetRoutingID([]byte("server")), "SetRoutingID")
	testutil.Must(t, server.Bind("inproc://r2r"), "Bind")
	client := testutil.NewSocket(t, c, zmq.ROUTER)
	testutil.Must(t, client.SetRoutingID([]byte("client")), "SetRoutingID")
	testutil.Must(t, client.SetConnectRoutingID([]byte("srv")), "SetConnectRoutingID")
	testutil.Must(t, client.Connect("inproc://r2r"), "Connect")
	testutil.Send(t, client, "srv", "ping")
	testutil.ExpectRecv(t, server, "client", "ping")
	testutil.Send(t, server, "client", "pong")
	testutil.ExpectRecv(t, client, "srv", "pong")
}
