package zmq_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// waitStats polls s.Stats until ok accepts it, failing after testutil.WaitTimeout. Connection
// figures come from I/O threads, so they need no call on s to move.
func waitStats(t testing.TB, s *zmq.Socket, what string, ok func(zmq.SocketStats) bool) zmq.SocketStats {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		st := s.Stats()
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v: %s not reached within %v; stats %+v", s, what, testutil.WaitTimeout, st)
		}
		time.Sleep(time.Millisecond)
	}
}

// Messages and bytes each way are counted per message (once its last frame is), bytes over all
// its frames; the peer is named by the endpoint.
func TestStatsMessagesAndBytes(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://stats-bytes")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://stats-bytes")
	body := bytes.Repeat([]byte("x"), 100)
	for range 10 {
		testutil.Must(t, push.Send(body, 0), "Send")
	}
	for range 5 {
		testutil.Must(t, push.SendMulti([][]byte{make([]byte, 10), make([]byte, 20)}, 0), "SendMulti")
	}
	const msgs, bytesSent = 15, 10*100 + 5*30
	st := push.Stats()
	if st.MsgsSent != msgs || st.BytesSent != bytesSent || st.MsgsReceived != 0 || st.QueuedOut != msgs {
		t.Fatalf("PUSH stats %+v, want %d messages and %d bytes sent, all queued", st, msgs, bytesSent)
	}
	if len(st.Peers) != 1 || st.Peers[0].Endpoint != "inproc://stats-bytes" || st.Peers[0].MsgsSent != msgs {
		t.Fatalf("PUSH peers %+v", st.Peers)
	}
	if st.Type != zmq.PUSH || st.ID == 0 {
		t.Fatalf("PUSH stats name it %v #%d", st.Type, st.ID)
	}
	for range msgs {
		if _, err := pull.RecvMulti(0); err != nil {
			t.Fatal(err)
		}
	}
	st = pull.Stats()
	if st.MsgsReceived != msgs || st.BytesReceived != bytesSent || st.MsgsSent != 0 {
		t.Fatalf("PULL stats %+v, want %d messages and %d bytes received", st, msgs, bytesSent)
	}
	if len(st.Peers) != 1 || st.Peers[0].MsgsReceived != msgs || st.Peers[0].BytesReceived != bytesSent {
		t.Fatalf("PULL peers %+v", st.Peers)
	}
}

// A PUB drops for a subscriber at its HWM (SNDHWM + RCVHWM over inproc): every message counts
// once, either sent or dropped, on the socket and on the peer.
func TestStatsDropsAtHWM(t *testing.T) {
	t.Parallel()
	const hwm, total = 5, 25
	c := testutil.NewCtx(t)
	pub := testutil.NewSocket(t, c, zmq.PUB)
	testutil.Must(t, pub.SetSndHWM(hwm), "SetSndHWM")
	testutil.Must(t, pub.Bind("inproc://stats-drop"), "Bind")
	sub := testutil.NewSocket(t, c, zmq.SUB)
	testutil.Must(t, sub.SetRcvHWM(hwm), "SetRcvHWM")
	testutil.Must(t, sub.Connect("inproc://stats-drop"), "Connect")
	subscribe(t, sub, "")
	for i := range total {
		testutil.Must(t, pub.Send([]byte(fmt.Sprint(i)), zmq.DontWait), "PUB Send %d", i)
	}
	st := pub.Stats()
	if st.MsgsSent != 2*hwm || st.Dropped != total-2*hwm || st.QueuedOut != 2*hwm || st.MsgsReceived != 1 {
		t.Fatalf("PUB stats %+v, want %d sent and queued, %d dropped, 1 subscription received", st, 2*hwm, total-2*hwm)
	}
	if len(st.Peers) != 1 || st.Peers[0].Dropped != total-2*hwm || st.Peers[0].MsgsSent != 2*hwm {
		t.Fatalf("PUB peers %+v", st.Peers)
	}
	expectNumbered(t, sub, 2*hwm)
	if st := sub.Stats(); st.MsgsReceived != 2*hwm || st.MsgsSent != 1 {
		t.Fatalf("SUB stats %+v, want %d received and its subscription sent", st, 2*hwm)
	}
}

// A ROUTER without ROUTER_MANDATORY drops for a peer at its HWM, and says so.
func TestStatsRouterDrops(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	router := testutil.NewSocket(t, c, zmq.ROUTER)
	testutil.Must(t, router.SetSndHWM(1), "SetSndHWM")
	testutil.Must(t, router.Bind("inproc://stats-router"), "Bind")
	dealer := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, dealer.SetRcvHWM(1), "SetRcvHWM")
	testutil.Must(t, dealer.SetRoutingID([]byte("D")), "SetRoutingID")
	testutil.Must(t, dealer.Connect("inproc://stats-router"), "Connect")
	for i := range 10 {
		testutil.Must(t, router.SendMulti(testutil.ByteFrames([]string{"D", fmt.Sprint(i)}), zmq.DontWait), "ROUTER send %d", i)
	}
	st := router.Stats()
	if st.MsgsSent != 2 || st.Dropped != 8 {
		t.Fatalf("ROUTER stats %+v, want 2 sent and 8 dropped", st)
	}
	if len(st.Peers) != 1 || string(st.Peers[0].RoutingID) != "D" || st.Peers[0].Dropped != 8 {
		t.Fatalf("ROUTER peers %+v", st.Peers)
	}
}

// Over TCP every accepted connection is a peer of its own, named by its address, and the
// connection events are counted on both sides.
func TestStatsTCPPeers(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	ep := pull.LastEndpoint()
	var pushes []*zmq.Socket
	for i := range 2 {
		push := testutil.Connected(t, c, zmq.PUSH, ep)
		for j := range 3 {
			testutil.Send(t, push, fmt.Sprintf("%d-%d", i, j))
		}
		pushes = append(pushes, push)
	}
	for range 6 {
		testutil.Recv(t, pull)
	}
	st := waitStats(t, pull, "2 accepts and handshakes", func(st zmq.SocketStats) bool {
		return st.Accepts == 2 && st.Handshakes == 2
	})
	if st.MsgsReceived != 6 || len(st.Peers) != 2 {
		t.Fatalf("PULL stats %+v, want 6 messages from 2 peers", st)
	}
	for _, p := range st.Peers {
		if p.Endpoint != ep || !strings.HasPrefix(p.Remote, "tcp://127.0.0.1:") || p.Remote == ep || p.MsgsReceived != 3 {
			t.Errorf("PULL peer %+v, want 3 messages through %s from another port", p, ep)
		}
	}
	for _, push := range pushes {
		st := waitStats(t, push, "a connect and a handshake", func(st zmq.SocketStats) bool {
			return st.Connects == 1 && st.Handshakes == 1
		})
		if st.MsgsSent != 3 || st.BytesSent != 9 || st.Reconnects != 0 || len(st.Peers) != 1 || st.Peers[0].Endpoint != ep {
			t.Errorf("PUSH stats %+v", st)
		}
	}
}

// A peer that restarts is a disconnection, scheduled retries and a reconnection; the pipe of the
// Connect, and its counts, live on.
func TestStatsReconnects(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	ep := srv.LastEndpoint()
	cli := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, cli.SetReconnectIvl(10*time.Millisecond), "SetReconnectIvl")
	testutil.Must(t, cli.Connect(ep), "Connect")
	const rounds = 2
	for round := range rounds {
		testutil.Send(t, cli, fmt.Sprint(round))
		testutil.ExpectRecv(t, srv, fmt.Sprint(round))
		waitStats(t, cli, "the handshake", func(st zmq.SocketStats) bool { return st.Handshakes == uint64(round+1) })
		testutil.Must(t, srv.Close(), "server Close")
		waitStats(t, cli, "the disconnection", func(st zmq.SocketStats) bool { return st.Disconnects == uint64(round+1) })
		srv = testutil.NewSocket(t, c, zmq.PULL)
		bindRetry(t, srv, ep)
	}
	testutil.Send(t, cli, "last")
	testutil.ExpectRecv(t, srv, "last")
	st := waitStats(t, cli, "the reconnections", func(st zmq.SocketStats) bool { return st.Connects == rounds+1 })
	if st.Reconnects != rounds || st.ConnectRetries < rounds || st.Disconnects != rounds || st.MsgsSent != rounds+1 || len(st.Peers) != 1 {
		t.Fatalf("client stats %+v, want %d reconnects, at least as many retries, %d disconnects, %d messages through one peer",
			st, rounds, rounds, rounds+1)
	}
}

// Failed handshakes are counted by reason: a CURVE server refusing a NULL client.
func TestStatsHandshakeFailures(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	_, sec, err := zmq.CurveKeypair()
	testutil.Must(t, err, "CurveKeypair")
	srv := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, srv.SetCurveServer(true), "SetCurveServer")
	testutil.Must(t, srv.SetCurveSecretKey(sec), "SetCurveSecretKey")
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	cli := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, cli.Connect(srv.LastEndpoint()), "Connect")
	want := zmq.HandshakeFailure{Kind: zmq.EventHandshakeFailedProtocol, Value: 0x11000002}
	st := waitStats(t, srv, "a mechanism mismatch", func(st zmq.SocketStats) bool { return st.HandshakeFailures[want] >= 1 })
	if st.Handshakes != 0 || st.Accepts < 1 || st.Disconnects < 1 {
		t.Fatalf("server stats %+v", st)
	}
	if got := want.String(); got != "protocol: ZMTP_MECHANISM_MISMATCH" {
		t.Errorf("HandshakeFailure.String() = %q", got)
	}
	waitStats(t, cli, "a mechanism mismatch", func(st zmq.SocketStats) bool { return st.HandshakeFailures[want] >= 1 })
}

// Stats may come from any goroutine while the owner sends, receives or blocks.
func TestStatsFromAnotherGoroutine(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://stats-concurrent")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://stats-concurrent")
	const total = 2000
	done := make(chan error, 1)
	go func() {
		for range total {
			if _, err := pull.Recv(0); err != nil {
				done <- err
				return
			}
		}
		// Blocked with nothing to read: Stats is answered through the mailbox.
		_, err := pull.Recv(0)
		done <- err
	}()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(2)
	for _, s := range []*zmq.Socket{pull, push} {
		go func() {
			defer wg.Done()
			var last uint64
			for {
				select {
				case <-stop:
					return
				default:
				}
				st := s.Stats()
				n := st.MsgsSent + st.MsgsReceived
				if n < last {
					t.Errorf("%v: counts went back from %d to %d", s, last, n)
				}
				last = n
			}
		}()
	}
	for i := range total {
		testutil.Must(t, push.Send([]byte(fmt.Sprint(i)), 0), "Send")
	}
	st := waitStats(t, pull, "every message", func(st zmq.SocketStats) bool { return st.MsgsReceived == total })
	if st.MsgsReceived != total {
		t.Fatal(st)
	}
	close(stop)
	wg.Wait()
	testutil.Must(t, pull.Close(), "Close")
	if err := <-done; !errors.Is(err, zmq.ErrNotSocket) {
		t.Fatalf("blocked Recv after Close: %v", err)
	}
	if st := pull.Stats(); st.MsgsReceived != total {
		t.Fatalf("stats after Close %+v, want the figures at Close", st)
	}
}

// Context.Stats lists the open sockets, in the order they were made.
func TestContextStats(t *testing.T) {
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://stats-ctx")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://stats-ctx")
	testutil.Send(t, push, "hello")
	testutil.ExpectRecv(t, pull, "hello")
	all := c.Stats()
	if len(all) != 2 || all[0].Type != zmq.PULL || all[1].Type != zmq.PUSH || all[0].ID >= all[1].ID {
		t.Fatalf("Context.Stats = %+v", all)
	}
	if all[0].MsgsReceived != 1 || all[1].MsgsSent != 1 {
		t.Fatalf("Context.Stats = %+v, want one message each way", all)
	}
}

// A socket inside a Proxy (or a Poller) is busy for as long as it runs; Stats is answered
// through its mailbox.
func TestStatsDuringProxy(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	front := testutil.Bound(t, c, zmq.ROUTER, "inproc://stats-front")
	back := testutil.Bound(t, c, zmq.DEALER, "inproc://stats-back")
	ctx, cancel := context.WithCancel(context.Background())
	proxied := make(chan error, 1)
	go func() { proxied <- zmq.ProxyContext(ctx, front, back, nil, nil) }()
	req := testutil.Connected(t, c, zmq.REQ, "inproc://stats-front")
	rep := testutil.Connected(t, c, zmq.REP, "inproc://stats-back")
	testutil.Send(t, req, "ping")
	testutil.ExpectRecv(t, rep, "ping")
	testutil.Send(t, rep, "pong")
	testutil.ExpectRecv(t, req, "pong")
	st := testutil.Within(t, testutil.WaitTimeout, func() error {
		fs, bs := front.Stats(), back.Stats()
		if fs.MsgsReceived != 1 || fs.MsgsSent != 1 || bs.MsgsSent != 1 || bs.MsgsReceived != 1 {
			return fmt.Errorf("frontend %+v, backend %+v", fs, bs)
		}
		return nil
	})
	cancel()
	if err := <-proxied; !errors.Is(err, context.Canceled) {
		t.Fatalf("ProxyContext: %v", err)
	}
	if st != nil {
		t.Fatal(st)
	}
}
