package zmq_test

import (
	"bytes"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestPairBounce(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://pair")
	b := testutil.Connected(t, c, zmq.PAIR, "inproc://pair")
	testutil.Bounce(t, a, b)
	testutil.Bounce(t, b, a)
}

func TestPairNoPeerSendWouldBlock(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://lonely")
	testutil.RequireIs(t, a.Send([]byte("x"), zmq.DontWait), zmq.ErrAgain)
	_, err := a.Recv(zmq.DontWait)
	testutil.RequireIs(t, err, zmq.ErrAgain)
}

// A PAIR has exactly one peer: a second connection is refused and what it sends never arrives.
func TestPairSecondPeerRefused(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://pair")
	b := testutil.Connected(t, c, zmq.PAIR, "inproc://pair")
	testutil.Bounce(t, b, a) // a has attached b's pipe
	third := testutil.Connected(t, c, zmq.PAIR, "inproc://pair")
	if err := third.Send([]byte("intruder"), zmq.DontWait); err != nil {
		testutil.RequireIs(t, err, zmq.ErrAgain)
	}
	testutil.Bounce(t, b, a)
	testutil.ExpectNoRecv(t, a)
}

func TestPairFrameSizes(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://sizes")
	b := testutil.Connected(t, c, zmq.PAIR, "inproc://sizes")
	for _, n := range []int{0, 1, 31, 32, 33, 255, 256, 65535, 65536, 1 << 20} {
		frame := make([]byte, n)
		for i := range frame {
			frame[i] = byte(i * 7)
		}
		testutil.Must(t, a.Send(frame, 0), "Send %d bytes", n)
		got, err := testutil.RecvWithTimeout(b, testutil.WaitTimeout)
		testutil.Must(t, err, "receive %d bytes", n)
		if len(got) != 1 || !bytes.Equal(got[0], frame) {
			t.Fatalf("%d-byte frame: received %d frames, first %d bytes, not equal", n, len(got), len(got[0]))
		}
	}
}

// A received frame belongs to the caller: later receives must not overwrite it, and appending
// to it must not overwrite the next frame.
func TestPairReceivedFramesAreCallerOwned(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://own")
	b := testutil.Connected(t, c, zmq.PAIR, "inproc://own")
	for _, f := range []string{"first", "second", "third"} {
		testutil.Must(t, a.Send([]byte(f), 0), "Send")
	}
	f1, err := b.Recv(0)
	testutil.Must(t, err, "Recv")
	_ = append(f1, "XXXXXXXXXXXXXXXX"...)
	f2, err := b.Recv(0)
	testutil.Must(t, err, "Recv")
	f3, err := b.Recv(0)
	testutil.Must(t, err, "Recv")
	if string(f1) != "first" || string(f2) != "second" || string(f3) != "third" {
		t.Fatalf("frames changed after later receives: %q %q %q", f1, f2, f3)
	}
}

func TestPairRecvMsgFlags(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	a := testutil.Bound(t, c, zmq.PAIR, "inproc://msg")
	b := testutil.Connected(t, c, zmq.PAIR, "inproc://msg")
	testutil.Must(t, a.Send([]byte("one"), zmq.SndMore), "Send")
	testutil.Must(t, a.SendMsg(zmq.NewMsg([]byte("two")), 0), "SendMsg")
	m, err := b.RecvMsg(0)
	testutil.Must(t, err, "RecvMsg")
	if string(m.Bytes()) != "one" || !m.More() {
		t.Fatalf("first frame %q more=%v, want \"one\" more=true", m.Bytes(), m.More())
	}
	m, err = b.RecvMsg(0)
	testutil.Must(t, err, "RecvMsg")
	if string(m.Bytes()) != "two" || m.More() || b.RcvMore() {
		t.Fatalf("second frame %q more=%v RcvMore=%v, want \"two\" false false", m.Bytes(), m.More(), b.RcvMore())
	}
	if got := m.Property("X-Nothing"); got != "" {
		t.Fatalf("absent property: got %q, want \"\"", got)
	}
}
