package zmq_test

import (
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// A subscriber cannot make a PUB with MaxSubscriptions hold more than the cap (beyond libzmq,
// whose table grows with whatever subscribers send): a raw subscriber sends 100,000 distinct
// subscriptions, the publisher's live heap grows by what the cap allows, not by what was
// sent; the subscriptions within the cap work.
func TestMaxSubscriptionsBoundsMemory(t *testing.T) {
	const sent = 100_000
	grown := map[int]int64{}
	for _, limit := range []int{0, 1000} {
		c := testutil.NewCtx(t)
		pub := testutil.NewSocket(t, c, zmq.PUB)
		testutil.Must(t, pub.SetMaxSubscriptions(limit), "SetMaxSubscriptions")
		testutil.Must(t, pub.Bind("tcp://127.0.0.1:*"), "Bind")
		p := zmtptest.Dial(t, pub.LastEndpoint())
		p.Handshake("SUB")
		base := liveHeap()
		var subs []byte
		for i := range sent {
			topic := fmt.Sprintf("topic-%09d-%08x", i, i*2654435761)
			subs = append(subs, zmtptest.Frame(zmtptest.FlagCommand, zmtptest.CommandBody("SUBSCRIBE", []byte(topic)))...)
		}
		// Cancel the first, which frees a place, and take the marker the test waits for.
		subs = append(subs, zmtptest.Frame(zmtptest.FlagCommand, zmtptest.CommandBody("CANCEL", []byte(fmt.Sprintf("topic-%09d-%08x", 0, 0))))...)
		subs = append(subs, zmtptest.Frame(zmtptest.FlagCommand, zmtptest.CommandBody("SUBSCRIBE", []byte("marker")))...)
		// The publisher reads subscriptions only when called, as libzmq's: write them from
		// another goroutine while waitForTopic calls it.
		go func() {
			for len(subs) > 0 {
				n := min(len(subs), 64<<10)
				if p.TryWrite(subs[:n]) != nil {
					return
				}
				subs = subs[n:]
			}
		}()
		frames := waitForTopic(t, pub, p, "marker")
		grown[limit] = liveHeap() - base
		// A subscription within the cap still works.
		one := fmt.Sprintf("topic-%09d-%08x", 1, 2654435761)
		testutil.Must(t, pub.Send([]byte(one), 0), "Send")
		for f := range frames {
			if f == one {
				break
			}
			if f != "marker" {
				t.Fatalf("limit %d: received %q", limit, f)
			}
		}
		t.Logf("MaxSubscriptions %d: live heap +%d KiB after %d subscriptions", limit, grown[limit]>>10, sent)
	}
	if grown[1000] > 1<<20 {
		t.Errorf("with a cap of 1000 the publisher's heap grew by %d KiB for %d subscriptions", grown[1000]>>10, sent)
	}
}

// waitForTopic publishes topic until the raw subscriber p receives it, and returns the
// frames p receives from then on.
func waitForTopic(t *testing.T, pub *zmq.Socket, p *zmtptest.Peer, topic string) <-chan string {
	t.Helper()
	frames := make(chan string, 1024)
	go func() {
		defer close(frames)
		for {
			var hdr [2]byte
			if _, err := io.ReadFull(p.Conn, hdr[:]); err != nil || hdr[0]&zmtptest.FlagLong != 0 {
				return
			}
			body := make([]byte, hdr[1])
			if _, err := io.ReadFull(p.Conn, body); err != nil {
				return
			}
			frames <- string(body)
		}
	}()
	p.Conn.SetReadDeadline(time.Now().Add(testutil.WaitTimeout))
	for {
		testutil.Must(t, pub.Send([]byte(topic), zmq.DontWait), "Send")
		select {
		case f, ok := <-frames:
			if !ok {
				t.Fatalf("%q never reached the subscriber", topic)
			}
			if f == topic {
				return frames
			}
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// liveHeap is the heap in use after a collection.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
