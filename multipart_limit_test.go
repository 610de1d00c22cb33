package zmq_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// SetMaxMultipartSize bounds a whole message (beyond libzmq, whose MAXMSGSIZE bounds frames):
// a message within it arrives; a peer whose message grows past it is disconnected and
// nothing of that message is delivered, whether the message has too many bytes, never ends,
// is made of endless empty frames (each counts 32 bytes) or is one frame over the bound,
// refused at its header.
func TestMaxMultipartSize(t *testing.T) {
	const limit = 1000
	c := testutil.NewCtx(t)
	pull := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, pull.SetMaxMultipartSize(limit), "SetMaxMultipartSize")
	mon := watchEvents(t, pull, zmq.EventHandshakeSucceeded|zmq.EventDisconnected)
	testutil.Must(t, pull.Bind("tcp://127.0.0.1:*"), "Bind")
	peer := func() *zmtptest.Peer {
		p := zmtptest.Dial(t, pull.LastEndpoint())
		p.Handshake("PUSH")
		mon.expect(zmq.EventHandshakeSucceeded)
		return p
	}
	frames := func(n, size int, last bool) []byte {
		var b []byte
		for i := range n {
			fl := zmtptest.FlagMore
			if last && i == n-1 {
				fl = 0
			}
			b = append(b, zmtptest.Frame(fl, bytes.Repeat([]byte{'x'}, size))...)
		}
		return b
	}

	p := peer()
	p.Write(frames(2, 400, true), frames(1, limit, true)) // 800, then exactly the bound
	if got := testutil.Recv(t, pull); len(got) != 2 || len(got[0]) != 400 {
		t.Fatalf("a message within the bound arrived as %d frames", len(got))
	}
	if got := testutil.Recv(t, pull); len(got) != 1 || len(got[0]) != limit {
		t.Fatalf("a frame of exactly the bound arrived as %d frames", len(got))
	}

	for _, bad := range []struct {
		name string
		send []byte
	}{
		{"three frames of 400", frames(3, 400, true)},
		{"a message that never ends", frames(100, 100, false)},
		{"endless empty frames", frames(1000, 0, false)},
		{"one frame over the bound", zmtptest.Frame(0, make([]byte, limit+1))},
	} {
		p := peer()
		p.TryWrite(bad.send)
		mon.expect(zmq.EventDisconnected)
		p.ExpectClosed()
		t.Logf("%s: disconnected", bad.name)
	}

	// A frame declaring far more is refused at its header: the peer cannot stream it.
	p = peer()
	written := streamFrame(p, 1<<30)
	mon.expect(zmq.EventDisconnected)
	if written >= 16<<20 {
		t.Errorf("the peer wrote %d MiB of a frame over the bound before we closed", written>>20)
	}
	testutil.ExpectNoRecv(t, pull)
}

// streamFrame sends a data frame header declaring size bytes and then the body, 64 KiB at a
// time, until the other side closes; it returns the body bytes written.
func streamFrame(p *zmtptest.Peer, size int) int {
	if p.TryWrite(zmtptest.LongHeader(0, uint64(size))) != nil {
		return 0
	}
	chunk := make([]byte, 64<<10)
	n := 0
	for n < size && p.TryWrite(chunk) == nil {
		n += len(chunk)
	}
	return n
}

// Under CURVE a frame's flags are boxed, so the bound is checked once each frame is open: an
// over-long message still ends the connection, and nothing of it is delivered.
func TestMaxMultipartSizeCurve(t *testing.T) {
	c := testutil.NewCtx(t)
	srvKeys, cliKeys := newCurvePair(t), newCurvePair(t)
	pull := testutil.NewSocket(t, c, zmq.PULL)
	curveServer(t, srvKeys)(pull)
	testutil.Must(t, pull.SetMaxMultipartSize(1000), "SetMaxMultipartSize")
	mon := watchEvents(t, pull, zmq.EventHandshakeSucceeded|zmq.EventDisconnected)
	testutil.Must(t, pull.Bind("tcp://127.0.0.1:*"), "Bind")
	push := testutil.NewSocket(t, c, zmq.PUSH)
	curveClient(t, srvKeys.public, cliKeys)(push)
	testutil.Must(t, push.Connect(pull.LastEndpoint()), "Connect")
	mon.expect(zmq.EventHandshakeSucceeded)

	f := bytes.Repeat([]byte{'y'}, 400)
	testutil.Must(t, push.SendMulti([][]byte{f, f}, 0), "SendMulti within the bound")
	if got := testutil.Recv(t, pull); len(got) != 2 {
		t.Fatalf("a message within the bound arrived as %d frames", len(got))
	}
	testutil.Must(t, push.SendMulti([][]byte{f, f, f}, 0), "SendMulti over the bound")
	mon.expect(zmq.EventDisconnected)
	if _, err := testutil.RecvWithTimeout(pull, 200*time.Millisecond); err == nil {
		t.Fatal("a message over the bound was delivered")
	}
}
