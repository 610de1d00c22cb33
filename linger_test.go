package zmq_test

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// libzmqParity enables tests of libzmq behaviour the library does not match yet.
var libzmqParity = flag.Bool("zmq.parity", false, "also run libzmq-parity tests known to fail or race")

// sendNumbered sends messages 0..n-1, blocking.
func sendNumbered(t testing.TB, s *zmq.Socket, n int) {
	t.Helper()
	for i := range n {
		testutil.Must(t, s.Send([]byte(fmt.Sprint(i)), 0), "Send %d", i)
	}
}

// recvNumbered receives n messages and checks they are 0..n-1 in order.
func recvNumbered(t testing.TB, s *zmq.Socket, n int) {
	t.Helper()
	for i := range n {
		msg, err := testutil.RecvWithTimeout(s, testutil.WaitTimeout)
		testutil.Must(t, err, "receive message %d of %d", i, n)
		if string(msg[0]) != fmt.Sprint(i) {
			t.Fatalf("message %d is %q: lost or reordered", i, msg[0])
		}
	}
}

// Messages a closed socket had already queued to a connected peer are delivered, in order. On
// inproc they are in the peer's queue already, so this holds for any linger, as in libzmq
// (checked against libzmq 4.3.4: 100 of 100 delivered with LINGER 0 and -1).
func TestLingerInprocDeliversQueued(t *testing.T) {
	for _, linger := range []time.Duration{-1, 0, 100 * time.Millisecond} {
		t.Run(fmt.Sprint("linger=", linger), func(t *testing.T) {
			leakcheck.FDs(t)
			c := testutil.NewCtx(t)
			pull := testutil.Bound(t, c, zmq.PULL, "inproc://linger")
			push := testutil.Connected(t, c, zmq.PUSH, "inproc://linger")
			testutil.Must(t, push.SetLinger(linger), "SetLinger")
			sendNumbered(t, push, 1000)
			testutil.Must(t, push.Close(), "Close")
			recvNumbered(t, pull, 1000)
			testutil.ExpectNoRecv(t, pull)
		})
	}
}

// A socket that connected to an inproc name nobody has bound yet, sent, and closed: its
// messages reach the socket that binds the name later (libzmq test_hwm
// test_inproc_connect_and_close_first; libzmq 4.3.4 delivers them with LINGER -1 and 0).
//
// zreactor currently drops such connections when the reaper terminates the closed connecter
// (inproc.go, unregisterAll), so the outcome depends on whether Bind or the reaper comes
// first; the test is therefore opt-in until that is settled.
func TestLingerInprocConnectSendCloseThenBind(t *testing.T) {
	if !*libzmqParity {
		t.Skip("racy against the current library (parked inproc connections dropped at close); run with -zmq.parity")
	}
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://not-yet")
	sendNumbered(t, push, 100)
	testutil.Must(t, push.Close(), "Close")
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://not-yet")
	for i := range 100 {
		msg, err := testutil.RecvWithTimeout(pull, testutil.WaitTimeout)
		if err != nil {
			t.Fatalf("message %d of 100 not delivered (%v): libzmq 4.3.4 delivers messages a closed "+
				"connecter parked for a later binder", i, err)
		}
		if string(msg[0]) != fmt.Sprint(i) {
			t.Fatalf("message %d is %q: lost or reordered", i, msg[0])
		}
	}
}

// With nobody ever binding, Close and Context.Close return promptly whatever the linger, and
// release everything (R-60 a; libzmq's zmq_ctx_term connects such pending connections to a
// dummy socket so termination is not stuck on them).
func TestLingerUnboundDoesNotBlockTermination(t *testing.T) {
	for _, linger := range []time.Duration{0, -1} {
		t.Run(fmt.Sprint("linger=", linger), func(t *testing.T) {
			leakcheck.FDs(t)
			c, err := zmq.NewContext()
			testutil.Must(t, err, "NewContext")
			push, err := c.NewSocket(zmq.PUSH)
			testutil.Must(t, err, "NewSocket")
			testutil.Must(t, push.SetLinger(linger), "SetLinger")
			testutil.Must(t, push.Connect("inproc://never"), "Connect")
			sendNumbered(t, push, 500)
			start := time.Now()
			testutil.Must(t, push.Close(), "Close")
			testutil.CloseCtx(t, c)
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("Close + Context.Close took %v", d)
			}
		})
	}
}

// Linger reads back as set; negative values mean infinite (-1), as in libzmq.
func TestLingerOption(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PUSH)
	if got := s.Linger(); got != -1 {
		t.Fatalf("default PUSH linger = %v, want -1 (infinite)", got)
	}
	sub := testutil.NewSocket(t, c, zmq.SUB)
	if got := sub.Linger(); got != 0 {
		t.Fatalf("default SUB linger = %v, want 0", got)
	}
	testutil.Must(t, s.SetLinger(250*time.Millisecond), "SetLinger")
	if got := s.Linger(); got != 250*time.Millisecond {
		t.Fatalf("Linger() = %v, want 250ms", got)
	}
	testutil.Must(t, s.SetLinger(-5*time.Second), "SetLinger")
	if got := s.Linger(); got != -1 {
		t.Fatalf("Linger() after a negative value = %v, want -1", got)
	}
	c2 := testutil.NewCtx(t, zmq.Blocky(false))
	if got := testutil.NewSocket(t, c2, zmq.PUSH).Linger(); got != 0 {
		t.Fatalf("linger with Blocky(false) = %v, want 0", got)
	}
}
