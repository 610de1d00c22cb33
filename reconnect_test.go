package zmq_test

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Reconnection, as libzmq 4.3 does it (test_reconnect_ivl, test_reconnect_options).

// retriedValues collects n CONNECT_RETRIED values from w, skipping the other events of failed
// attempts.
func retriedValues(w *eventWatch, n int) []int64 {
	w.t.Helper()
	vals := make([]int64, 0, n)
	for len(vals) < n {
		vals = append(vals, w.waitFor(zmq.EventConnectRetried).Value)
	}
	return vals
}

func TestReconnectBackoffGrows(t *testing.T) {
	t.Parallel()
	const ivl, ivlMax = 10, 80 // ms
	c := testutil.NewCtx(t)
	ep := deadEndpoint(t)
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, cli.SetReconnectIvl(ivl*time.Millisecond), "SetReconnectIvl")
	testutil.Must(t, cli.SetReconnectIvlMax(ivlMax*time.Millisecond), "SetReconnectIvlMax")
	testutil.Must(t, cli.SetLinger(0), "SetLinger")
	w := watchEvents(t, cli, zmq.EventAll)
	testutil.Must(t, cli.Connect(ep), "Connect")
	vals := retriedValues(w, 8)
	// libzmq 4.3.4: cur + rand()%IVL with cur doubling up to IVL_MAX; 4.3.5: no jitter. Both
	// give c_k <= v_k < c_k + IVL. Consecutive values may dip (jitter), so no monotony.
	cur := int64(ivl)
	for k, v := range vals {
		if v < cur || v >= cur+ivl {
			t.Errorf("CONNECT_RETRIED #%d = %d ms, want in [%d, %d); all: %v", k, v, cur, cur+ivl, vals)
		}
		cur = min(2*cur, ivlMax)
	}
	// Once something listens there, the next attempt connects.
	srv := testutil.Bound(t, c, zmq.DEALER, ep)
	w.waitFor(zmq.EventConnected)
	w.expect(zmq.EventHandshakeSucceeded)
	testutil.Bounce(t, cli, srv)
}

func TestReconnectBackoffWithoutMax(t *testing.T) {
	t.Parallel()
	const ivl = 10 // ms
	c := testutil.NewCtx(t)
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, cli.SetReconnectIvl(ivl*time.Millisecond), "SetReconnectIvl")
	w := watchEvents(t, cli, zmq.EventConnectRetried)
	testutil.Must(t, cli.Connect(deadEndpoint(t)), "Connect")
	// IVL_MAX 0: every interval is IVL plus jitter, in [IVL, 2*IVL).
	for k, v := range retriedValues(w, 6) {
		if v < ivl || v >= 2*ivl {
			t.Errorf("CONNECT_RETRIED #%d = %d ms, want in [%d, %d)", k, v, ivl, 2*ivl)
		}
	}
}

func TestReconnectDisabled(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.DEALER, "tcp://127.0.0.1:*")
	ep := srv.LastEndpoint()
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, cli.SetReconnectIvl(-1), "SetReconnectIvl")
	w := watchEvents(t, cli, zmq.EventAll)
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)
	w.waitFor(zmq.EventHandshakeSucceeded)
	testutil.Must(t, srv.Close(), "server Close")
	w.waitFor(zmq.EventDisconnected)
	// RECONNECT_IVL -1: no retry (libzmq test_reconnect_ivl).
	w.expectQuiet(150 * time.Millisecond)
}

// bindRetry binds endpoint, retrying while the port is still held by a socket closing on
// another thread.
func bindRetry(t testing.TB, s *zmq.Socket, endpoint string) {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		err := s.Bind(endpoint)
		if err == nil {
			return
		}
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			t.Fatalf("Bind(%q): %v", endpoint, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestReconnectAfterPeerRestart(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.DEALER, "tcp://127.0.0.1:*")
	ep := srv.LastEndpoint()
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, cli.SetReconnectIvl(20*time.Millisecond), "SetReconnectIvl")
	w := watchEvents(t, cli, zmq.EventAll)
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)
	w.waitFor(zmq.EventHandshakeSucceeded)

	for round := range 3 {
		// The peer's socket closes; a new one binds the same port.
		testutil.Must(t, srv.Close(), "server Close")
		w.waitFor(zmq.EventDisconnected)
		// The first retry after a lost connection is delayed (a new connecter).
		if e := w.waitFor(zmq.EventConnectRetried); e.Value < 20 {
			t.Errorf("round %d: CONNECT_RETRIED %d ms, want at least the 20 ms interval", round, e.Value)
		}
		srv = testutil.NewSocket(t, c, zmq.DEALER)
		bindRetry(t, srv, ep)
		w.waitFor(zmq.EventConnected)
		w.expect(zmq.EventHandshakeSucceeded)
		testutil.Bounce(t, cli, srv)
	}
}

func TestReconnectKeepsQueuedMessages(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := deadEndpoint(t)
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetReconnectIvl(10*time.Millisecond), "SetReconnectIvl")
	testutil.Must(t, push.Connect(ep), "Connect")
	// IMMEDIATE off: the pipe exists from Connect, so messages queue before the connection.
	const n = 100
	for i := range n {
		testutil.Must(t, push.Send([]byte(fmt.Sprint(i)), zmq.DontWait), "Send %d before the peer exists", i)
	}
	pull := testutil.Bound(t, c, zmq.PULL, ep)
	for i := range n {
		testutil.ExpectRecv(t, pull, fmt.Sprint(i))
	}
}

func TestImmediateNoPeerWouldBlock(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetImmediate(true), "SetImmediate")
	testutil.Must(t, push.SetReconnectIvl(10*time.Millisecond), "SetReconnectIvl")
	testutil.Must(t, push.Connect(deadEndpoint(t)), "Connect")
	// No completed connection: nothing to queue to (libzmq test_immediate).
	testutil.RequireIs(t, push.Send([]byte("x"), zmq.DontWait), zmq.ErrAgain, syscall.EAGAIN)
}

func TestImmediateRoundRobinsConnectedPeersOnly(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	live := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	deadEP := deadEndpoint(t)
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetImmediate(true), "SetImmediate")
	testutil.Must(t, push.SetReconnectIvl(10*time.Millisecond), "SetReconnectIvl")
	w := watchEvents(t, push, zmq.EventHandshakeSucceeded)
	testutil.Must(t, push.Connect(deadEP), "Connect dead")
	testutil.Must(t, push.Connect(live.LastEndpoint()), "Connect live")
	w.expect(zmq.EventHandshakeSucceeded)
	// Every message goes to the one live peer; none waits for the dead one.
	for i := range 10 {
		testutil.Send(t, push, fmt.Sprint("a", i))
	}
	for i := range 10 {
		testutil.ExpectRecv(t, live, fmt.Sprint("a", i))
	}
	// The second peer comes up: from then on both get messages in turn.
	late := testutil.Bound(t, c, zmq.PULL, deadEP)
	w.expect(zmq.EventHandshakeSucceeded)
	for i := range 10 {
		testutil.Send(t, push, fmt.Sprint("b", i))
	}
	got := map[*zmq.Socket]int{}
	for range 10 {
		for _, s := range []*zmq.Socket{live, late} {
			if _, err := testutil.RecvWithTimeout(s, testutil.QuietTime); err == nil {
				got[s]++
			}
		}
	}
	if got[live] != 5 || got[late] != 5 {
		t.Errorf("round robin over two connected peers: live got %d, late got %d, want 5 and 5", got[live], got[late])
	}
}

func TestNotImmediateQueuesForPendingPeer(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	live := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	deadEP := deadEndpoint(t)
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetReconnectIvl(10*time.Millisecond), "SetReconnectIvl")
	w := watchEvents(t, push, zmq.EventHandshakeSucceeded)
	testutil.Must(t, push.Connect(deadEP), "Connect dead")
	testutil.Must(t, push.Connect(live.LastEndpoint()), "Connect live")
	w.expect(zmq.EventHandshakeSucceeded)
	// IMMEDIATE off: the pending peer's pipe takes its turn, so half the messages wait for it.
	for i := range 10 {
		testutil.Send(t, push, fmt.Sprint(i))
	}
	n := 0
	for {
		if _, err := testutil.RecvWithTimeout(live, testutil.QuietTime); err != nil {
			break
		}
		n++
	}
	if n != 5 {
		t.Errorf("live peer got %d of 10, want 5 (the rest queued for the pending one)", n)
	}
	late := testutil.Bound(t, c, zmq.PULL, deadEP)
	for range 10 - n {
		testutil.Recv(t, late)
	}
}

// A connect to a port nobody listens on can meet itself: the kernel may pick that port as the
// source, and the connection then opens to itself (TCP simultaneous open), handshakes with
// itself and never retries. Go's net package refuses such a connection; so does the connecter.
// The source address forces it here (src;dst); by chance it takes a retry loop on a freed
// ephemeral port a few seconds.
func TestConnectToItselfIsRefused(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, cli.SetReconnectIvl(10*time.Millisecond), "SetReconnectIvl")
	testutil.Must(t, cli.SetLinger(0), "SetLinger")
	w := watchEvents(t, cli, zmq.EventAll)
	addr := strings.TrimPrefix(deadEndpoint(t), "tcp://")
	testutil.Must(t, cli.Connect("tcp://"+addr+";"+addr), "Connect")
	for retries := 0; retries < 3; {
		switch e := w.next(); e.Kind {
		case zmq.EventConnectRetried:
			retries++
		case zmq.EventConnected, zmq.EventHandshakeSucceeded:
			t.Fatalf("connected to itself; events seen:%s", w.history())
		}
	}
}
