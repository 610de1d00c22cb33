package zmq_test

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
)

// MaxSockets bounds the open sockets with EMFILE, as ZMQ_MAX_SOCKETS; a closed socket frees
// its place. The context's options read back.
func TestContextOptions(t *testing.T) {
	c := newCtx(t, zmq.MaxSockets(2), zmq.IOThreads(2), zmq.Blocky(false), zmq.IPv6(true))
	if c.MaxSockets() != 2 || c.IOThreads() != 2 || c.Blocky() || !c.IPv6() {
		t.Errorf("read back MaxSockets %d IOThreads %d Blocky %v IPv6 %v", c.MaxSockets(), c.IOThreads(), c.Blocky(), c.IPv6())
	}
	a := newSocket(t, c, zmq.PAIR)
	newSocket(t, c, zmq.PAIR)
	_, err := c.NewSocket(zmq.PAIR)
	requireIs(t, err, zmq.ErrTooManyOpenFiles, syscall.EMFILE)
	must(t, a.Close(), "Close")
	newSocket(t, c, zmq.PAIR)

	d := newCtx(t)
	if d.MaxSockets() != 1023 || d.IOThreads() != 1 || !d.Blocky() || d.IPv6() {
		t.Errorf("defaults MaxSockets %d IOThreads %d Blocky %v IPv6 %v", d.MaxSockets(), d.IOThreads(), d.Blocky(), d.IPv6())
	}
	for _, n := range []int{0, zmq.SocketLimit + 1} {
		if _, err := zmq.NewContext(zmq.MaxSockets(n)); !errors.Is(err, zmq.ErrInvalid) {
			t.Errorf("MaxSockets(%d): %v, want ErrInvalid", n, err)
		}
	}
}

// Shutdown is zmq_ctx_shutdown: blocked calls return ETERM, sockets stay open until closed,
// NewSocket fails, and Close then finishes the context.
func TestContextShutdown(t *testing.T) {
	checkFDs(t)
	c, err := zmq.NewContext()
	must(t, err, "NewContext")
	pull, err := c.NewSocket(zmq.PULL)
	must(t, err, "NewSocket")
	must(t, pull.Bind("inproc://shutdown"), "Bind")
	done := make(chan error, 1)
	go func() { _, err := pull.Recv(0); done <- err }()
	time.Sleep(10 * time.Millisecond)
	must(t, c.Shutdown(), "Shutdown")
	select {
	case err := <-done:
		requireIs(t, err, zmq.ErrTerminated)
	case <-time.After(waitTimeout):
		t.Fatal("Recv not interrupted by Shutdown")
	}
	must(t, c.Shutdown(), "second Shutdown")
	_, err = c.NewSocket(zmq.PUSH)
	requireIs(t, err, zmq.ErrTerminated)
	must(t, pull.SetLinger(0), "SetLinger after Shutdown")
	must(t, pull.Close(), "Close")
	closeCtx(t, c)
}

func TestVersionAndHas(t *testing.T) {
	if major, minor, patch := zmq.Version(); major != 4 || minor != 3 || patch < 4 {
		t.Errorf("Version() = %d.%d.%d, want 4.3.4 or later 4.3", major, minor, patch)
	}
	if !zmq.Has("curve") {
		t.Error(`Has("curve") = false`)
	}
	for _, c := range []string{"pgm", "norm", "tipc", "vmci", "draft", "nonsense", ""} {
		if zmq.Has(c) {
			t.Errorf("Has(%q) = true", c)
		}
	}
}

// Address errors from below the API match the documented sentinels as well as the errno.
func TestEndpointErrorsMatchSentinels(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	s := newSocket(t, c, zmq.PULL)
	for _, ep := range []string{"tcp://127.0.0.1:!x", "tcp://127.0.0.1:99999", "tcp://:", "tcp://[::1"} {
		requireIs(t, s.Bind(ep), zmq.ErrInvalid, syscall.EINVAL)
		requireIs(t, s.Connect(ep), zmq.ErrInvalid, syscall.EINVAL)
	}
	must(t, s.Bind("tcp://127.0.0.1:*"), "Bind")
	other := newSocket(t, c, zmq.PULL)
	requireIs(t, other.Bind(s.LastEndpoint()), zmq.ErrAddrInUse, syscall.EADDRINUSE)
}

// The context-aware receive and send calls give up when their context is done.
func TestContextAwareCalls(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	pull := bound(t, c, zmq.PULL, "inproc://ctx-calls")
	push := connected(t, c, zmq.PUSH, "inproc://ctx-calls")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := pull.RecvMultiContext(ctx, 0)
	requireIs(t, err, context.DeadlineExceeded)
	_, err = pull.RecvMsgContext(ctx, 0)
	requireIs(t, err, context.DeadlineExceeded)

	must(t, push.SendMultiContext(context.Background(), byteFrames([]string{"a", "b"}), 0), "SendMultiContext")
	got, err := pull.RecvMultiContext(context.Background(), 0)
	must(t, err, "RecvMultiContext")
	checkFrames(t, got, byteFrames([]string{"a", "b"}))
	must(t, push.SendMulti(byteFrames([]string{"m"}), 0), "SendMulti")
	m, err := pull.RecvMsgContext(context.Background(), 0)
	must(t, err, "RecvMsgContext")
	if string(m.Bytes()) != "m" {
		t.Errorf("RecvMsgContext got %q", m.Bytes())
	}
	// A PUSH with nobody to send to blocks; its context cuts the wait.
	lone := newSocket(t, c, zmq.PUSH)
	must(t, lone.Bind("inproc://nobody"), "Bind")
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	requireIs(t, lone.SendMultiContext(ctx2, byteFrames([]string{"x", "y"}), 0), context.DeadlineExceeded)
}

// Events the monitor channel could not hold are counted.
func TestMonitorDropped(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	s := newSocket(t, c, zmq.PUSH)
	if _, err := s.Monitor(zmq.EventAll); err != nil {
		t.Fatal(err)
	}
	// Nobody reads the channel: 1,100 failed connects overflow its 1,024 places.
	must(t, s.SetReconnectIvl(time.Millisecond), "SetReconnectIvl")
	dead := deadEndpoint(t)
	must(t, s.Connect(dead), "Connect")
	deadline := time.Now().Add(waitTimeout)
	for s.MonitorDropped() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no event counted as dropped")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
