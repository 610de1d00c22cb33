//go:build cgo

package interop_test

import (
	"bytes"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// addLibPeer connects one more libzmq socket to l's socket of ours, in l's bind roles: to our
// endpoint if we bound, else on its own new endpoint that our socket connects to. It returns
// once our side completed the handshake.
func addLibPeer(t testing.TB, l *libLink, typ libzmq.SocketType, opts ...func(testing.TB, *libzmq.Socket)) *libzmq.Socket {
	t.Helper()
	s := newLibSocket(t, l.lctx, typ)
	for _, o := range opts {
		o(t, s)
	}
	if l.weBind {
		testutil.Must(t, s.Connect(l.endpoint), "libzmq connect")
	} else {
		testutil.Must(t, s.Bind(interopAddr), "libzmq bind")
		ep, err := s.LastEndpoint()
		testutil.Must(t, err, "libzmq LAST_ENDPOINT")
		testutil.Must(t, l.zr.Connect(ep), "Connect %s", ep)
	}
	waitZrEvent(t, l.events, zmq.EventHandshakeSucceeded)
	return s
}

// addZrPeer connects one more socket of ours to l's libzmq socket, in l's bind roles.
func addZrPeer(t testing.TB, l *libLink, typ zmq.SocketType, opts ...func(testing.TB, *zmq.Socket)) *zmq.Socket {
	t.Helper()
	s := testutil.NewSocket(t, l.ctx, typ)
	testutil.Must(t, s.SetLinger(0), "SetLinger")
	for _, o := range opts {
		o(t, s)
	}
	events, err := s.Monitor(zmq.EventHandshakeSucceeded)
	testutil.Must(t, err, "Monitor")
	if l.weBind {
		testutil.Must(t, s.Bind(interopAddr), "Bind")
		testutil.Must(t, l.lib.Connect(s.LastEndpoint()), "libzmq connect")
	} else {
		testutil.Must(t, s.Connect(l.endpoint), "Connect")
	}
	waitZrEvent(t, events, zmq.EventHandshakeSucceeded)
	return s
}

func libRoutingID(id string) func(testing.TB, *libzmq.Socket) {
	return func(t testing.TB, s *libzmq.Socket) {
		testutil.Must(t, s.SetBytes(libzmq.RoutingID, []byte(id)), "libzmq ROUTING_ID")
	}
}

func zrRoutingID(id string) func(testing.TB, *zmq.Socket) {
	return func(t testing.TB, s *zmq.Socket) { testutil.Must(t, s.SetRoutingID([]byte(id)), "SetRoutingID") }
}

// The routing id set on our DEALER is the one libzmq's ROUTER sees and routes replies by.
func TestInteropRoutingIDToLibRouter(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.DEALER, libzmq.ROUTER, withZr(zrRoutingID("zr-dealer")))
		testutil.Send(t, l.zr, "hello")
		got := libRecv(t, l.lib)
		if !testutil.EqualStrings(testutil.StrFrames(got), []string{"zr-dealer", "hello"}) {
			t.Fatalf("libzmq ROUTER received %q, want [zr-dealer hello]", testutil.StrFrames(got))
		}
		libSend(t, l.lib, []byte("zr-dealer"), []byte("back"))
		testutil.ExpectRecv(t, l.zr, "back")
	})
}

// The routing id set on libzmq's DEALER is the one our ROUTER sees and routes replies by.
func TestInteropRoutingIDFromLibDealer(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.ROUTER, libzmq.DEALER, withLib(libRoutingID("lib-dealer")))
		testutil.Must(t, l.zr.SetRouterMandatory(true), "SetRouterMandatory")
		libSend(t, l.lib, []byte("hello"))
		testutil.ExpectRecv(t, l.zr, "lib-dealer", "hello")
		testutil.Send(t, l.zr, "lib-dealer", "back")
		if got := libRecv(t, l.lib); !testutil.EqualStrings(testutil.StrFrames(got), []string{"back"}) {
			t.Fatalf("libzmq DEALER received %q, want [back]", testutil.StrFrames(got))
		}
	})
}

// checkAutoIDs checks the routing ids a ROUTER gave two anonymous peers: libzmq's form (5 bytes,
// the first 0, which no application id may start with) and distinct.
func checkAutoIDs(t testing.TB, who string, a, b []byte) {
	t.Helper()
	for _, id := range [][]byte{a, b} {
		if len(id) != 5 || id[0] != 0 {
			t.Errorf("%s gave an anonymous peer routing id %x, want 5 bytes starting with 0", who, id)
		}
	}
	if bytes.Equal(a, b) {
		t.Fatalf("%s gave two peers the same routing id %x", who, a)
	}
}

// Our ROUTER gives two libzmq DEALERs without routing ids distinct automatic ids and routes each
// reply to the right one.
func TestInteropAutoIDsOurRouter(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.ROUTER, libzmq.DEALER)
		d2 := addLibPeer(t, l, libzmq.DEALER)
		libSend(t, l.lib, []byte("from 1"))
		libSend(t, d2, []byte("from 2"))
		ids := map[string][]byte{}
		for range 2 {
			got := testutil.Recv(t, l.zr)
			if len(got) != 2 {
				t.Fatalf("ROUTER received %q, want [id body]", got)
			}
			ids[got[1]] = []byte(got[0])
		}
		checkAutoIDs(t, "our ROUTER", ids["from 1"], ids["from 2"])
		testutil.Must(t, l.zr.SendMulti([][]byte{ids["from 2"], []byte("to 2")}, 0), "reply to 2")
		testutil.Must(t, l.zr.SendMulti([][]byte{ids["from 1"], []byte("to 1")}, 0), "reply to 1")
		if got := libRecv(t, l.lib); string(got[0]) != "to 1" {
			t.Fatalf("DEALER 1 received %q", testutil.StrFrames(got))
		}
		if got := libRecv(t, d2); string(got[0]) != "to 2" {
			t.Fatalf("DEALER 2 received %q", testutil.StrFrames(got))
		}
	})
}

// libzmq's ROUTER gives two of our DEALERs without routing ids distinct automatic ids and
// routes each reply to the right one; a third with an id is seen under it.
func TestInteropAutoIDsLibRouter(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.DEALER, libzmq.ROUTER)
		d2 := addZrPeer(t, l, zmq.DEALER)
		d3 := addZrPeer(t, l, zmq.DEALER, zrRoutingID("named"))
		testutil.Send(t, l.zr, "from 1")
		testutil.Send(t, d2, "from 2")
		testutil.Send(t, d3, "from 3")
		ids := map[string][]byte{}
		for range 3 {
			got := libRecv(t, l.lib)
			if len(got) != 2 {
				t.Fatalf("libzmq ROUTER received %q, want [id body]", testutil.StrFrames(got))
			}
			ids[string(got[1])] = got[0]
		}
		checkAutoIDs(t, "libzmq ROUTER", ids["from 1"], ids["from 2"])
		if string(ids["from 3"]) != "named" {
			t.Fatalf("libzmq ROUTER saw DEALER 3 as %q, want named", ids["from 3"])
		}
		for _, n := range []string{"3", "2", "1"} {
			libSend(t, l.lib, ids["from "+n], []byte("to "+n))
		}
		testutil.ExpectRecv(t, l.zr, "to 1")
		testutil.ExpectRecv(t, d2, "to 2")
		testutil.ExpectRecv(t, d3, "to 3")
	})
}
