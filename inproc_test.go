package zmq_test

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Connect may come before Bind on inproc: the connection completes when the name is bound
// (libzmq test_inproc_connect).
func TestInprocBindAfterConnect(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	b := testutil.Connected(t, c, zmq.PAIR, "inproc://later")
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://later")
	testutil.Bounce(t, a, b)
	testutil.Bounce(t, b, a)
}

// Messages sent before the name was bound are delivered in order once it is, from every
// early connecter.
func TestInprocSendBeforeBind(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	var pushes []*zmq.Socket
	for p := range 3 {
		push := testutil.Connected(t, c, zmq.PUSH, "inproc://early")
		for i := range 5 {
			testutil.Send(t, push, fmt.Sprintf("%d-%d", p, i))
		}
		pushes = append(pushes, push)
	}
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://early")
	next := make([]int, len(pushes))
	for range 15 {
		var p, i int
		fmt.Sscanf(testutil.Recv(t, pull)[0], "%d-%d", &p, &i)
		if i != next[p] {
			t.Fatalf("from PUSH %d got %d, want %d", p, i, next[p])
		}
		next[p]++
	}
	// Connections made after the bind work too.
	late := testutil.Connected(t, c, zmq.PUSH, "inproc://early")
	testutil.Send(t, late, "late")
	testutil.ExpectRecv(t, pull, "late")
}

// A connection made before the bind carries the binder's and connecter's routing ids like one
// made after it.
func TestInprocRouterConnectBeforeBind(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	dealer := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, dealer.SetRoutingID([]byte("early")), "SetRoutingID")
	testutil.Must(t, dealer.Connect("inproc://router-later"), "Connect")
	testutil.Send(t, dealer, "hello")
	router := testutil.Bound(t, c, zmq.ROUTER, "inproc://router-later")
	testutil.ExpectRecv(t, router, "early", "hello")
	testutil.Send(t, router, "early", "world")
	testutil.ExpectRecv(t, dealer, "world")
}

// Two binds of one name fail with EADDRINUSE, from the same socket or another.
func TestInprocBindTwice(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://taken")
	err := a.Bind("inproc://taken")
	testutil.RequireIs(t, err, zmq.ErrAddrInUse, syscall.EADDRINUSE)
	testutil.ErrorMentions(t, err, "inproc://taken")
	b := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.RequireIs(t, b.Bind("inproc://taken"), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	// A socket may bind several names.
	testutil.Must(t, a.Bind("inproc://second-name"), "Bind a second name")
	if got := a.LastEndpoint(); got != "inproc://second-name" {
		t.Fatalf("LastEndpoint() = %q", got)
	}
}

// Unbind frees the name for another binder and stops new connections reaching the old one;
// connections already made stay up (libzmq unregisters the name only). A second Unbind, or an
// Unbind of a name bound by another socket, fails with ENOENT.
func TestInprocUnbind(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://u")
	b := testutil.Connected(t, c, zmq.PAIR, "inproc://u")
	testutil.Bounce(t, a, b)
	other := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.RequireIs(t, other.Unbind("inproc://u"), zmq.ErrNoEntry, syscall.ENOENT)
	testutil.Must(t, a.Unbind("inproc://u"), "Unbind")
	testutil.RequireIs(t, a.Unbind("inproc://u"), zmq.ErrNoEntry, syscall.ENOENT)
	testutil.Bounce(t, a, b)

	d := testutil.Connected(t, c, zmq.PAIR, "inproc://u") // parked: nobody binds the name now
	testutil.Must(t, other.Bind("inproc://u"), "Bind after Unbind")
	testutil.Bounce(t, other, d)
}

// Disconnect ends the connection to one endpoint: a PUSH connected to two PULLs sends only to
// the other afterwards, and a disconnected PAIR no longer reaches its peer.
func TestInprocDisconnect(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PULL, "inproc://a")
	b := testutil.Bound(t, c, zmq.PULL, "inproc://b")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://a")
	testutil.Must(t, push.Connect("inproc://b"), "Connect b")
	testutil.Must(t, push.Disconnect("inproc://a"), "Disconnect a")
	testutil.RequireIs(t, push.Disconnect("inproc://a"), zmq.ErrNoEntry, syscall.ENOENT)
	testutil.RequireIs(t, push.Disconnect("inproc://never"), zmq.ErrNoEntry)
	for i := range 4 {
		testutil.Send(t, push, fmt.Sprint(i))
	}
	for i := range 4 {
		testutil.ExpectRecv(t, b, fmt.Sprint(i))
	}
	testutil.ExpectNoRecv(t, a)

	x := testutil.Bound(t, c, zmq.PAIR, "inproc://pair")
	y := testutil.Connected(t, c, zmq.PAIR, "inproc://pair")
	testutil.Bounce(t, x, y)
	testutil.Must(t, y.Disconnect("inproc://pair"), "Disconnect")
	testutil.ExpectBounceFail(t, x, y)
	// And it can connect again.
	testutil.Must(t, y.Connect("inproc://pair"), "Connect again")
	testutil.Bounce(t, y, x)
}

// inproc names belong to their context: a socket of another context does not reach them.
func TestInprocNamesPerContext(t *testing.T) {
	t.Parallel()
	c1, c2 := testutil.NewCtx(t), testutil.NewCtx(t)
	a := testutil.Bound(t, c1, zmq.PAIR, "inproc://shared-name")
	b := testutil.Connected(t, c2, zmq.PAIR, "inproc://shared-name")
	testutil.ExpectBounceFail(t, a, b)
	testutil.Must(t, b.SetLinger(0), "SetLinger")
}

// Names are arbitrary strings: long, with spaces, slashes and UTF-8.
func TestInprocOddNames(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	for _, name := range []string{"a", "with space", "a/b/c", "ünïcödé", string(make([]byte, 300)) + "x", "inproc://nested"} {
		ep := "inproc://" + name
		a := testutil.Bound(t, c, zmq.PAIR, ep)
		b := testutil.Connected(t, c, zmq.PAIR, ep)
		testutil.Bounce(t, a, b)
		if got := a.LastEndpoint(); got != ep {
			t.Fatalf("LastEndpoint() = %q, want %q", got, ep)
		}
	}
}
