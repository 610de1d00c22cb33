package zmq_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"testing"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// bigFrame is frame i of a stream of frames of every pooled size (33 B to ~300 KiB, small,
// middling and big in turn), filled with a pattern of i, so a body reused from the pool too
// early shows up as another frame's bytes.
// Frames are made once (bigFrames), so senders go as fast as they can: the faster they
// refill the pool, the sooner a body released too early is overwritten.
func bigFrame(i int) []byte { return bigFrames()[i] }

var bigFrames = sync.OnceValue(func() [][]byte {
	fs := make([][]byte, 300)
	for i := range fs {
		fs[i] = makeBigFrame(i)
	}
	return fs
})

func makeBigFrame(i int) []byte {
	var n int
	switch i % 4 {
	case 0:
		n = 33 + (i*37)%300
	case 1:
		n = 300 + (i*131)%(8<<10)
	default:
		n = 8<<10 + 1 + (i*7919)%(300<<10)
	}
	b := make([]byte, n)
	for j := 0; j < len(b); j++ {
		b[j] = byte(i*7 + j/8)
	}
	binary.LittleEndian.PutUint32(b, uint32(i))
	return b
}

// sendBig sends frames 0..n-1 from another goroutine; the returned func waits for it, so the
// socket is not closed (by the test's cleanup) while that goroutine still uses it.
func sendBig(s *zmq.Socket, n int) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			s.Send(bigFrame(i), 0)
		}
	}()
	return func() { <-done }
}

func checkBig(t *testing.T, who string, i int, got []byte) {
	t.Helper()
	if want := bigFrame(i); !bytes.Equal(got, want) {
		t.Fatalf("%s: frame %d corrupted (len %d, want %d)", who, i, len(got), len(want))
	}
}

// Pooled bodies go back to the pool once the engine has written them: every frame must
// still arrive intact, over TCP, to several PUB subscribers (a shared body is never
// returned), and through an inproc relay, where what the relay took with Recv stays its
// own and what it hands over with SendMsg is recycled.
func TestPooledBodiesSafely(t *testing.T) {
	const n = 300
	ctx := testutil.NewCtx(t)
	t.Run("tcp", func(t *testing.T) {
		pull := testutil.Bound(t, ctx, zmq.PULL, "tcp://127.0.0.1:*")
		push := testutil.Connected(t, ctx, zmq.PUSH, pull.LastEndpoint())
		defer sendBig(push, n)()
		for i := range n {
			b, err := pull.Recv(0)
			if err != nil {
				t.Fatal(err)
			}
			checkBig(t, "PULL", i, b)
		}
	})
	t.Run("recvmsg-free", func(t *testing.T) {
		// The receiver frees each frame once checked, so the decoder and the sender draw on
		// recycled buffers: every frame must still be its own.
		pull := testutil.Bound(t, ctx, zmq.PULL, "tcp://127.0.0.1:*")
		push := testutil.Connected(t, ctx, zmq.PUSH, pull.LastEndpoint())
		defer sendBig(push, n)()
		var prev *zmq.Msg
		for i := range n {
			m, err := pull.RecvMsg(0)
			if err != nil {
				t.Fatal(err)
			}
			checkBig(t, "RecvMsg", i, m.Bytes())
			if prev != nil {
				prev.Free()
			}
			prev = m
		}
		prev.Free()
		prev.Free() // twice: nothing happens
	})
	t.Run("recvmsginto", func(t *testing.T) {
		pull := testutil.Bound(t, ctx, zmq.PULL, "tcp://127.0.0.1:*")
		push := testutil.Connected(t, ctx, zmq.PUSH, pull.LastEndpoint())
		defer sendBig(push, n)()
		var m zmq.Msg
		for i := range n {
			if err := pull.RecvMsgInto(&m, 0); err != nil {
				t.Fatal(err)
			}
			checkBig(t, "RecvMsgInto", i, m.Bytes())
		}
		m.Free()
	})
	t.Run("initsize-sendmsg", func(t *testing.T) {
		// Frames built in place in pooled bodies, the receiver freeing each: bodies go round
		// sender, engine, decoder and receiver while their frames must stay their own.
		pull := testutil.Bound(t, ctx, zmq.PULL, "tcp://127.0.0.1:*")
		push := testutil.Connected(t, ctx, zmq.PUSH, pull.LastEndpoint())
		done := make(chan error, 1)
		go func() {
			var m zmq.Msg
			for i := range n {
				copy(m.InitSize(len(bigFrame(i))), bigFrame(i))
				if err := push.SendMsg(&m, 0); err != nil {
					done <- err
					return
				}
				if len(m.Bytes()) != 0 {
					done <- fmt.Errorf("frame %d still in the Msg after SendMsg", i)
					return
				}
			}
			done <- nil
		}()
		var m zmq.Msg
		for i := range n {
			if err := pull.RecvMsgInto(&m, 0); err != nil {
				t.Fatal(err)
			}
			checkBig(t, "built in place", i, m.Bytes())
		}
		m.Free()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
	t.Run("pub-two-subs", func(t *testing.T) {
		pub := testutil.NewSocket(t, ctx, zmq.XPUB)
		pub.SetXPubVerbose(true) // every subscription is reported: both subscribers are in
		if err := pub.Bind("tcp://127.0.0.1:*"); err != nil {
			t.Fatal(err)
		}
		subs := []*zmq.Socket{testutil.Connected(t, ctx, zmq.SUB, pub.LastEndpoint()), testutil.Connected(t, ctx, zmq.SUB, pub.LastEndpoint())}
		for _, s := range subs {
			s.SetSubscribe(nil)
		}
		for range subs {
			if _, err := pub.Recv(0); err != nil {
				t.Fatal(err)
			}
		}
		defer sendBig(pub, n)()
		for i := range n {
			for k, s := range subs {
				b, err := s.Recv(0)
				if err != nil {
					t.Fatal(err)
				}
				checkBig(t, fmt.Sprintf("SUB %d", k), i, b)
			}
		}
	})
	t.Run("inproc-relay", func(t *testing.T) {
		// Small queues keep src from sending everything before the relay has released
		// anything: its later bodies must come from the pool, where a body the relay still
		// holds would be if it were wrongly given back.
		in := testutil.NewSocket(t, ctx, zmq.PULL)
		in.SetRcvHWM(2)
		if err := in.Bind("inproc://bigpool"); err != nil {
			t.Fatal(err)
		}
		src := testutil.NewSocket(t, ctx, zmq.PUSH)
		src.SetSndHWM(2)
		if err := src.Connect("inproc://bigpool"); err != nil {
			t.Fatal(err)
		}
		out := testutil.Bound(t, ctx, zmq.PULL, "tcp://127.0.0.1:*")
		relay := testutil.Connected(t, ctx, zmq.PUSH, out.LastEndpoint())
		defer sendBig(src, n)()
		// Frames taken with Recv are the relay's for good (it sends them on with Send, a
		// copy); frames taken with RecvMsg are handed over by SendMsg and recycled.
		kept := map[int][]byte{}
		for i := range n {
			if i%2 == 0 {
				b, err := in.Recv(0)
				if err != nil {
					t.Fatal(err)
				}
				kept[i] = b
				if err := relay.Send(b, 0); err != nil {
					t.Fatal(err)
				}
			} else {
				m, err := in.RecvMsg(0)
				if err != nil {
					t.Fatal(err)
				}
				if err := relay.SendMsg(m, 0); err != nil {
					t.Fatal(err)
				}
				if len(m.Bytes()) != 0 {
					t.Fatalf("frame %d still in the Msg after SendMsg", i)
				}
			}
			b, err := out.Recv(0)
			if err != nil {
				t.Fatal(err)
			}
			checkBig(t, "relayed", i, b)
		}
		for i, b := range kept {
			checkBig(t, "kept by the relay", i, b)
		}
	})
}

// A frame SendMsg could not queue stays in its Msg, whole, for a retry or Free; InitSize
// frees what the Msg held before.
func TestSendMsgKeepsUnsentFrame(t *testing.T) {
	ctx := testutil.NewCtx(t)
	push := testutil.NewSocket(t, ctx, zmq.PUSH) // no peer: nothing can be queued
	var m zmq.Msg
	for _, n := range []int{5, 1000, 100000} {
		body := m.InitSize(n)
		if len(body) != n {
			t.Fatalf("InitSize(%d): %d bytes", n, len(body))
		}
		copy(body, "frame")
		if err := push.SendMsg(&m, zmq.DontWait); !errors.Is(err, zmq.ErrAgain) {
			t.Fatalf("SendMsg without a peer: %v", err)
		}
		if b := m.Bytes(); len(b) != n || string(b[:5]) != "frame" || m.More() {
			t.Fatalf("unsent frame of %d bytes changed: %d bytes, more %v", n, len(b), m.More())
		}
	}
	m.Free()
	if len(m.Bytes()) != 0 {
		t.Fatal("Free left a body")
	}
}

// A body PUB fans out over inproc is shared by its subscribers: freeing it in each must not
// give it back to the pool twice, which would hand one body to two later frames.
func TestSharedBodyFreedOnce(t *testing.T) {
	ctx := testutil.NewCtx(t)
	pub := testutil.Bound(t, ctx, zmq.PUB, "inproc://shared-free")
	subs := []*zmq.Socket{
		testutil.Connected(t, ctx, zmq.SUB, "inproc://shared-free"),
		testutil.Connected(t, ctx, zmq.SUB, "inproc://shared-free"),
	}
	for _, s := range subs {
		testutil.Must(t, s.SetSubscribe(nil), "SetSubscribe")
	}
	testutil.Must(t, pub.Send(make([]byte, 1000), 0), "PUB Send")
	got := make([]zmq.Msg, len(subs))
	for i, s := range subs {
		testutil.Must(t, s.RecvMsgInto(&got[i], 0), "SUB %d RecvMsgInto", i)
	}
	for i := range got {
		got[i].Free()
	}
	for range 100 {
		var x, y zmq.Msg
		bx, by := x.InitSize(1000), y.InitSize(1000)
		if &bx[0] == &by[0] {
			t.Fatal("one pooled body handed to two frames")
		}
	}
}

// A body that reached some subscribers and was dropped for others is theirs: it must not go
// back to the pool, where the next frame would overwrite it.
func TestPartlyDroppedPublishKeepsBody(t *testing.T) {
	ctx := testutil.NewCtx(t)
	pub := testutil.NewSocket(t, ctx, zmq.PUB)
	testutil.Must(t, pub.SetSndHWM(1), "SetSndHWM")
	testutil.Must(t, pub.Bind("inproc://partly-dropped"), "Bind")
	full := testutil.NewSocket(t, ctx, zmq.SUB)
	testutil.Must(t, full.SetRcvHWM(1), "SetRcvHWM")
	testutil.Must(t, full.Connect("inproc://partly-dropped"), "Connect")
	reader := testutil.Connected(t, ctx, zmq.SUB, "inproc://partly-dropped")
	for _, s := range []*zmq.Socket{full, reader} {
		testutil.Must(t, s.SetSubscribe(nil), "SetSubscribe")
	}
	publishUntilSubscribed(t, pub, full, []byte("hello"))
	publishUntilSubscribed(t, pub, reader, []byte("hello"))
	// full now holds what it can and never reads; reader keeps each frame while the next one
	// is sent, so a body wrongly recycled shows as the next frame's bytes.
	var prev *zmq.Msg
	for i := range 50 {
		frame := bytes.Repeat([]byte{byte(i)}, 1000)
		testutil.Must(t, pub.Send(frame, 0), "PUB Send")
		if prev != nil && !bytes.Equal(prev.Bytes(), bytes.Repeat([]byte{byte(i - 1)}, 1000)) {
			t.Fatalf("frame %d overwritten once frame %d was sent", i-1, i)
		}
		m, err := reader.RecvMsg(0)
		testutil.Must(t, err, "SUB RecvMsg")
		if !bytes.Equal(m.Bytes(), frame) {
			t.Fatalf("frame %d arrived corrupted", i)
		}
		if prev != nil {
			prev.Free()
		}
		prev = m
	}
	prev.Free()
}
