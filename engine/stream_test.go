package engine

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

func handshaked(a, b *side) func() bool {
	return func() bool {
		_, ok1 := a.mon.find(event.HandshakeSucceeded)
		_, ok2 := b.mon.find(event.HandshakeSucceeded)
		return ok1 && ok2
	}
}

func TestStreamDealerRouter(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	d, r := pair(t, l,
		opts(options.DEALER, func(o *options.Options) { o.RoutingID = []byte("dealer-1") }),
		opts(options.ROUTER, func(o *options.Options) { o.Metadata = map[string]string{"X-App": "r"} }))
	l.runUntil(t, "handshake", handshaked(d, r))
	if !d.s.isReady() || !r.s.isReady() {
		t.Fatal("EngineReady not called")
	}
	// The ROUTER's session first gets the peer's routing id; the DEALER's gets nothing.
	got := r.s.frames()
	if len(got) != 1 || got[0].flags != msg.RoutingID || string(got[0].body) != "dealer-1" {
		t.Fatalf("router pushes %+v", got)
	}
	if n := d.s.count(); n != 0 {
		t.Fatalf("dealer session got %d frames", n)
	}

	d.s.queue(frame{msg.More, []byte("a")}, frame{0, []byte("hello")})
	d.e.RestartOutput()
	l.runUntil(t, "router receives", func() bool { return r.s.count() == 3 })
	got = r.s.frames()[1:]
	if got[0].flags != msg.More || string(got[0].body) != "a" || got[1].flags != 0 || string(got[1].body) != "hello" {
		t.Fatalf("router got %+v", got)
	}
	md := got[1].meta
	for k, want := range map[string]string{"Socket-Type": "DEALER", "Identity": "dealer-1", PropPeerAddress: "127.0.0.1"} {
		if v, ok := md.Get(k); !ok || v != want {
			t.Errorf("metadata %s = %q %v, want %q", k, v, ok, want)
		}
	}
	r.s.queue(frame{0, []byte("reply")})
	r.e.RestartOutput()
	l.runUntil(t, "dealer receives", func() bool { return d.s.count() == 1 })
	dm := d.s.frames()[0]
	if string(dm.body) != "reply" {
		t.Fatalf("dealer got %+v", dm)
	}
	if v, _ := dm.meta.Get("X-App"); v != "r" {
		t.Errorf("X-App = %q", v)
	}
	if len(d.s.failed())+len(r.s.failed()) != 0 {
		t.Fatal("engine error")
	}
}

func TestStreamPubSubSubscriptionCommands(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	pub, sub := pair(t, l, opts(options.PUB), opts(options.SUB))
	sub.s.queue(frame{0, []byte("\x01topic")}, frame{0, []byte("\x00old")})
	sub.e.RestartOutput()
	l.runUntil(t, "subscriptions", func() bool { return pub.s.count() == 2 })
	got := pub.s.frames()
	if got[0].flags != msg.Command || string(got[0].body) != "\x09SUBSCRIBEtopic" {
		t.Fatalf("subscribe arrived as %+v", got[0])
	}
	if got[1].flags != msg.Command || string(got[1].body) != "\x06CANCELold" {
		t.Fatalf("cancel arrived as %+v", got[1])
	}
	pub.s.queue(frame{0, []byte("topic data")})
	pub.e.RestartOutput()
	l.runUntil(t, "publication", func() bool { return sub.s.count() == 1 })
	if b := sub.s.frames()[0].body; string(b) != "topic data" {
		t.Fatalf("sub got %q", b)
	}
}

// An XSUB's multipart message starting with 0x01 is data, not a subscription.
func TestStreamXSubMultipartIsData(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	xpub, xsub := pair(t, l, opts(options.XPUB), opts(options.XSUB))
	xsub.s.queue(frame{msg.More, []byte("\x01a")}, frame{0, []byte("\x01b")}, frame{0, []byte("\x01c")})
	xsub.e.RestartOutput()
	l.runUntil(t, "frames", func() bool { return xpub.s.count() == 3 })
	got := xpub.s.frames()
	if got[0].flags != msg.More || got[1].flags != 0 || got[2].flags != msg.Command ||
		string(got[2].body) != "\x09SUBSCRIBEc" {
		t.Fatalf("got %+v", got)
	}
}

func TestStreamFrameSizes(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	a, b := pair(t, l, opts(options.PAIR), opts(options.PAIR))
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.NewChaCha8([32]byte{byte(seed)})
	sizes := []int{0, 1, 31, 32, 33, 255, 256, 8191, 8192, 65535, 65536, 65537, 1 << 20, 16 << 20}
	var want []frame
	for i, n := range sizes {
		body := make([]byte, n)
		_, _ = rng.Read(body)
		f := msg.Flags(0)
		if i%3 != 2 {
			f = msg.More
		}
		if i == len(sizes)-1 {
			f = 0
		}
		want = append(want, frame{f, body})
	}
	a.s.queue(want...)
	a.e.RestartOutput()
	l.runUntil(t, "all frames", func() bool { return b.s.count() == len(want) })
	for i, g := range b.s.frames() {
		if g.flags != want[i].flags || !bytes.Equal(g.body, want[i].body) {
			t.Fatalf("frame %d (%d bytes): got %d bytes flags %#x", i, len(want[i].body), len(g.body), g.flags)
		}
	}
}

// The steady-state path allocates nothing per frame: encode, writev, read, decode, push.
func TestStreamSteadyStateAllocs(t *testing.T) {
	for _, size := range []int{1, 64} {
		checkFds(t)
		l := newLoop(t)
		fa, fb := socketpair(t)
		tx, rx := newStreamSession(make([]byte, size)), newStreamSession(nil)
		a := NewStream(fa, Config{Options: opts(options.PUSH)})
		b := NewStream(fb, Config{Options: opts(options.PULL)})
		a.Plug(l.th, tx)
		b.Plug(l.th, rx)
		t.Cleanup(a.Terminate)
		t.Cleanup(b.Terminate)
		run := func(n int) {
			rx.target, rx.received, rx.done = n, 0, make(chan struct{})
			tx.remaining = n
			a.RestartOutput()
			l.runUntil(t, "frames", func() bool { return rx.received == n })
		}
		run(1000) // warm up: handshake, buffers
		const n = 200000
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		run(n)
		runtime.ReadMemStats(&m1)
		if per := float64(m1.Mallocs-m0.Mallocs) / n; per > 0.01 {
			t.Errorf("%d B frames: %.4f allocations per frame", size, per)
		}
	}
}
