package zmq_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// tailFrame is a frame far bigger than the tiny socket buffers below, so that when its
// sender closes, most of it is still in the sending engine rather than in the kernel.
var tailFrame = bytes.Repeat([]byte("0123456789abcdef"), 256<<10) // 4 MiB

// lingeringSender sends tailFrame over TCP to pull from its own context, with tiny socket
// buffers, then closes socket and context. The returned channel yields once the context is
// closed.
func lingeringSender(t *testing.T, endpoint string, linger time.Duration) <-chan struct{} {
	t.Helper()
	c, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	push, err := c.NewSocket(zmq.PUSH)
	if err != nil {
		t.Fatal(err)
	}
	testutil.Must(t, push.SetSndBuf(4096), "SetSndBuf")
	testutil.Must(t, push.SetLinger(linger), "SetLinger")
	testutil.Must(t, push.Connect(endpoint), "Connect")
	testutil.Must(t, push.Send(tailFrame, 0), "Send")
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		push.Close()
		c.Close()
	}()
	return closed
}

// tinyPull binds a PULL with a tiny receive buffer in a context of its own.
func tinyPull(t *testing.T) *zmq.Socket {
	t.Helper()
	pull := testutil.NewSocket(t, testutil.NewCtx(t), zmq.PULL)
	testutil.Must(t, pull.SetRcvBuf(4096), "SetRcvBuf")
	testutil.Must(t, pull.Bind("tcp://127.0.0.1:*"), "Bind")
	return pull
}

// A lingering close delivers the frame the engine was still writing, not only what was still
// queued: cut off, it would never arrive, and a peer waiting for it (a REQ for its reply)
// would wait for ever. (libzmq 4.3.4 delivers it in this setting: a C sender and receiver
// with the same buffers got all 4 MiB in 3 runs of 3.)
func TestLingerDeliversTheFrameBeingWritten(t *testing.T) {
	leakcheck.FDs(t)
	pull := tinyPull(t)
	closed := lingeringSender(t, pull.LastEndpoint(), -1)
	time.Sleep(50 * time.Millisecond) // the sender closes while the frame is mostly unwritten
	msg, err := testutil.RecvWithTimeout(pull, testutil.WaitTimeout)
	testutil.Must(t, err, "receive the frame sent before the close")
	if !bytes.Equal(msg[0], tailFrame) {
		t.Fatalf("frame of %d bytes, want %d", len(msg[0]), len(tailFrame))
	}
	select {
	case <-closed:
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("the sender's Context.Close did not return once its frame was written")
	}
}

// A finite linger bounds that wait: with a peer that never reads, Context.Close returns once
// the linger has run out.
func TestLingerBoundsTheFrameBeingWritten(t *testing.T) {
	leakcheck.FDs(t)
	pull := tinyPull(t)
	closed := lingeringSender(t, pull.LastEndpoint(), 100*time.Millisecond)
	select {
	case <-closed:
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("Context.Close waited past the linger for a peer that does not read")
	}
}
