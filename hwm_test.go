package zmq_test

import (
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
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
		testutil.RequireIs(t, err, zmq.ErrAgain, syscall.EAGAIN)
		return n
	}
	return maxSends
}

// expectNumbered drains s with DontWait and checks it holds exactly messages 0..n-1 in order.
func expectNumbered(t testing.TB, s *zmq.Socket, n int) {
	t.Helper()
	got := testutil.DrainCount(t, s)
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
				c := testutil.NewCtx(t)
				push, pull := testutil.NewSocket(t, c, zmq.PUSH), testutil.NewSocket(t, c, zmq.PULL)
				testutil.Must(t, push.SetSndHWM(tc.snd), "SetSndHWM")
				testutil.Must(t, pull.SetRcvHWM(tc.rcv), "SetRcvHWM")
				if bindFirst {
					testutil.Must(t, pull.Bind("inproc://hwm"), "Bind")
					testutil.Must(t, push.Connect("inproc://hwm"), "Connect")
				} else {
					testutil.Must(t, push.Connect("inproc://hwm"), "Connect")
					testutil.Must(t, pull.Bind("inproc://hwm"), "Bind")
				}
				if n := sendUntilAgain(t, push); n != tc.want {
					t.Fatalf("accepted %d messages before ErrAgain, want %d", n, tc.want)
				}
				expectNumbered(t, pull, tc.want)
				testutil.Send(t, push, "one more")
				testutil.ExpectRecv(t, pull, "one more")
			})
		}
	}
}

// Before a binder exists, a connecting PUSH queues up to its own SNDHWM.
func TestHWMInprocConnectBeforeBind(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetSndHWM(3), "SetSndHWM")
	testutil.Must(t, push.Connect("inproc://later"), "Connect")
	if n := sendUntilAgain(t, push); n != 3 {
		t.Fatalf("accepted %d messages before any binder, want SNDHWM=3", n)
	}
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://later")
	expectNumbered(t, pull, 3)
}

// The HWM counts messages, not frames, and is checked at the first frame: a multipart message
// is queued whole or refused whole.
func TestHWMMultipartAtomic(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, pull.SetRcvHWM(1), "SetRcvHWM")
	testutil.Must(t, pull.Bind("inproc://atomic"), "Bind")
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetSndHWM(1), "SetSndHWM")
	testutil.Must(t, push.Connect("inproc://atomic"), "Connect")
	three := testutil.ByteFrames([]string{"a", "b", "c"})
	testutil.Must(t, push.SendMulti(three, zmq.DontWait), "first message")
	testutil.Must(t, push.SendMulti(three, zmq.DontWait), "second message")
	testutil.RequireIs(t, push.SendMulti(three, zmq.DontWait), zmq.ErrAgain)
	for range 2 {
		got, err := pull.RecvMulti(zmq.DontWait)
		testutil.Must(t, err, "RecvMulti")
		if !testutil.EqualStrings(testutil.StrFrames(got), []string{"a", "b", "c"}) {
			t.Fatalf("received %q, want [a b c]", testutil.StrFrames(got))
		}
	}
	_, err := pull.RecvMulti(zmq.DontWait)
	testutil.RequireIs(t, err, zmq.ErrAgain)
}

// At the HWM a blocking PUSH waits until the receiver makes room (RFC 30: block).
func TestHWMPushBlocksUntilRoom(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, pull.SetRcvHWM(2), "SetRcvHWM")
	testutil.Must(t, pull.Bind("inproc://block"), "Bind")
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetSndHWM(2), "SetSndHWM")
	testutil.Must(t, push.Connect("inproc://block"), "Connect")
	if n := sendUntilAgain(t, push); n != 4 {
		t.Fatalf("accepted %d before ErrAgain, want 4", n)
	}
	done := make(chan error, 1)
	go func() { done <- push.Send([]byte("4"), 0) }()
	select {
	case err := <-done:
		t.Fatalf("Send at the HWM returned %v instead of blocking", err)
	case <-time.After(testutil.QuietTime):
	}
	var got []string
	for len(got) < 5 {
		msg, err := testutil.RecvWithTimeout(pull, testutil.WaitTimeout)
		testutil.Must(t, err, "receive message %d", len(got))
		got = append(got, string(msg[0]))
	}
	select {
	case err := <-done:
		testutil.Must(t, err, "blocked Send")
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("Send stayed blocked after the receiver drained the queue")
	}
	if !testutil.EqualStrings(got, []string{"0", "1", "2", "3", "4"}) {
		t.Fatalf("received %q", got)
	}
}

// A PUB never blocks: a subscriber that does not read misses what does not fit in
// SNDHWM+RCVHWM, and receives the rest in order; a subscriber that reads misses nothing
//
func TestHWMPubDrops(t *testing.T) {
	t.Parallel()
	const hwm, total = 10, 1000
	c := testutil.NewCtx(t)
	pub := testutil.NewSocket(t, c, zmq.PUB)
	testutil.Must(t, pub.SetSndHWM(hwm), "SetSndHWM")
	testutil.Must(t, pub.Bind("inproc://drop"), "Bind")
	slow := testutil.NewSocket(t, c, zmq.SUB)
	testutil.Must(t, slow.SetRcvHWM(hwm), "SetRcvHWM")
	testutil.Must(t, slow.Connect("inproc://drop"), "Connect")
	subscribe(t, slow, "")
	fast := testutil.NewSocket(t, c, zmq.SUB)
	testutil.Must(t, fast.SetRcvHWM(hwm), "SetRcvHWM")
	testutil.Must(t, fast.Connect("inproc://drop"), "Connect")
	subscribe(t, fast, "")
	for i := range total {
		testutil.Must(t, pub.Send([]byte(fmt.Sprint(i)), zmq.DontWait), "PUB Send %d", i)
		if got := testutil.DrainCount(t, fast); len(got) != 1 || got[0] != fmt.Sprint(i) {
			t.Fatalf("reading subscriber got %q after message %d", got, i)
		}
	}
	expectNumbered(t, slow, 2*hwm)
}

// XPUB_NODROP turns the PUB's drop into ErrAgain.
func TestHWMXPubNoDrop(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	xpub := testutil.NewSocket(t, c, zmq.XPUB)
	testutil.Must(t, xpub.SetXPubNoDrop(true), "SetXPubNoDrop")
	testutil.Must(t, xpub.SetSndHWM(2), "SetSndHWM")
	testutil.Must(t, xpub.Bind("inproc://nodrop"), "Bind")
	sub := testutil.NewSocket(t, c, zmq.SUB)
	testutil.Must(t, sub.SetRcvHWM(2), "SetRcvHWM")
	testutil.Must(t, sub.Connect("inproc://nodrop"), "Connect")
	subscribe(t, sub, "")
	testutil.ExpectRecv(t, xpub, "\x01")
	if n := sendUntilAgain(t, xpub); n != 4 {
		t.Fatalf("XPUB_NODROP accepted %d before ErrAgain, want 4", n)
	}
	expectNumbered(t, sub, 4)
}

// A ROUTER drops messages for a peer at its HWM; with ROUTER_MANDATORY it returns ErrAgain
// instead, and a blocking send waits until SNDTIMEO.
func TestHWMRouter(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	router := testutil.NewSocket(t, c, zmq.ROUTER)
	testutil.Must(t, router.SetSndHWM(1), "SetSndHWM")
	testutil.Must(t, router.Bind("inproc://router-hwm"), "Bind")
	dealer := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, dealer.SetRcvHWM(1), "SetRcvHWM")
	testutil.Must(t, dealer.SetRoutingID([]byte("D")), "SetRoutingID")
	testutil.Must(t, dealer.Connect("inproc://router-hwm"), "Connect")

	for i := range 10 {
		testutil.Must(t, router.SendMulti(testutil.ByteFrames([]string{"D", fmt.Sprint(i)}), zmq.DontWait), "ROUTER send %d", i)
	}
	expectNumbered(t, dealer, 2)

	testutil.Must(t, router.SetRouterMandatory(true), "SetRouterMandatory")
	for i := range 2 {
		testutil.Must(t, router.SendMulti(testutil.ByteFrames([]string{"D", fmt.Sprint(i)}), zmq.DontWait), "ROUTER send %d", i)
	}
	err := router.SendMulti(testutil.ByteFrames([]string{"D", "2"}), zmq.DontWait)
	testutil.RequireIs(t, err, zmq.ErrAgain, syscall.EAGAIN)

	const timeo = 50 * time.Millisecond
	testutil.Must(t, router.SetSndTimeo(timeo), "SetSndTimeo")
	start := time.Now()
	err = router.SendMulti(testutil.ByteFrames([]string{"D", "2"}), 0)
	if elapsed := time.Since(start); !errors.Is(err, zmq.ErrAgain) || elapsed < timeo*9/10 {
		t.Fatalf("blocking mandatory send at HWM: %v after %v, want ErrAgain after ~%v", err, elapsed, timeo)
	}
	expectNumbered(t, dealer, 2)
	testutil.Send(t, router, "D", "after")
	testutil.ExpectRecv(t, dealer, "after")
}
