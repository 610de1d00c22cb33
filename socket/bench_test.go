package socket

import (
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// benchFrame is a small (inline) frame, the case that must not allocate.
var benchFrame = []byte("0123456789abcdef")

// BenchmarkLBSend: PUSH load-balancing one small frame per op over n pipes; the peers read
// what was sent so the pipes stay below their HWM.
func BenchmarkLBSend1(b *testing.B) { benchLBSend(b, 1) }
func BenchmarkLBSend4(b *testing.B) { benchLBSend(b, 4) }

func benchLBSend(b *testing.B, n int) {
	h := newHarness(b, options.PUSH)
	ps := h.peers(n)
	defer closeAll(ps...)
	var m, r msg.Msg
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Init(benchFrame, 0)
		if err := h.impl.Send(&m); err != nil {
			b.Fatal(err)
		}
		h.r.pump()
		if !ps[i].p.Read(&r) {
			b.Fatal("peer read")
		}
		i = (i + 1) % n
	}
}

// BenchmarkFQRecv: PULL fair-queuing one small frame per op from n pipes.
func BenchmarkFQRecv1(b *testing.B) { benchFQRecv(b, 1) }
func BenchmarkFQRecv4(b *testing.B) { benchFQRecv(b, 4) }

func benchFQRecv(b *testing.B, n int) {
	h := newHarness(b, options.PULL)
	ps := h.peers(n)
	defer closeAll(ps...)
	var m, r msg.Msg
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Init(benchFrame, 0)
		if !ps[i].p.Write(&m) {
			b.Fatal("peer write")
		}
		ps[i].p.Flush()
		h.r.pump()
		if err := h.impl.Recv(&r); err != nil {
			b.Fatal(err)
		}
		i = (i + 1) % n
	}
}

// BenchmarkPubSend: PUB matching and distributing one small frame to 4 subscribers (prefix
// match on each send).
func BenchmarkPubSend(b *testing.B) {
	h := newHarness(b, options.PUB)
	ps := h.peers(4)
	defer closeAll(ps...)
	for _, q := range ps {
		q.send(sub("0123"))
		q.send(sub("zzz"))
	}
	var m, r msg.Msg
	b.ReportAllocs()
	for b.Loop() {
		m.Init(benchFrame, 0)
		if err := h.impl.Send(&m); err != nil {
			b.Fatal(err)
		}
		h.r.pump()
		for _, q := range ps {
			if !q.p.Read(&r) {
				b.Fatal("subscriber read")
			}
		}
	}
}

// BenchmarkRouterRecv: ROUTER receiving one small frame per op, routing-id frame included.
func BenchmarkRouterRecv(b *testing.B) {
	h := newHarness(b, options.ROUTER)
	q := h.connect(peerOpt{preID: []byte{}})
	defer closeAll(q)
	var m, r msg.Msg
	b.ReportAllocs()
	for b.Loop() {
		m.Init(benchFrame, 0)
		q.p.Write(&m)
		q.p.Flush()
		h.r.pump()
		for range 2 { // routing id, then body
			if h.impl.Recv(&r) != nil {
				b.Fatal("recv")
			}
		}
	}
}
