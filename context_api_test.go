package zmq_test

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// MaxSockets bounds the open sockets with EMFILE, as ZMQ_MAX_SOCKETS; a closed socket frees
// its place. The context's options read back.
func TestContextOptions(t *testing.T) {
	c := testutil.NewCtx(t, zmq.MaxSockets(2), zmq.IOThreads(2), zmq.Blocky(false), zmq.IPv6(true))
	if c.MaxSockets() != 2 || c.IOThreads() != 2 || c.Blocky() || !c.IPv6() {
		t.Errorf("read back MaxSockets %d IOThreads %d Blocky %v IPv6 %v", c.MaxSockets(), c.IOThreads(), c.Blocky(), c.IPv6())
	}
	a := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.NewSocket(t, c, zmq.PAIR)
	_, err := c.NewSocket(zmq.PAIR)
	testutil.RequireIs(t, err, zmq.ErrTooManyOpenFiles, syscall.EMFILE)
	testutil.Must(t, a.Close(), "Close")
	testutil.NewSocket(t, c, zmq.PAIR)

	d := testutil.NewCtx(t)
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
	leakcheck.FDs(t)
	c, err := zmq.NewContext()
	testutil.Must(t, err, "NewContext")
	pull, err := c.NewSocket(zmq.PULL)
	testutil.Must(t, err, "NewSocket")
	testutil.Must(t, pull.Bind("inproc://shutdown"), "Bind")
	done := make(chan error, 1)
	go func() { _, err := pull.Recv(0); done <- err }()
	time.Sleep(10 * time.Millisecond)
	testutil.Must(t, c.Shutdown(), "Shutdown")
	select {
	case err := <-done:
		testutil.RequireIs(t, err, zmq.ErrTerminated)
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("Recv not interrupted by Shutdown")
	}
	testutil.Must(t, c.Shutdown(), "second Shutdown")
	_, err = c.NewSocket(zmq.PUSH)
	testutil.RequireIs(t, err, zmq.ErrTerminated)
	testutil.Must(t, pull.SetLinger(0), "SetLinger after Shutdown")
	testutil.Must(t, pull.Close(), "Close")
	testutil.CloseCtx(t, c)
}

func TestVersionAndHas(t *testing.T) {
	if major, minor, patch := zmq.Version(); major != 4 || minor != 3 || patch < 4 {
		t.Errorf("Version() = %d.%d.%d, want 4.3.4 or later 4.3", major, minor, patch)
	}
	for _, c := range []string{"curve", "ipc", "gssapi"} {
		if !zmq.Has(c) {
			t.Errorf("Has(%q) = false", c)
		}
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
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PULL)
	for _, ep := range []string{"tcp://127.0.0.1:!x", "tcp://127.0.0.1:99999", "tcp://:", "tcp://[::1"} {
		testutil.RequireIs(t, s.Bind(ep), zmq.ErrInvalid, syscall.EINVAL)
		testutil.RequireIs(t, s.Connect(ep), zmq.ErrInvalid, syscall.EINVAL)
	}
	testutil.Must(t, s.Bind("tcp://127.0.0.1:*"), "Bind")
	other := testutil.NewSocket(t, c, zmq.PULL)
	testutil.RequireIs(t, other.Bind(s.LastEndpoint()), zmq.ErrAddrInUse, syscall.EADDRINUSE)
}

// The context-aware receive and send calls give up when their context is done.
func TestContextAwareCalls(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://ctx-calls")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://ctx-calls")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := pull.RecvMultiContext(ctx, 0)
	testutil.RequireIs(t, err, context.DeadlineExceeded)
	_, err = pull.RecvMsgContext(ctx, 0)
	testutil.RequireIs(t, err, context.DeadlineExceeded)

	testutil.Must(t, push.SendMultiContext(context.Background(), testutil.ByteFrames([]string{"a", "b"}), 0), "SendMultiContext")
	got, err := pull.RecvMultiContext(context.Background(), 0)
	testutil.Must(t, err, "RecvMultiContext")
	testutil.CheckFrames(t, got, testutil.ByteFrames([]string{"a", "b"}))
	testutil.Must(t, push.SendMulti(testutil.ByteFrames([]string{"m"}), 0), "SendMulti")
	m, err := pull.RecvMsgContext(context.Background(), 0)
	testutil.Must(t, err, "RecvMsgContext")
	if string(m.Bytes()) != "m" {
		t.Errorf("RecvMsgContext got %q", m.Bytes())
	}
	// A PUSH with nobody to send to blocks; its context cuts the wait.
	lone := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, lone.Bind("inproc://nobody"), "Bind")
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	testutil.RequireIs(t, lone.SendMultiContext(ctx2, testutil.ByteFrames([]string{"x", "y"}), 0), context.DeadlineExceeded)
}

// Events the monitor channel could not hold are counted.
func TestMonitorDropped(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PUSH)
	if _, err := s.Monitor(zmq.EventAll); err != nil {
		t.Fatal(err)
	}
	// Nobody reads the channel: 1,100 failed connects overflow its 1,024 places.
	testutil.Must(t, s.SetReconnectIvl(time.Millisecond), "SetReconnectIvl")
	dead := deadEndpoint(t)
	testutil.Must(t, s.Connect(dead), "Connect")
	deadline := time.Now().Add(testutil.WaitTimeout)
	for s.MonitorDropped() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no event counted as dropped")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
