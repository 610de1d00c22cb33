package zmq_test

import (
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
)

// maxSends bounds "send until it would block" loops for unlimited HWMs (libzmq test_hwm).
const maxSends = 10000

// sendUntilAgain sends numbered one-frame messages with DontWait until ErrAgain (or maxSends)
// and returns how many were accepted.
func sendUntilAgain(t testing.TB, s *zmq.Socket) int {
	t.Helper()
	for n := 0; n < maxSends; n++ {
		err := s.Send([]byte(fmt.Sprint(n)), zmq.DontWait)
		if err == nil {
			continue
		}
		requireIs(t, err, zmq.ErrAgain, syscall.EAGAIN)
		return n
	}
	return maxSends
}

// expectNumbered drains s with DontWait and checks it holds exactly messages 0..n-1 in order.
func expectNumbered(t testing.TB, s *zmq.Socket, n int) {
	t.Helper()
	got := drainCount(t, s)
	if len(got) != n {
		t.Fatalf("received %d messages, want %d", len(got), n)
	}
	for i, m := range got {
		if m != fmt.Sprint(i) {
			t.Fatalf("message %d is %q: reordered or lost", i, m)
		}
	}
}

// On inproc a PUSH->PULL connection holds exactly SNDHWM+RCVHWM messages (unlimited if either
// is 0), whichever side binds first; then DontWait sends fail with ErrAgain, and once the
// receiver has drained the queue sending works again (libzmq test_hwm).
func TestHWMInprocPushPull(t *testing.T) {
	cases := []struct{ snd, rcv, want int }{
		{1000, 1000, 2000}, // the defaults
		{1, 1, 2},
		{10, 5, 15},
		{0, 0, maxSends},
		{1, 0, maxSends},
		{0, 1, maxSends},
	}
	for _, tc := range cases {
		for _, bindFirst := range []bool{true, false} {
			name := fmt.Sprintf("snd%d_rcv%d_bindfirst_%v", tc.snd, tc.rcv, bindFirst)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				c := newCtx(t)
				push, pull := newSocket(t, c, zmq.PUSH), newSocket(t, c, zmq.PULL)
				must(t, push.SetSndHWM(tc.snd), "SetSndHWM")
				must(t, pull.SetRcvHWM(tc.rcv), "SetRcvHWM")
				if bindFirst {
					must(t, pull.Bind("inproc://hwm"), "Bind")
					must(t, push.Connect("inproc://hwm"), "Connect")
				} else {
					must(t, push.Connect("inproc://hwm"), "Connect")
					must(t, pull.Bind("inproc://hwm"), "Bind")
				}
				if n := sendUntilAgain(t, push); n != tc.want {
					t.Fatalf("accepted %d messages before ErrAgain, want %d", n, tc.want)
				}
				expectNumbered(t, pull, tc.want)
				send(t, push, "one more")
				expectRecv(t, pull, "one more")
			})
		}
	}
}

// Before a binder exists, a connecting PUSH queues up to its own SNDHWM.
func TestHWMInprocConnectBeforeBind(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	push := newSocket(t, c, zmq.PUSH)
	must(t, push.SetSndHWM(3), "SetSndHWM")
	must(t, push.Connect("inproc://later"), "Connect")
	if n := sendUntilAgain(t, push); n != 3 {
		t.Fatalf("accepted %d messages before any binder, want SNDHWM=3", n)
	}
	pull := bound(t, c, zmq.PULL, "inproc://later")
	expectNumbered(t, pull, 3)
}

// The HWM counts messages, not frames, and is checked at the first frame: a multipart message
// is queued whole or refused whole.
func TestHWMMultipartAtomic(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	pull := newSocket(t, c, zmq.PULL)
	must(t, pull.SetRcvHWM(1), "SetRcvHWM")
	must(t, pull.Bind("inproc://atomic"), "Bind")
	push := newSocket(t, c, zmq.PUSH)
	must(t, push.SetSndHWM(1), "SetSndHWM")
	must(t, push.Connect("inproc://atomic"), "Connect")
	three := byteFrames([]string{"a", "b", "c"})
	must(t, push.SendMulti(three, zmq.DontWait), "first message")
	must(t, push.SendMulti(three, zmq.DontWait), "second message")
	requireIs(t, push.SendMulti(three, zmq.DontWait), zmq.ErrAgain)
	for range 2 {
		got, err := pull.RecvMulti(zmq.DontWait)
		must(t, err, "RecvMulti")
		if !equalStrings(strFrames(got), []string{"a", "b", "c"}) {
			t.Fatalf("received %q, want [a b c]", strFrames(got))
		}
	}
	_, err := pull.RecvMulti(zmq.DontWait)
	requireIs(t, err, zmq.ErrAgain)
}

// At the HWM a blocking PUSH waits until the receiver makes room (RFC 30: block).
func TestHWMPushBlocksUntilRoom(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	pull := newSocket(t, c, zmq.PULL)
	must(t, pull.SetRcvHWM(2), "SetRcvHWM")
	must(t, pull.Bind("inproc://block"), "Bind")
	push := newSocket(t, c, zmq.PUSH)
	must(t, push.SetSndHWM(2), "SetSndHWM")
	must(t, push.Connect("inproc://block"), "Connect")
	if n := sendUntilAgain(t, push); n != 4 {
		t.Fatalf("accepted %d before ErrAgain, want 4", n)
	}
	done := make(chan error, 1)
	go func() { done <- push.Send([]byte("4"), 0) }()
	select {
	case err := <-done:
		t.Fatalf("Send at the HWM returned %v instead of blocking", err)
	case <-time.After(quietTime):
	}
	var got []string
	for len(got) < 5 {
		msg, err := recvWithTimeout(pull, waitTimeout)
		must(t, err, "receive message %d", len(got))
		got = append(got, string(msg[0]))
	}
	select {
	case err := <-done:
		must(t, err, "blocked Send")
	case <-time.After(waitTimeout):
		t.Fatal("Send stayed blocked after the receiver drained the queue")
	}
	if !equalStrings(got, []string{"0", "1", "2", "3", "4"}) {
		t.Fatalf("received %q", got)
	}
}

// A PUB never blocks: a subscriber that does not read misses what does not fit in
// SNDHWM+RCVHWM, and receives the rest in order; a subscriber that reads misses nothing
//
func TestHWMPubDrops(t *testing.T) {
	t.Parallel()
	const hwm, total = 10, 1000
	c := newCtx(t)
	pub := newSocket(t, c, zmq.PUB)
	must(t, pub.SetSndHWM(hwm), "SetSndHWM")
	must(t, pub.Bind("inproc://drop"), "Bind")
	slow := newSocket(t, c, zmq.SUB)
	must(t, slow.SetRcvHWM(hwm), "SetRcvHWM")
	must(t, slow.Connect("inproc://drop"), "Connect")
	subscribe(t, slow, "")
	fast := newSocket(t, c, zmq.SUB)
	must(t, fast.SetRcvHWM(hwm), "SetRcvHWM")
	must(t, fast.Connect("inproc://drop"), "Connect")
	subscribe(t, fast, "")
	for i := range total {
		must(t, pub.Send([]byte(fmt.Sprint(i)), zmq.DontWait), "PUB Send %d", i)
		if got := drainCount(t, fast); len(got) != 1 || got[0] != fmt.Sprint(i) {
			t.Fatalf("reading subscriber got %q after message %d", got, i)
		}
	}
	expectNumbered(t, slow, 2*hwm)
}

// XPUB_NODROP turns the PUB's drop into ErrAgain.
func TestHWMXPubNoDrop(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	xpub := newSocket(t, c, zmq.XPUB)
	must(t, xpub.SetXPubNoDrop(true), "SetXPubNoDrop")
	must(t, xpub.SetSndHWM(2), "SetSndHWM")
	must(t, xpub.Bind("inproc://nodrop"), "Bind")
	sub := newSocket(t, c, zmq.SUB)
	must(t, sub.SetRcvHWM(2), "SetRcvHWM")
	must(t, sub.Connect("inproc://nodrop"), "Connect")
	subscribe(t, sub, "")
	expectRecv(t, xpub, "\x01")
	if n := sendUntilAgain(t, xpub); n != 4 {
		t.Fatalf("XPUB_NODROP accepted %d before ErrAgain, want 4", n)
	}
	expectNumbered(t, sub, 4)
}

// A ROUTER drops messages for a peer at its HWM; with ROUTER_MANDATORY it returns ErrAgain
// instead, and a blocking send waits until SNDTIMEO.
func TestHWMRouter(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	router := newSocket(t, c, zmq.ROUTER)
	must(t, router.SetSndHWM(1), "SetSndHWM")
	must(t, router.Bind("inproc://router-hwm"), "Bind")
	dealer := newSocket(t, c, zmq.DEALER)
	must(t, dealer.SetRcvHWM(1), "SetRcvHWM")
	must(t, dealer.SetRoutingID([]byte("D")), "SetRoutingID")
	must(t, dealer.Connect("inproc://router-hwm"), "Connect")

	for i := range 10 {
		must(t, router.SendMulti(byteFrames([]string{"D", fmt.Sprint(i)}), zmq.DontWait), "ROUTER send %d", i)
	}
	expectNumbered(t, dealer, 2)

	must(t, router.SetRouterMandatory(true), "SetRouterMandatory")
	for i := range 2 {
		must(t, router.SendMulti(byteFrames([]string{"D", fmt.Sprint(i)}), zmq.DontWait), "ROUTER send %d", i)
	}
	err := router.SendMulti(byteFrames([]string{"D", "2"}), zmq.DontWait)
	requireIs(t, err, zmq.ErrAgain, syscall.EAGAIN)

	const timeo = 50 * time.Millisecond
	must(t, router.SetSndTimeo(timeo), "SetSndTimeo")
	start := time.Now()
	err = router.SendMulti(byteFrames([]string{"D", "2"}), 0)
	if elapsed := time.Since(start); !errors.Is(err, zmq.ErrAgain) || elapsed < timeo*9/10 {
		t.Fatalf("blocking mandatory send at HWM: %v after %v, want ErrAgain after ~%v", err, elapsed, timeo)
	}
	expectNumbered(t, dealer, 2)
	send(t, router, "D", "after")
	expectRecv(t, dealer, "after")
}
