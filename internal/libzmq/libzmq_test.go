//go:build cgo

package libzmq

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
)

var transports = []string{"tcp://127.0.0.1:*", "inproc://pushpull"}

func TestPushPull(t *testing.T) {
	for _, ep := range transports {
		t.Run(strings.Split(ep, ":")[0], func(t *testing.T) {
			c := newContext(t)
			pull, push := pairOver(t, c, PULL, PUSH, ep)
			big := bytes.Repeat([]byte("z"), 100_000)
			for _, m := range [][]byte{[]byte("hello"), {}, big} {
				must(t, push.Send(m, 0))
				got, more, err := pull.Recv(0)
				must(t, err)
				if more || !bytes.Equal(got, m) {
					t.Fatalf("got %d bytes more=%v, want %d", len(got), more, len(m))
				}
			}
		})
	}
}

func TestMultipartReqRep(t *testing.T) {
	for _, ep := range []string{"tcp://127.0.0.1:*", "inproc://reqrep"} {
		t.Run(strings.Split(ep, ":")[0], func(t *testing.T) {
			c := newContext(t)
			rep, req := pairOver(t, c, REP, REQ, ep)
			must(t, req.SendMulti([][]byte{[]byte("a"), []byte("bb"), []byte("ccc")}, 0))
			frames, err := rep.RecvMulti(0)
			must(t, err)
			if got := fmt.Sprintf("%q", frames); got != `["a" "bb" "ccc"]` {
				t.Fatalf("frames %s", got)
			}
			must(t, rep.Send([]byte("ok"), 0))
			if got := recvString(t, req); got != "ok" {
				t.Fatalf("reply %q", got)
			}
			// REQ cannot send twice in a row: libzmq's EFSM.
			must(t, req.Send([]byte("1"), 0))
			err = req.Send([]byte("2"), 0)
			if !errors.Is(err, EFSM) {
				t.Fatalf("second send: %v, want EFSM", err)
			}
		})
	}
}

func TestRouterDealerProperties(t *testing.T) {
	c := newContext(t)
	router := newSocket(t, c, ROUTER)
	must(t, router.SetInt(RouterMandatory, 1))
	must(t, router.Bind("tcp://127.0.0.1:*"))
	ep, err := router.LastEndpoint()
	must(t, err)
	if !strings.HasPrefix(ep, "tcp://127.0.0.1:") || strings.HasSuffix(ep, ":*") {
		t.Fatalf("last endpoint %q", ep)
	}
	dealer := newSocket(t, c, DEALER)
	must(t, dealer.SetBytes(RoutingID, []byte("d1")))
	must(t, dealer.Connect(ep))
	must(t, dealer.Send([]byte("ping"), 0))

	id, err := router.RecvMsg(0, "Socket-Type", "Peer-Address", "Routing-Id")
	must(t, err)
	if string(id.Data) != "d1" || !id.More {
		t.Fatalf("identity frame %q more=%v", id.Data, id.More)
	}
	if id.Props["Socket-Type"] != "DEALER" || id.Props["Peer-Address"] != "127.0.0.1" {
		t.Fatalf("properties %v", id.Props)
	}
	if got := recvString(t, router); got != "ping" {
		t.Fatalf("body %q", got)
	}
	must(t, router.SendMulti([][]byte{[]byte("d1"), []byte("pong")}, 0))
	if got := recvString(t, dealer); got != "pong" {
		t.Fatalf("reply %q", got)
	}
	// ROUTER_MANDATORY: an unknown peer is EHOSTUNREACH, not a silent drop.
	err = router.SendMulti([][]byte{[]byte("nobody"), []byte("x")}, 0)
	if !errors.Is(err, syscall.EHOSTUNREACH) {
		t.Fatalf("send to unknown peer: %v", err)
	}
}

func TestPubSubSubscribe(t *testing.T) {
	c := newContext(t)
	pub, sub := pairOver(t, c, XPUB, SUB, "tcp://127.0.0.1:*")
	must(t, pub.SetInt(XPubVerbose, 1))
	must(t, sub.SetBytes(Subscribe, []byte("a")))
	// The XPUB sees the subscription as a message: \x01 + topic.
	if got := recvString(t, pub); got != "\x01a" {
		t.Fatalf("subscription %q", got)
	}
	must(t, pub.Send([]byte("b-skipped"), 0))
	must(t, pub.Send([]byte("a-kept"), 0))
	if got := recvString(t, sub); got != "a-kept" {
		t.Fatalf("got %q", got)
	}
	must(t, sub.SetBytes(Unsubscribe, []byte("a")))
	if got := recvString(t, pub); got != "\x00a" {
		t.Fatalf("unsubscription %q", got)
	}
}

func TestErrorsWrapErrno(t *testing.T) {
	c := newContext(t)
	pull := newSocket(t, c, PULL)
	must(t, pull.Bind("inproc://errs"))
	_, _, err := pull.Recv(DontWait)
	if !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("recv on empty: %v", err)
	}
	must(t, pull.SetInt(RcvTimeo, 30))
	start := time.Now()
	if _, _, err = pull.Recv(0); !errors.Is(err, EAGAIN) || time.Since(start) < 20*time.Millisecond {
		t.Fatalf("recv with timeout: %v after %v", err, time.Since(start))
	}
	if err := pull.Bind("bogus://x"); !errors.Is(err, syscall.EPROTONOSUPPORT) {
		t.Fatalf("bad transport: %v", err)
	}
	var zerr *Error
	if !errors.As(err, &zerr) || zerr.Op != "zmq_msg_recv" {
		t.Fatalf("error type: %#v", err)
	}
	must(t, pull.SetInt64(MaxMsgSize, 1024))
	if v, err := pull.GetInt64(MaxMsgSize); err != nil || v != 1024 {
		t.Fatalf("maxmsgsize %d %v", v, err)
	}
	if v, err := pull.GetInt(Type); err != nil || SocketType(v) != PULL {
		t.Fatalf("type %d %v", v, err)
	}
}

func TestTermUnblocksRecv(t *testing.T) {
	c, err := NewContext()
	must(t, err)
	s, err := c.NewSocket(PULL)
	must(t, err)
	done := make(chan error, 1)
	go func() {
		_, _, err := s.Recv(0)
		done <- err
	}()
	term := make(chan error, 1)
	go func() { term <- c.Term() }()
	select {
	case err := <-done:
		if !errors.Is(err, ETERM) {
			t.Fatalf("blocked recv: %v, want ETERM", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("recv not unblocked by term")
	}
	must(t, s.Close())
	select {
	case err := <-term:
		must(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("term did not return after close")
	}
}

func TestMonitor(t *testing.T) {
	c := newContext(t)
	srv := newSocket(t, c, PULL)
	mon, err := srv.Monitor(c, EventAll)
	must(t, err)
	defer mon.Close()
	must(t, srv.Bind("tcp://127.0.0.1:*"))
	ep, err := srv.LastEndpoint()
	must(t, err)
	ev, err := mon.WaitFor(EventListening, 5*time.Second)
	must(t, err)
	if ev.Endpoint != ep {
		t.Fatalf("listening on %q, want %q", ev.Endpoint, ep)
	}
	cli := newSocket(t, c, PUSH)
	must(t, cli.Connect(ep))
	must(t, cli.Send([]byte("x"), 0))
	_ = recvString(t, srv)
	if _, err := mon.WaitFor(EventAccepted, 5*time.Second); err != nil {
		t.Fatalf("accepted: %v", err)
	}
	if _, err := mon.WaitFor(EventHandshakeSucceeded, 5*time.Second); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	must(t, cli.Close())
	if _, err := mon.WaitFor(EventDisconnected, 5*time.Second); err != nil {
		t.Fatalf("disconnected: %v", err)
	}
}

func TestHeartbeatOptions(t *testing.T) {
	c := newContext(t)
	s := newSocket(t, c, DEALER)
	vals := map[Option]int{HeartbeatIvl: 100, HeartbeatTTL: 300, HeartbeatTimeout: 200,
		Immediate: 1, ProbeRouter: 1, SndHWM: 10, RcvHWM: 10}
	for o, v := range vals {
		if err := s.SetInt(o, v); err != nil {
			t.Fatalf("option %d: %v", o, err)
		}
	}
	if v, err := s.GetInt(HeartbeatIvl); err != nil || v != 100 {
		t.Fatalf("heartbeat ivl %d %v", v, err)
	}
	must(t, s.Bind("tcp://127.0.0.1:*"))
	ep, err := s.LastEndpoint()
	must(t, err)
	must(t, s.Unbind(ep))
	must(t, s.Connect(ep))
	must(t, s.Disconnect(ep))
	if err := s.Disconnect(ep); !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("second disconnect: %v", err)
	}
}

func TestNoFDLeak(t *testing.T) {
	leakcheck.FDs(t)
	t.Run("roundtrip", func(t *testing.T) {
		c := newContext(t)
		pull, push := pairOver(t, c, PULL, PUSH, "tcp://127.0.0.1:*")
		must(t, push.Send([]byte("x"), 0))
		_ = recvString(t, pull)
	})
}

func TestVersion(t *testing.T) {
	if maj, _, _ := Version(); maj != 4 {
		t.Fatalf("libzmq major version %d", maj)
	}
}
