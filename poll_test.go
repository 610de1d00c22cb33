package zmq_test

import (
	"context"
	"errors"
	"testing"
	"time"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"golang.org/x/sys/unix"
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

// FD is ZMQ_FD: an external loop waits on it, then asks Events; it signals a message that
// arrives after Events found nothing, and Events resets it, so poll(2) does not spin.
func TestFDInExternalLoop(t *testing.T) {
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	push := testutil.Connected(t, c, zmq.PUSH, pull.LastEndpoint())
	fd, err := pull.FD()
	testutil.Must(t, err, "FD")
	ready := func(ms int) bool {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			n, err := unix.Poll(fds, ms)
			if err == unix.EINTR {
				continue
			}
			testutil.Must(t, err, "poll")
			return n > 0
		}
	}
	ev, err := pull.Events()
	testutil.Must(t, err, "Events")
	if ev&zmq.PollIn != 0 {
		t.Fatal("PollIn before anything was sent")
	}
	for ready(0) { // whatever the connection set-up signalled: let Events take it
		_, err = pull.Events()
		testutil.Must(t, err, "Events")
	}
	testutil.Send(t, push, "hello")
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		if !ready(int(time.Until(deadline) / time.Millisecond)) {
			t.Fatal("FD never became readable for a message")
		}
		ev, err = pull.Events()
		testutil.Must(t, err, "Events")
		if ev&zmq.PollIn != 0 {
			break
		}
	}
	if ready(0) {
		t.Error("FD still readable after Events: a level-triggered loop would spin")
	}
	b, err := pull.Recv(zmq.DontWait)
	testutil.Must(t, err, "Recv")
	if string(b) != "hello" {
		t.Fatalf("got %q", b)
	}
	if ev, _ = pull.Events(); ev&zmq.PollIn != 0 {
		t.Error("PollIn after the only message was taken")
	}
}
