package zmq_test

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
)

// Connect may come before Bind on inproc: the connection completes when the name is bound
// (libzmq test_inproc_connect).
func TestInprocBindAfterConnect(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	b := connected(t, c, zmq.PAIR, "inproc://later")
	a := bound(t, c, zmq.PAIR, "inproc://later")
	bounce(t, a, b)
	bounce(t, b, a)
}

// Messages sent before the name was bound are delivered in order once it is, from every
// early connecter.
func TestInprocSendBeforeBind(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	var pushes []*zmq.Socket
	for p := range 3 {
		push := connected(t, c, zmq.PUSH, "inproc://early")
		for i := range 5 {
			send(t, push, fmt.Sprintf("%d-%d", p, i))
		}
		pushes = append(pushes, push)
	}
	pull := bound(t, c, zmq.PULL, "inproc://early")
	next := make([]int, len(pushes))
	for range 15 {
		var p, i int
		fmt.Sscanf(recv(t, pull)[0], "%d-%d", &p, &i)
		if i != next[p] {
			t.Fatalf("from PUSH %d got %d, want %d", p, i, next[p])
		}
		next[p]++
	}
	// Connections made after the bind work too.
	late := connected(t, c, zmq.PUSH, "inproc://early")
	send(t, late, "late")
	expectRecv(t, pull, "late")
}

// A connection made before the bind carries the binder's and connecter's routing ids like one
// made after it.
func TestInprocRouterConnectBeforeBind(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	dealer := newSocket(t, c, zmq.DEALER)
	must(t, dealer.SetRoutingID([]byte("early")), "SetRoutingID")
	must(t, dealer.Connect("inproc://router-later"), "Connect")
	send(t, dealer, "hello")
	router := bound(t, c, zmq.ROUTER, "inproc://router-later")
	expectRecv(t, router, "early", "hello")
	send(t, router, "early", "world")
	expectRecv(t, dealer, "world")
}

// Two binds of one name fail with EADDRINUSE, from the same socket or another.
func TestInprocBindTwice(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	a := bound(t, c, zmq.PAIR, "inproc://taken")
	err := a.Bind("inproc://taken")
	requireIs(t, err, zmq.ErrAddrInUse, syscall.EADDRINUSE)
	errorMentions(t, err, "inproc://taken")
	b := newSocket(t, c, zmq.PAIR)
	requireIs(t, b.Bind("inproc://taken"), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	// A socket may bind several names.
	must(t, a.Bind("inproc://second-name"), "Bind a second name")
	if got := a.LastEndpoint(); got != "inproc://second-name" {
		t.Fatalf("LastEndpoint() = %q", got)
	}
}

// Unbind frees the name for another binder and stops new connections reaching the old one;
// connections already made stay up (libzmq unregisters the name only). A second Unbind, or an
// Unbind of a name bound by another socket, fails with ENOENT.
func TestInprocUnbind(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	a := bound(t, c, zmq.PAIR, "inproc://u")
	b := connected(t, c, zmq.PAIR, "inproc://u")
	bounce(t, a, b)
	other := newSocket(t, c, zmq.PAIR)
	requireIs(t, other.Unbind("inproc://u"), zmq.ErrNoEntry, syscall.ENOENT)
	must(t, a.Unbind("inproc://u"), "Unbind")
	requireIs(t, a.Unbind("inproc://u"), zmq.ErrNoEntry, syscall.ENOENT)
	bounce(t, a, b)

	d := connected(t, c, zmq.PAIR, "inproc://u") // parked: nobody binds the name now
	must(t, other.Bind("inproc://u"), "Bind after Unbind")
	bounce(t, other, d)
}

// Disconnect ends the connection to one endpoint: a PUSH connected to two PULLs sends only to
// the other afterwards, and a disconnected PAIR no longer reaches its peer.
func TestInprocDisconnect(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	a := bound(t, c, zmq.PULL, "inproc://a")
	b := bound(t, c, zmq.PULL, "inproc://b")
	push := connected(t, c, zmq.PUSH, "inproc://a")
	must(t, push.Connect("inproc://b"), "Connect b")
	must(t, push.Disconnect("inproc://a"), "Disconnect a")
	requireIs(t, push.Disconnect("inproc://a"), zmq.ErrNoEntry, syscall.ENOENT)
	requireIs(t, push.Disconnect("inproc://never"), zmq.ErrNoEntry)
	for i := range 4 {
		send(t, push, fmt.Sprint(i))
	}
	for i := range 4 {
		expectRecv(t, b, fmt.Sprint(i))
	}
	expectNoRecv(t, a)

	x := bound(t, c, zmq.PAIR, "inproc://pair")
	y := connected(t, c, zmq.PAIR, "inproc://pair")
	bounce(t, x, y)
	must(t, y.Disconnect("inproc://pair"), "Disconnect")
	expectBounceFail(t, x, y)
	// And it can connect again.
	must(t, y.Connect("inproc://pair"), "Connect again")
	bounce(t, y, x)
}

// inproc names belong to their context: a socket of another context does not reach them.
func TestInprocNamesPerContext(t *testing.T) {
	t.Parallel()
	c1, c2 := newCtx(t), newCtx(t)
	a := bound(t, c1, zmq.PAIR, "inproc://shared-name")
	b := connected(t, c2, zmq.PAIR, "inproc://shared-name")
	expectBounceFail(t, a, b)
	must(t, b.SetLinger(0), "SetLinger")
}

// Names are arbitrary strings: long, with spaces, slashes and UTF-8.
func TestInprocOddNames(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	for _, name := range []string{"a", "with space", "a/b/c", "ünïcödé", string(make([]byte, 300)) + "x", "inproc://nested"} {
		ep := "inproc://" + name
		a := bound(t, c, zmq.PAIR, ep)
		b := connected(t, c, zmq.PAIR, ep)
		bounce(t, a, b)
		if got := a.LastEndpoint(); got != ep {
			t.Fatalf("LastEndpoint() = %q, want %q", got, ep)
		}
	}
}
