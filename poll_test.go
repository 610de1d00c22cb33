package zmq_test

import (
	"context"
	"errors"
	"testing"
	"time"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestPollerFindsTheReadySocket(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PULL, "inproc://poll-a")
	b := testutil.Bound(t, c, zmq.PULL, "inproc://poll-b")
	pa := testutil.Connected(t, c, zmq.PUSH, "inproc://poll-a")
	pb := testutil.Connected(t, c, zmq.PUSH, "inproc://poll-b")
	p := zmq.NewPoller()
	p.Add(a, zmq.PollIn)
	p.Add(b, zmq.PollIn)

	ready, err := p.Poll(0)
	if err != nil || len(ready) != 0 {
		t.Fatalf("Poll(0) on idle sockets = %v, %v", ready, err)
	}
	done := make(chan []zmq.Polled, 1)
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		time.Sleep(20 * time.Millisecond) // let Poll block first
		_ = pb.Send([]byte("x"), 0)
	}()
	defer func() { <-sent }()
	go func() {
		r, err := p.Poll(5 * time.Second)
		if err != nil {
			t.Error(err)
		}
		done <- append([]zmq.Polled(nil), r...)
	}()
	r := <-done
	if len(r) != 1 || r[0].Socket != b || r[0].Events != zmq.PollIn {
		t.Fatalf("Poll = %+v, want b readable", r)
	}
	if got, err := b.Recv(0); err != nil || string(got) != "x" {
		t.Fatalf("Recv = %q, %v", got, err)
	}
	_ = pa
}

func TestPollerTimeoutAndOut(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://poll-out")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://poll-out")
	p := zmq.NewPoller()
	p.Add(pull, zmq.PollIn)
	start := time.Now()
	r, err := p.Poll(30 * time.Millisecond)
	if err != nil || len(r) != 0 {
		t.Fatalf("Poll = %v, %v; want a timeout", r, err)
	}
	if time.Since(start) < 25*time.Millisecond {
		t.Fatalf("Poll returned after %v, before its timeout", time.Since(start))
	}
	p.Remove(pull)
	p.Add(push, zmq.PollOut)
	if r, err := p.Poll(time.Second); err != nil || len(r) != 1 || r[0].Events != zmq.PollOut {
		t.Fatalf("PUSH with a peer: Poll = %+v, %v; want writable", r, err)
	}
	if ev, err := push.Events(); err != nil || ev != zmq.PollOut {
		t.Fatalf("Events = %v, %v", ev, err)
	}
}

func TestPollerContextCancel(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://poll-ctx")
	p := zmq.NewPoller()
	p.Add(pull, zmq.PollIn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := p.PollContext(ctx, -1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("PollContext = %v, want DeadlineExceeded", err)
	}
	if _, err := zmq.NewPoller().Poll(0); !errors.Is(err, zmq.ErrInvalid) {
		t.Fatalf("empty poller: %v, want ErrInvalid", err)
	}
}
