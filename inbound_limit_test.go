package zmq_test

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/session"
)

// queueCapacity sends size-byte frames PUSH->PULL over TCP with DONTWAIT while the PULL reads
// nothing, until the sender has been refused for a while, then reads them all back in order.
// It returns how many the path held: PUSH's pipe, the kernel buffers (4 KiB asked on both
// sides) and PULL's inbound queue; it stops at most frames.
func queueCapacity(t *testing.T, size, sndHWM, rcvHWM, most int) int {
	t.Helper()
	c := testutil.NewCtx(t)
	pull := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, pull.SetRcvHWM(rcvHWM), "SetRcvHWM")
	testutil.Must(t, pull.SetRcvBuf(4096), "SetRcvBuf")
	testutil.Must(t, pull.Bind("tcp://127.0.0.1:*"), "Bind")
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetSndHWM(sndHWM), "SetSndHWM")
	testutil.Must(t, push.SetSndBuf(4096), "SetSndBuf")
	testutil.Must(t, push.Connect(pull.LastEndpoint()), "Connect")

	frame := make([]byte, size)
	sent := 0
	for idle := time.Now(); time.Since(idle) < 300*time.Millisecond && sent < most; {
		binary.LittleEndian.PutUint32(frame, uint32(sent))
		err := push.Send(frame, zmq.DontWait)
		switch {
		case err == nil:
			sent++
			idle = time.Now()
		case errors.Is(err, zmq.ErrAgain):
			time.Sleep(2 * time.Millisecond)
		default:
			t.Fatalf("Send: %v", err)
		}
	}
	var m zmq.Msg
	for i := range sent {
		testutil.Must(t, pull.RecvMsgInto(&m, 0), "RecvMsgInto %d", i)
		if got := binary.LittleEndian.Uint32(m.Bytes()); got != uint32(i) || len(m.Bytes()) != size {
			t.Fatalf("frame %d: got #%d of %d bytes", i, got, len(m.Bytes()))
		}
	}
	m.Free()
	return sent
}

// A receiver that falls behind queues up to RCVHWM messages but no more than about
// session.InboundBytes of them; the rest waits in TCP and at the sender, and nothing is lost.
// RCVHWM 0 (no limit) lifts the byte bound too.
func TestInboundQueueIsBoundedInBytes(t *testing.T) {
	const size = 64 << 10
	perBudget := session.InboundBytes / size
	n := queueCapacity(t, size, 1, 1000, 1000)
	t.Logf("%d frames of %d bytes held with RCVHWM 1000 (byte bound %d frames)", n, size, perBudget)
	// The kernel buffers hold a few frames more, however small they were asked to be.
	if n > perBudget+16 {
		t.Fatalf("%d frames of %d bytes queued: the %d-byte inbound bound did not hold", n, size, session.InboundBytes)
	}
	if n < perBudget {
		t.Fatalf("only %d frames of %d bytes queued: less than the byte bound (%d)", n, size, perBudget)
	}
	if n := queueCapacity(t, size, 1, 0, 2*perBudget+16); n <= perBudget+16 {
		t.Fatalf("RCVHWM 0 held only %d frames of %d bytes", n, size)
	}
}

// A PUSH's queue towards a TCP connection is bounded the same way, but always takes a tenth of
// SNDHWM: with 64 KiB frames, 100 of SNDHWM 1000 (plus what the receiver and the kernel hold),
// not 1000.
func TestOutboundQueueKeepsATenthOfSndHWM(t *testing.T) {
	const size = 64 << 10
	inbound := session.InboundBytes / size
	n := queueCapacity(t, size, 1000, 1000, 1100)
	t.Logf("%d frames of %d bytes held with SNDHWM 1000 (a tenth: 100; the receiver's bound %d)", n, size, inbound)
	if n < 100 {
		t.Fatalf("only %d frames held: less than a tenth of SNDHWM", n)
	}
	if n > 100+inbound+16 {
		t.Fatalf("%d frames of %d bytes held: the outbound byte bound did not hold", n, size)
	}
}

// A SUB is not bounded in bytes: its PUB drops at its own HWM, so a shallower SUB queue would
// lose messages libzmq delivers. A PUB (SNDHWM 50) publishes 64 KiB frames to a SUB that reads
// nothing; the SUB still takes them all, where a 2 MiB bound would have made the PUB drop
// most.
func TestSubscriberQueueKeepsItsHWM(t *testing.T) {
	const size, sent = 64 << 10, 300
	c := testutil.NewCtx(t)
	sub := testutil.Bound(t, c, zmq.SUB, "tcp://127.0.0.1:*")
	testutil.Must(t, sub.SetSubscribe(nil), "SetSubscribe")
	pub := testutil.NewSocket(t, c, zmq.PUB)
	testutil.Must(t, pub.SetSndHWM(50), "SetSndHWM")
	testutil.Must(t, pub.Connect(sub.LastEndpoint()), "Connect")
	frame := make([]byte, size)
	publishUntilSubscribed(t, pub, sub, frame)
	// A burst the SUB does not read.
	for range sent {
		testutil.Must(t, pub.Send(frame, 0), "PUB Send")
		time.Sleep(50 * time.Microsecond) // let the PUB's I/O thread keep up with SNDHWM 50
	}
	var m zmq.Msg
	got := 0
	for idle := time.Now(); time.Since(idle) < 300*time.Millisecond; {
		if sub.RecvMsgInto(&m, zmq.DontWait) == nil {
			got++
			idle = time.Now()
			continue
		}
		time.Sleep(time.Millisecond)
	}
	m.Free()
	t.Logf("SUB received %d of %d frames of %d bytes published while it was not reading", got, sent, size)
	if got < sent*5/6 {
		t.Fatalf("SUB received %d of %d frames: the PUB dropped the rest, as if the SUB's queue were bounded near %d frames",
			got, sent, session.InboundBytes/size)
	}
}
