package zmq_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// runProxy starts fn (a Proxy call) in its own goroutine and returns its result channel.
func runProxy(fn func() error) <-chan error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	return done
}

// proxyResult waits for a proxy to return.
func proxyResult(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("proxy did not return")
		return nil
	}
}

// A ROUTER/DEALER broker: REQ clients reach REP workers through the proxy; multipart requests
// stay whole and every client gets its own answer.
func TestProxyRouterDealerBroker(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	front := testutil.Bound(t, c, zmq.ROUTER, "tcp://127.0.0.1:*")
	back := testutil.Bound(t, c, zmq.DEALER, "inproc://workers")
	done := runProxy(func() error { return zmq.Proxy(front, back, nil) })

	const workers, clients, requests = 2, 3, 20
	for w := range workers {
		rep := testutil.Connected(t, c, zmq.REP, "inproc://workers")
		go func() {
			defer rep.Close()
			for {
				msg, err := rep.RecvMulti(0)
				if err != nil {
					return
				}
				reply := append([][]byte{[]byte(fmt.Sprintf("w%d", w))}, msg...)
				if rep.SendMulti(reply, 0) != nil {
					return
				}
			}
		}()
	}
	errs := make(chan error, clients)
	for i := range clients {
		req := testutil.Connected(t, c, zmq.REQ, front.LastEndpoint())
		go func() {
			defer req.Close()
			for r := range requests {
				want := []string{fmt.Sprintf("c%d", i), fmt.Sprint(r), "tail"}
				if err := req.SendMulti(testutil.ByteFrames(want), 0); err != nil {
					errs <- err
					return
				}
				got, err := testutil.RecvWithTimeout(req, testutil.WaitTimeout)
				if err != nil {
					errs <- err
					return
				}
				if s := testutil.StrFrames(got); len(s) != 4 || !testutil.EqualStrings(s[1:], want) {
					errs <- fmt.Errorf("client %d request %d: reply %q", i, r, s)
					return
				}
			}
			errs <- nil
		}()
	}
	for range clients {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	// Closing the context ends the workers' Recv and the proxy with ErrTerminated; then the
	// proxy's sockets can be closed, and the context finishes.
	closed := make(chan error, 1)
	go func() { closed <- c.Close() }()
	testutil.RequireIs(t, proxyResult(t, done), zmq.ErrTerminated)
	testutil.Must(t, front.Close(), "Close")
	testutil.Must(t, back.Close(), "Close")
	testutil.Must(t, proxyResult(t, closed), "Context.Close")
}

// An XSUB/XPUB forwarder carries subscriptions upstream and messages downstream; the capture
// socket gets a copy of every frame moved, both ways.
func TestProxyForwarderWithCapture(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	pub := testutil.Bound(t, c, zmq.PUB, "inproc://upstream")
	xsub := testutil.Connected(t, c, zmq.XSUB, "inproc://upstream")
	xpub := testutil.Bound(t, c, zmq.XPUB, "inproc://downstream")
	capture := testutil.Bound(t, c, zmq.PULL, "inproc://capture")
	capPush := testutil.Connected(t, c, zmq.PUSH, "inproc://capture")
	sub := testutil.Connected(t, c, zmq.SUB, "inproc://downstream")
	testutil.Must(t, sub.SetSubscribe([]byte("a")), "SetSubscribe")
	ctx, cancel := context.WithCancel(context.Background())
	done := runProxy(func() error { return zmq.ProxyContext(ctx, xsub, xpub, capPush, nil) })

	// Publish until the subscription has travelled up through the proxy.
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		testutil.Must(t, pub.SendMulti(testutil.ByteFrames([]string{"a", "1"}), 0), "Send")
		testutil.Must(t, pub.Send([]byte("b"), 0), "Send")
		if got, err := testutil.RecvWithTimeout(sub, 10*time.Millisecond); err == nil {
			if s := testutil.StrFrames(got); !testutil.EqualStrings(s, []string{"a", "1"}) {
				t.Fatalf("SUB got %q, want [a 1]", s)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no message through the forwarder")
		}
	}
	// The capture saw the subscription going up ("\x01a") and a message coming down.
	sawSub, sawMsg := false, false
	for !sawSub || !sawMsg {
		got, err := testutil.RecvWithTimeout(capture, testutil.WaitTimeout)
		if err != nil {
			t.Fatalf("capture: %v (subscription seen %v, message seen %v)", err, sawSub, sawMsg)
		}
		switch s := testutil.StrFrames(got); {
		case testutil.EqualStrings(s, []string{"\x01a"}):
			sawSub = true
		case testutil.EqualStrings(s, []string{"a", "1"}):
			sawMsg = true
		}
	}
	cancel()
	testutil.RequireIs(t, proxyResult(t, done), context.Canceled)
}

// ProxySteerable obeys PAUSE, RESUME, STATISTICS and TERMINATE (returning nil), and its
// counters count whole messages and all their bytes.
func TestProxySteerable(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	in := testutil.Bound(t, c, zmq.PULL, "inproc://in")
	feeder := testutil.Connected(t, c, zmq.PUSH, "inproc://in")
	out := testutil.Bound(t, c, zmq.PUSH, "inproc://out")
	sink := testutil.Connected(t, c, zmq.PULL, "inproc://out")
	control := testutil.Bound(t, c, zmq.PAIR, "inproc://control")
	steer := testutil.Connected(t, c, zmq.PAIR, "inproc://control")
	done := runProxy(func() error { return zmq.ProxySteerable(in, out, nil, control) })

	testutil.Send(t, feeder, "one", "22")
	testutil.ExpectRecv(t, sink, "one", "22")
	testutil.Send(t, steer, "PAUSE")
	testutil.Send(t, steer, "STATISTICS") // answered while paused: the pause is in effect once it answers
	if stats := testutil.Recv(t, steer); len(stats) != 8 {
		t.Fatalf("STATISTICS while paused answered %d frames, want 8", len(stats))
	}
	testutil.Send(t, feeder, "held")
	testutil.ExpectNoRecv(t, sink)
	testutil.Send(t, steer, "RESUME")
	testutil.ExpectRecv(t, sink, "held")

	testutil.Send(t, steer, "STATISTICS")
	stats := testutil.Recv(t, steer)
	if len(stats) != 8 {
		t.Fatalf("STATISTICS answered %d frames, want 8", len(stats))
	}
	var got [8]uint64
	for i, f := range stats {
		if len(f) != 8 {
			t.Fatalf("frame %d has %d bytes, want 8", i, len(f))
		}
		got[i] = binary.NativeEndian.Uint64([]byte(f))
	}
	// frontend in: 2 messages, 5+4 bytes; backend out the same; nothing the other way.
	want := [8]uint64{2, 9, 0, 0, 0, 0, 2, 9}
	if got != want {
		t.Errorf("STATISTICS = %v, want %v", got, want)
	}
	testutil.Send(t, steer, "TERMINATE")
	if err := proxyResult(t, done); err != nil {
		t.Fatalf("ProxySteerable after TERMINATE: %v, want nil", err)
	}
	// The proxy gave its sockets back.
	testutil.Send(t, feeder, "after")
	testutil.ExpectRecv(t, in, "after")
}

// Commands the proxy does not know end it with EINVAL (libzmq aborts the process).
func TestProxyUnknownCommand(t *testing.T) {
	c := testutil.NewCtx(t)
	in := testutil.Bound(t, c, zmq.PULL, "inproc://in")
	out := testutil.Bound(t, c, zmq.PUSH, "inproc://out")
	control := testutil.Bound(t, c, zmq.PAIR, "inproc://control")
	steer := testutil.Connected(t, c, zmq.PAIR, "inproc://control")
	done := runProxy(func() error { return zmq.ProxySteerable(in, out, nil, control) })
	testutil.Send(t, steer, "REBOOT")
	err := proxyResult(t, done)
	testutil.RequireIs(t, err, zmq.ErrInvalid, syscall.EINVAL)
	testutil.ErrorMentions(t, err, "REBOOT")

	done = runProxy(func() error { return zmq.ProxySteerable(in, out, nil, control) })
	testutil.Send(t, steer, "PAUSE", "extra")
	testutil.RequireIs(t, proxyResult(t, done), zmq.ErrInvalid)
}

// A backend at its HWM holds messages back in the frontend's queue: nothing is lost, the
// order is kept, and the proxy does not spin while it waits.
func TestProxyBackpressure(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	in := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	testutil.Must(t, in.SetRcvHWM(10), "SetRcvHWM")
	feeder := testutil.Connected(t, c, zmq.PUSH, in.LastEndpoint())
	out := testutil.Bound(t, c, zmq.PUSH, "inproc://slow")
	testutil.Must(t, out.SetSndHWM(5), "SetSndHWM")
	sink := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, sink.SetRcvHWM(5), "SetRcvHWM")
	testutil.Must(t, sink.Connect("inproc://slow"), "Connect")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := runProxy(func() error { return zmq.ProxyContext(ctx, in, out, nil, nil) })

	const n = 2000
	sendDone := make(chan error, 1)
	go func() {
		for i := range n {
			if err := feeder.Send([]byte(fmt.Sprint(i)), 0); err != nil {
				sendDone <- err
				return
			}
		}
		sendDone <- nil
	}()
	time.Sleep(50 * time.Millisecond) // the queues fill while nobody reads
	for i := range n {
		got, err := testutil.RecvWithTimeout(sink, testutil.WaitTimeout)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if string(got[0]) != fmt.Sprint(i) {
			t.Fatalf("message %d is %q: lost or reordered", i, got[0])
		}
	}
	testutil.Must(t, <-sendDone, "feeder")
	cancel()
	testutil.RequireIs(t, proxyResult(t, done), context.Canceled)
}

// Closing one of the proxy's sockets from another goroutine stops it with ErrNotSocket, and a
// frontend that is also the backend works as a queue on one socket.
func TestProxyStoppedByClose(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	dealer := testutil.Bound(t, c, zmq.DEALER, "inproc://echo")
	peer := testutil.Connected(t, c, zmq.DEALER, "inproc://echo")
	done := runProxy(func() error { return zmq.Proxy(dealer, dealer, nil) })
	testutil.Send(t, peer, "ping", "x")
	testutil.ExpectRecv(t, peer, "ping", "x") // the same socket sends it back
	testutil.Must(t, dealer.Close(), "Close")
	testutil.RequireIs(t, proxyResult(t, done), zmq.ErrNotSocket)
}

func TestProxyNilSockets(t *testing.T) {
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PULL)
	for _, err := range []error{zmq.Proxy(nil, s, nil), zmq.Proxy(s, nil, nil), zmq.ProxySteerable(nil, nil, nil, nil)} {
		if !errors.Is(err, zmq.ErrInvalid) {
			t.Errorf("Proxy with a nil socket: %v, want ErrInvalid", err)
		}
	}
}
