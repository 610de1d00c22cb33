package zmq_test

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// timeo is short enough to keep the suite fast and long enough to be told from "at once".
const timeo = 100 * time.Millisecond

// notEarly fails t if an operation bounded by d returned clearly before d. Timers are not
// asserted to be punctual: on a loaded 2-core machine they may fire late, never early, but the
// kernel rounds poll timeouts to milliseconds, hence the 10% margin.
func notEarly(t testing.TB, what string, elapsed, d time.Duration) {
	t.Helper()
	if elapsed < d*9/10 {
		t.Fatalf("%s returned after %v, before its %v timeout", what, elapsed, d)
	}
	if elapsed > d+testutil.WaitTimeout {
		t.Fatalf("%s returned after %v, far past its %v timeout", what, elapsed, d)
	}
}

// RCVTIMEO: Recv with nothing to receive returns ErrAgain (EAGAIN) after about the timeout
// (libzmq test_timeo).
func TestRcvTimeo(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://rcvtimeo")
	testutil.Must(t, pull.SetRcvTimeo(timeo), "SetRcvTimeo")
	if got := pull.RcvTimeo(); got != timeo {
		t.Fatalf("RcvTimeo() = %v, want %v", got, timeo)
	}
	start := time.Now()
	_, err := pull.Recv(0)
	testutil.RequireIs(t, err, zmq.ErrAgain, syscall.EAGAIN)
	notEarly(t, "Recv", time.Since(start), timeo)

	// A message that arrives in time is received.
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://rcvtimeo")
	testutil.Send(t, push, "in time")
	got, err := pull.Recv(0)
	testutil.Must(t, err, "Recv with RCVTIMEO")
	if string(got) != "in time" {
		t.Fatalf("received %q", got)
	}
}

// RCVTIMEO 0 is DontWait.
func TestRcvTimeoZero(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://zero")
	testutil.Must(t, pull.SetRcvTimeo(0), "SetRcvTimeo")
	start := time.Now()
	_, err := pull.Recv(0)
	testutil.RequireIs(t, err, zmq.ErrAgain)
	if d := time.Since(start); d > testutil.WaitTimeout/5 {
		t.Fatalf("Recv with RCVTIMEO 0 took %v", d)
	}
}

// SNDTIMEO: a PUSH without peers returns ErrAgain after about the timeout.
func TestSndTimeo(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	push := testutil.Bound(t, c, zmq.PUSH, "inproc://sndtimeo")
	testutil.Must(t, push.SetSndTimeo(timeo), "SetSndTimeo")
	if got := push.SndTimeo(); got != timeo {
		t.Fatalf("SndTimeo() = %v, want %v", got, timeo)
	}
	start := time.Now()
	testutil.RequireIs(t, push.Send([]byte("x"), 0), zmq.ErrAgain, syscall.EAGAIN)
	notEarly(t, "Send", time.Since(start), timeo)
}

// RecvContext returns ctx.Err() when the context is cancelled or its deadline passes, and
// at once for a context already done.
func TestRecvContext(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://recvctx")

	ctx, cancel := context.WithTimeout(context.Background(), timeo)
	start := time.Now()
	_, err := pull.RecvContext(ctx, 0)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("RecvContext past its deadline: %v, want context.DeadlineExceeded", err)
	}
	notEarly(t, "RecvContext", time.Since(start), timeo)

	ctx, cancel = context.WithCancel(context.Background())
	timer := time.AfterFunc(timeo, cancel)
	defer timer.Stop()
	start = time.Now()
	_, err = pull.RecvContext(ctx, 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("RecvContext after cancel: %v, want context.Canceled", err)
	}
	notEarly(t, "RecvContext", time.Since(start), timeo)

	_, err = pull.RecvContext(ctx, 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("RecvContext with a done context: %v, want context.Canceled", err)
	}

	// The socket still works afterwards.
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://recvctx")
	testutil.Send(t, push, "after")
	testutil.ExpectRecv(t, pull, "after")
}

// A message already waiting is received even with a context that is done: like libzmq's
// non-blocking first attempt, RecvContext only gives up when it would have to wait.
func TestRecvContextDoneButReady(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://ready")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://ready")
	testutil.Send(t, push, "ready")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := pull.RecvContext(ctx, 0)
	if err != nil || string(got) != "ready" {
		t.Fatalf("RecvContext(done ctx) with a message waiting: %q, %v; want \"ready\"", got, err)
	}
}

// SendContext gives up like RecvContext.
func TestSendContext(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	push := testutil.Bound(t, c, zmq.PUSH, "inproc://sendctx")
	ctx, cancel := context.WithTimeout(context.Background(), timeo)
	defer cancel()
	start := time.Now()
	err := push.SendContext(ctx, []byte("x"), 0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("SendContext past its deadline: %v, want context.DeadlineExceeded", err)
	}
	notEarly(t, "SendContext", time.Since(start), timeo)

	ctx, cancel = context.WithCancel(context.Background())
	timer := time.AfterFunc(timeo, cancel)
	defer timer.Stop()
	err = push.SendContext(ctx, []byte("x"), 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("SendContext after cancel: %v, want context.Canceled", err)
	}

	// Once a peer exists, SendContext sends.
	pull := testutil.Connected(t, c, zmq.PULL, "inproc://sendctx")
	testutil.Must(t, push.SendContext(context.Background(), []byte("sent"), 0), "SendContext")
	testutil.ExpectRecv(t, pull, "sent")
}

// When RCVTIMEO is shorter than the context's deadline, the timeout wins with ErrAgain.
func TestRecvContextWithRcvTimeo(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://both")
	testutil.Must(t, pull.SetRcvTimeo(timeo), "SetRcvTimeo")
	ctx, cancel := context.WithTimeout(context.Background(), testutil.WaitTimeout)
	defer cancel()
	start := time.Now()
	_, err := pull.RecvContext(ctx, 0)
	testutil.RequireIs(t, err, zmq.ErrAgain)
	notEarly(t, "RecvContext", time.Since(start), timeo)
}
