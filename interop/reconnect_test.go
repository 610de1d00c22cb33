//go:build cgo

package interop_test

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// These tests run alone (no t.Parallel) so that leakcheck.FDs can see that a connection torn down
// and made again, on both libraries' sides, leaves no fd behind.

// fastReconnect makes our side retry every 20 ms instead of libzmq's default 100 ms.
func fastReconnect(t testing.TB, s *zmq.Socket) {
	testutil.Must(t, s.SetReconnectIvl(20*time.Millisecond), "SetReconnectIvl")
}

// bindUntilFree retries bind while the port is still held by the socket just closed (our
// Close and libzmq's release the listener asynchronously).
func bindUntilFree(t testing.TB, what string, bind func() error) {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		err := bind()
		if err == nil {
			return
		}
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// restartLib closes l's libzmq socket, waits until our side saw the connection drop, and binds a
// new libzmq socket of type typ on the same endpoint. It returns the new socket once our side has
// reconnected and completed the handshake.
func restartLib(t testing.TB, l *libLink, typ libzmq.SocketType, opts ...func(testing.TB, *libzmq.Socket)) *libzmq.Socket {
	t.Helper()
	closeLib(t, l.lib)
	waitZrEvent(t, l.events, zmq.EventDisconnected)
	s := newLibSocket(t, l.lctx, typ)
	for _, o := range opts {
		o(t, s)
	}
	bindUntilFree(t, "libzmq re-bind "+l.endpoint, func() error { return s.Bind(l.endpoint) })
	waitZrEvent(t, l.events, zmq.EventHandshakeSucceeded)
	return s
}

// libzmq's socket is closed and a new one is bound on the same port: we reconnect by ourselves,
// a message queued while the peer was away is delivered, and messages flow both ways again.
func TestInteropReconnectAfterLibzmqRestart(t *testing.T) {
	leakcheck.FDs(t)
	l := libToZr(t, zmq.DEALER, libzmq.DEALER, withZr(fastReconnect))
	testutil.Send(t, l.zr, "before")
	if got := libRecv(t, l.lib); string(got[0]) != "before" {
		t.Fatalf("libzmq received %q", testutil.StrFrames(got))
	}
	closeLib(t, l.lib)
	waitZrEvent(t, l.events, zmq.EventDisconnected)
	// The connecting session keeps its pipe across the reconnect: this waits in it.
	testutil.Must(t, l.zr.Send([]byte("while away"), zmq.DontWait), "Send while the peer is away")

	lib2 := newLibSocket(t, l.lctx, libzmq.DEALER)
	bindUntilFree(t, "libzmq re-bind "+l.endpoint, func() error { return lib2.Bind(l.endpoint) })
	waitZrEvent(t, l.events, zmq.EventHandshakeSucceeded)
	if got := libRecv(t, lib2); string(got[0]) != "while away" {
		t.Fatalf("new libzmq socket received %q, want the message queued while away", testutil.StrFrames(got))
	}
	libSend(t, lib2, []byte("after"), []byte("restart"))
	testutil.ExpectRecv(t, l.zr, "after", "restart")
	testutil.Send(t, l.zr, "and back")
	if got := libRecv(t, lib2); string(got[0]) != "and back" {
		t.Fatalf("new libzmq socket received %q", testutil.StrFrames(got))
	}
}

// Our SUB resends its subscriptions to a restarted libzmq XPUB, and receives what it publishes.
func TestInteropReconnectResubscribes(t *testing.T) {
	leakcheck.FDs(t)
	l := libToZr(t, zmq.SUB, libzmq.XPUB, withZr(fastReconnect))
	sub := zrPeer{l.zr}
	testutil.Must(t, l.zr.SetSubscribe([]byte("t")), "SetSubscribe")
	pexpectPumping(t, libPeer{l.lib, "XPUB"}, sub, "\x01t")

	lib2 := restartLib(t, l, libzmq.XPUB)
	xpub := libPeer{lib2, "XPUB"}
	pexpectPumping(t, xpub, sub, "\x01t") // resent by the socket when its pipe hiccups
	psend(t, xpub, "u-filtered")
	psend(t, xpub, "t1")
	pexpect(t, sub, "t1")
}

// The converse: our bound socket is closed and a new one of ours binds the same port; libzmq
// reconnects to it and messages flow both ways.
func TestInteropLibzmqReconnectsAfterOurRestart(t *testing.T) {
	leakcheck.FDs(t)
	l := zrToLib(t, zmq.DEALER, libzmq.DEALER, withLib(func(t testing.TB, s *libzmq.Socket) {
		testutil.Must(t, s.SetInt(libzmq.ReconnectIvl, 20), "libzmq RECONNECT_IVL")
	}))
	libSend(t, l.lib, []byte("before"))
	testutil.ExpectRecv(t, l.zr, "before")
	testutil.Must(t, l.zr.Close(), "Close")
	_, err := l.libEvents.WaitFor(libzmq.EventDisconnected, testutil.WaitTimeout)
	testutil.Must(t, err, "libzmq DISCONNECTED")

	zr2 := testutil.NewSocket(t, l.ctx, zmq.DEALER)
	testutil.Must(t, zr2.SetLinger(0), "SetLinger")
	events, err := zr2.Monitor(zmq.EventHandshakeSucceeded)
	testutil.Must(t, err, "Monitor")
	bindUntilFree(t, "re-bind "+l.endpoint, func() error { return zr2.Bind(l.endpoint) })
	waitZrEvent(t, events, zmq.EventHandshakeSucceeded)
	_, err = l.libEvents.WaitFor(libzmq.EventHandshakeSucceeded, testutil.WaitTimeout)
	testutil.Must(t, err, "libzmq HANDSHAKE_SUCCEEDED after reconnect")
	libSend(t, l.lib, []byte("after"))
	testutil.ExpectRecv(t, zr2, "after")
	testutil.Send(t, zr2, "and back")
	if got := libRecv(t, l.lib); string(got[0]) != "and back" {
		t.Fatalf("libzmq received %q", testutil.StrFrames(got))
	}
}
