package zmq_test

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// The steady-state message paths allocate nothing per message, whatever the socket type and
// transport: frames sent with Send, received with RecvMsgInto, and sent back with SendMsg.
// AllocsPerRun counts every goroutine's allocations, the I/O threads' included; chunks and
// arenas amortised over many messages round down to zero, a Msg that escapes to the heap on
// every call does not (a pipe API change once made REQ, ROUTER and SUB do that).
func TestMessagePathsDoNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("streams thousands of messages per case")
	}
	for _, tr := range []string{"inproc", "tcp"} {
		for _, size := range []int{1, 64, 4096} {
			for _, pt := range allocPatterns {
				t.Run(fmt.Sprintf("%s/%s/%dB", pt.name, tr, size), func(t *testing.T) {
					c := testutil.NewCtx(t)
					ep := "inproc://allocs"
					if tr == "tcp" {
						ep = "tcp://127.0.0.1:*"
					}
					a := testutil.Bound(t, c, pt.bind, ep)
					b := testutil.Connected(t, c, pt.connect, a.LastEndpoint())
					step := pt.setup(t, a, b, make([]byte, size))
					for range 2000 { // pools, arenas and pipe chunks reach their working set
						step()
					}
					if n := testing.AllocsPerRun(2000, step); n != 0 {
						t.Fatalf("%v allocations per message", n)
					}
				})
			}
		}
	}
}

// publishUntilSubscribed publishes frame until sub receives one (a subscription reaches the
// publisher asynchronously), then drains the extra ones.
func publishUntilSubscribed(t *testing.T, pub, sub *zmq.Socket, frame []byte) {
	t.Helper()
	var m zmq.Msg
	defer m.Free()
	for deadline := time.Now().Add(testutil.WaitTimeout); ; {
		testutil.Must(t, pub.Send(frame, 0), "PUB Send")
		err := sub.RecvMsgInto(&m, zmq.DontWait)
		if err == nil {
			break
		}
		if !errors.Is(err, zmq.ErrAgain) || time.Now().After(deadline) {
			t.Fatalf("no message reached the subscriber: %v", err)
		}
		time.Sleep(time.Millisecond)
	}
	for sub.RecvMsgInto(&m, zmq.DontWait) == nil {
	}
}

type allocPattern struct {
	name          string
	bind, connect zmq.SocketType
	// setup returns one step: a message from b to a (and back where the pattern replies).
	setup func(t *testing.T, a, b *zmq.Socket, frame []byte) func()
}

var allocPatterns = []allocPattern{
	{"req-rep", zmq.REP, zmq.REQ, func(t *testing.T, rep, req *zmq.Socket, frame []byte) func() {
		var got, back zmq.Msg
		return func() {
			testutil.Must(t, req.Send(frame, 0), "REQ Send")
			testutil.Must(t, rep.RecvMsgInto(&got, 0), "REP RecvMsgInto")
			testutil.Must(t, rep.SendMsg(&got, 0), "REP SendMsg")
			testutil.Must(t, req.RecvMsgInto(&back, 0), "REQ RecvMsgInto")
		}
	}},
	{"push-pull", zmq.PULL, zmq.PUSH, func(t *testing.T, pull, push *zmq.Socket, frame []byte) func() {
		var got zmq.Msg
		return func() {
			testutil.Must(t, push.Send(frame, 0), "PUSH Send")
			testutil.Must(t, pull.RecvMsgInto(&got, 0), "PULL RecvMsgInto")
		}
	}},
	{"router-dealer", zmq.ROUTER, zmq.DEALER, func(t *testing.T, router, dealer *zmq.Socket, frame []byte) func() {
		var id, body, back zmq.Msg
		return func() {
			testutil.Must(t, dealer.Send(frame, 0), "DEALER Send")
			testutil.Must(t, router.RecvMsgInto(&id, 0), "ROUTER RecvMsgInto (identity)")
			testutil.Must(t, router.RecvMsgInto(&body, 0), "ROUTER RecvMsgInto (body)")
			testutil.Must(t, router.SendMsg(&id, zmq.SndMore), "ROUTER SendMsg (identity)")
			testutil.Must(t, router.SendMsg(&body, 0), "ROUTER SendMsg (body)")
			testutil.Must(t, dealer.RecvMsgInto(&back, 0), "DEALER RecvMsgInto")
		}
	}},
	{"sub-pub", zmq.SUB, zmq.PUB, func(t *testing.T, sub, pub *zmq.Socket, frame []byte) func() {
		testutil.Must(t, sub.SetSubscribe(nil), "SetSubscribe")
		publishUntilSubscribed(t, pub, sub, frame)
		var got zmq.Msg
		return func() {
			testutil.Must(t, pub.Send(frame, 0), "PUB Send")
			testutil.Must(t, sub.RecvMsgInto(&got, 0), "SUB RecvMsgInto")
		}
	}},
}

// A PUB that drops what it sends (no subscriber, or every subscriber at its HWM) gives the
// dropped body back: a Send it drops allocates nothing, not even a share of an arena chunk
// (it once made 1 KiB of garbage per 1 KiB message).
func TestDroppedPublishDoesNotAllocate(t *testing.T) {
	for _, size := range []int{1 << 10, 64 << 10} {
		for _, sc := range []struct {
			name  string
			setup func(t *testing.T, c *zmq.Context, pub *zmq.Socket)
		}{
			{"no-subscriber", func(*testing.T, *zmq.Context, *zmq.Socket) {}},
			{"subscriber-at-hwm", func(t *testing.T, c *zmq.Context, pub *zmq.Socket) {
				sub := testutil.NewSocket(t, c, zmq.SUB)
				testutil.Must(t, sub.SetRcvHWM(1), "SetRcvHWM")
				testutil.Must(t, sub.Connect(pub.LastEndpoint()), "Connect")
				testutil.Must(t, sub.SetSubscribe(nil), "SetSubscribe")
				// Until the subscription is in, sends are dropped anyway; after, the
				// queue fills and stays full as the subscriber never reads.
				publishUntilSubscribed(t, pub, sub, make([]byte, size))
			}},
		} {
			t.Run(fmt.Sprintf("%s/%dB", sc.name, size), func(t *testing.T) {
				c := testutil.NewCtx(t)
				pub := testutil.NewSocket(t, c, zmq.PUB)
				testutil.Must(t, pub.SetSndHWM(1), "SetSndHWM")
				testutil.Must(t, pub.Bind("inproc://dropped"), "Bind")
				sc.setup(t, c, pub)
				frame := make([]byte, size)
				send := func() { testutil.Must(t, pub.Send(frame, zmq.DontWait), "PUB Send") }
				for range 100 {
					send()
				}
				if n := testing.AllocsPerRun(1000, send); n != 0 {
					t.Errorf("%v allocations per dropped Send", n)
				}
				if raceEnabled {
					return
				}
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				const sends = 1000
				for range sends {
					send()
				}
				runtime.ReadMemStats(&after)
				if b := (after.TotalAlloc - before.TotalAlloc) / sends; b > 64 {
					t.Errorf("%d bytes allocated per dropped Send of %d", b, size)
				}
			})
		}
	}
}
