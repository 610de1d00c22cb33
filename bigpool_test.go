package zmq_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"

	zmq "github.com/zreactor/zmq"
)

// bigFrame is frame i of a stream of big frames: a size from 8 KiB to ~300 KiB, filled with a
// pattern of i, so a body reused from the pool too early shows up as another frame's bytes.
func bigFrame(i int) []byte {
	b := make([]byte, 8<<10+1+(i*7919)%(300<<10))
	for j := 0; j+8 <= len(b); j += 8 {
		binary.LittleEndian.PutUint64(b[j:], uint64(i)<<32|uint64(j))
	}
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

// Big bodies go back to the send pool once the engine has written them: every frame must
// still arrive intact, over TCP, through CURVE, to several PUB subscribers (a shared body is
// never returned), and when an inproc receiver sends what it received on (the application
// owns what it receives, so that body is never returned either).
func TestBigBodiesPooledSafely(t *testing.T) {
	const n = 150
	ctx := newCtx(t)
	t.Run("tcp", func(t *testing.T) {
		pull := bound(t, ctx, zmq.PULL, "tcp://127.0.0.1:*")
		push := connected(t, ctx, zmq.PUSH, pull.LastEndpoint())
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
		pull := bound(t, ctx, zmq.PULL, "tcp://127.0.0.1:*")
		push := connected(t, ctx, zmq.PUSH, pull.LastEndpoint())
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
		pull := bound(t, ctx, zmq.PULL, "tcp://127.0.0.1:*")
		push := connected(t, ctx, zmq.PUSH, pull.LastEndpoint())
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
	t.Run("pub-two-subs", func(t *testing.T) {
		pub := newSocket(t, ctx, zmq.XPUB)
		pub.SetXPubVerbose(true) // every subscription is reported: both subscribers are in
		if err := pub.Bind("tcp://127.0.0.1:*"); err != nil {
			t.Fatal(err)
		}
		subs := []*zmq.Socket{connected(t, ctx, zmq.SUB, pub.LastEndpoint()), connected(t, ctx, zmq.SUB, pub.LastEndpoint())}
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
		in := bound(t, ctx, zmq.PULL, "inproc://bigpool")
		src := connected(t, ctx, zmq.PUSH, "inproc://bigpool")
		out := bound(t, ctx, zmq.PULL, "tcp://127.0.0.1:*")
		relay := connected(t, ctx, zmq.PUSH, out.LastEndpoint())
		defer sendBig(src, n)()
		kept := make([][]byte, 0, n)
		for i := range n {
			m, err := in.RecvMsg(0)
			if err != nil {
				t.Fatal(err)
			}
			kept = append(kept, m.Bytes())
			if err := relay.SendMsg(m, 0); err != nil {
				t.Fatal(err)
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
