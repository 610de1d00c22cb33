package socket

import (
	"errors"
	"slices"
	"testing"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

func sub(topic string) string   { return "\x01" + topic }
func unsub(topic string) string { return "\x00" + topic }

func setOpt(t *testing.T, h *harness, opt Option, val string) {
	t.Helper()
	defer h.r.pump()
	os, ok := h.impl.(OptionSetter)
	if !ok {
		t.Fatal("not an OptionSetter")
	}
	if handled, err := os.SetOption(opt, []byte(val)); !handled || err != nil {
		t.Fatalf("SetOption(%v, %q) = %v, %v", opt, val, handled, err)
	}
}

// RFC 29 / test_spec_pubsub: PUB sends each message to the subscribers whose prefix matches.
func TestPubPrefixFiltering(t *testing.T) {
	h := newHarness(t, options.PUB)
	a, b, c := h.connect(peerOpt{}), h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a, b, c)
	a.send(sub("A"))
	b.send(sub("AB"))
	c.send(sub(""))
	h.mustSend("AB1", "tail")
	h.mustSend("A2")
	h.mustSend("B3")
	a.mustRecv("AB1", "tail")
	a.mustRecv("A2")
	a.recvNothing()
	b.mustRecv("AB1", "tail")
	b.recvNothing()
	c.mustRecv("AB1", "tail")
	c.mustRecv("A2")
	c.mustRecv("B3")
	// PUB never gives anything to the application.
	if _, err := h.recv(); !errors.Is(err, zerr.ErrNotSupported) || h.impl.HasIn() {
		t.Fatalf("PUB recv = %v", err)
	}
	// A pipe's subscriptions are a set: one cancel undoes two subscribes.
	a.send(sub("B"))
	a.send(sub("B"))
	a.send(unsub("B"))
	h.mustSend("B4")
	a.recvNothing()
}

// ZMTP 3.1 SUBSCRIBE/CANCEL commands count as subscriptions too.
func TestPubSubscribeCommands(t *testing.T) {
	h := newHarness(t, options.PUB)
	a := h.connect(peerOpt{})
	defer closeAll(a)
	a.sendFlags("\x09SUBSCRIBEx", msg.Command)
	h.mustSend("xy")
	a.mustRecv("xy")
	a.sendFlags("\x06CANCELx", msg.Command)
	h.mustSend("xy")
	a.recvNothing()
}

// ZMTP 1.0 peers get an implicit subscribe-all.
func TestPubSubscribeToAll(t *testing.T) {
	h := newHarness(t, options.PUB)
	a := h.connect(peerOpt{toAll: true})
	defer closeAll(a)
	h.mustSend("anything")
	a.mustRecv("anything")
}

// PUB drops at the HWM per subscriber; others still get everything.
func TestPubDropsAtHWM(t *testing.T) {
	h := newHarness(t, options.PUB, func(o *options.Options) { o.SndHWM = 10 })
	slow, fast := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(slow, fast)
	slow.send(sub(""))
	fast.send(sub(""))
	for i := 0; i < 100; i++ {
		if err := h.send(string(rune('0' + i%10))); err != nil {
			t.Fatalf("PUB send %d: %v", i, err)
		}
		if fast.recv() == nil {
			t.Fatalf("fast subscriber lost message %d", i)
		}
	}
	if n := len(slow.drain()); n != 10 {
		t.Fatalf("slow subscriber got %d, want HWM 10", n)
	}
	// Room again: messages flow again.
	h.mustSend("again")
	slow.mustRecv("again")
	fast.mustRecv("again")
}

// with XPUB_NODROP a full subscriber makes send return EAGAIN instead.
func TestXPubNoDrop(t *testing.T) {
	h := newHarness(t, options.XPUB, func(o *options.Options) { o.SndHWM, o.XPubNoDrop = 2, true })
	a := h.connect(peerOpt{})
	defer closeAll(a)
	a.send(sub("t"))
	h.mustRecv(sub("t"))
	h.mustSend("t1")
	h.mustSend("t2")
	if err := h.send("t3"); !errors.Is(err, zerr.ErrAgain) {
		t.Fatalf("send at HWM = %v", err)
	}
	h.mustSend("other") // matches nobody: not blocked
	a.mustRecv("t1")
	a.mustRecv("t2")
	h.mustSend("t3")
	a.mustRecv("t3")
}

func TestPubInvertMatching(t *testing.T) {
	h := newHarness(t, options.PUB, func(o *options.Options) { o.InvertMatching = true })
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a, b)
	a.send(sub("A"))
	b.send(sub("B"))
	h.mustSend("A1")
	a.recvNothing()
	b.mustRecv("A1")
}

// SUB: Subscribe/Unsubscribe go upstream as 0x01/0x00 frames, ref-counted; local filtering.
func TestSubSubscriptions(t *testing.T) {
	h := newHarness(t, options.SUB)
	p := h.connect(peerOpt{})
	defer closeAll(p)
	setOpt(t, h, Subscribe, "A")
	setOpt(t, h, Subscribe, "A")
	p.mustRecv(sub("A"))
	p.mustRecv(sub("A")) // duplicates are forwarded: XPUB needs them for VERBOSE
	setOpt(t, h, Unsubscribe, "A")
	p.recvNothing() // one subscription to A remains
	p.send("A1", "x")
	p.send("B1", "y")
	p.send("A2")
	h.mustRecv("A1", "x")
	h.mustRecv("A2")
	h.recvNothing()
	setOpt(t, h, Unsubscribe, "A")
	p.mustRecv(unsub("A"))
	setOpt(t, h, Unsubscribe, "never")
	p.recvNothing()
	p.send("A3")
	if h.impl.HasIn() {
		t.Fatal("SUB without subscriptions must filter everything")
	}
	if err := h.send("x"); !errors.Is(err, zerr.ErrNotSupported) || h.impl.HasOut() {
		t.Fatalf("SUB send = %v", err)
	}
	if handled, _ := h.impl.(OptionSetter).SetOption(Option(99), nil); handled {
		t.Fatal("unknown option handled")
	}
}

// SUB's HasIn prefetches a matching message; Recv returns it.
func TestSubHasInPrefetch(t *testing.T) {
	h := newHarness(t, options.SUB)
	p := h.connect(peerOpt{})
	defer closeAll(p)
	setOpt(t, h, Subscribe, "k")
	p.send("no", "skip")
	p.send("k1", "keep")
	if !h.impl.HasIn() {
		t.Fatal("HasIn")
	}
	h.mustRecv("k1", "keep")
	h.recvNothing()
}

// A new publisher and a reconnected one (hiccup) get every cached subscription once.
func TestSubResendsOnAttachAndHiccup(t *testing.T) {
	h := newHarness(t, options.SUB)
	a := h.connect(peerOpt{})
	setOpt(t, h, Subscribe, "x")
	setOpt(t, h, Subscribe, "x")
	setOpt(t, h, Subscribe, "y")
	a.drain()
	b := h.connect(peerOpt{})
	defer closeAll(a, b)
	if got := b.drain(); !slices.Equal(flat(got), []string{sub("x"), sub("y")}) {
		t.Fatalf("new pipe got %q", got)
	}
	a.p.Hiccup()
	h.r.pump()
	if got := a.drain(); !slices.Equal(flat(got), []string{sub("x"), sub("y")}) {
		t.Fatalf("hiccuped pipe got %q", got)
	}
}

// XSUB forwards what the application sends, caches subscriptions, and does not filter.
func TestXSub(t *testing.T) {
	h := newHarness(t, options.XSUB)
	a := h.connect(peerOpt{})
	defer closeAll(a)
	h.mustSend(sub("t"))
	h.mustSend(sub("t"))
	h.mustSend(unsub("t"))
	h.mustSend("upstream", "msg")
	a.mustRecv(sub("t"))
	a.mustRecv(sub("t"))
	a.mustRecv("upstream", "msg")
	a.recvNothing()
	a.send("zzz")
	h.mustRecv("zzz")
	if !h.impl.HasOut() {
		t.Fatal("XSUB HasOut")
	}
	if handled, _ := h.impl.(OptionSetter).SetOption(Subscribe, []byte("t")); handled {
		t.Fatal("XSUB must not handle Subscribe (EINVAL)")
	}
	a.p.Hiccup()
	h.r.pump()
	a.mustRecv(sub("t"))
}

// XPUB reports first subscriptions and last cancellations, including those of a subscriber
// that goes away.
func TestXPubNotifications(t *testing.T) {
	h := newHarness(t, options.XPUB)
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(b)
	a.send(sub("t"))
	b.send(sub("t"))
	a.send(sub("u"))
	h.mustRecv(sub("t"))
	h.mustRecv(sub("u"))
	h.recvNothing()
	b.send(unsub("t"))
	h.recvNothing() // a still wants t
	a.close()
	got := recvAll(h)
	slices.Sort(got)
	if !slices.Equal(got, []string{unsub("t"), unsub("u")}) {
		t.Fatalf("after a left: %q", got)
	}
	b.send("not a subscription")
	h.mustRecv("not a subscription")
}

func TestXPubVerbose(t *testing.T) {
	h := newHarness(t, options.XPUB, func(o *options.Options) { o.XPubVerbose = true })
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a, b)
	a.send(sub("t"))
	b.send(sub("t"))
	b.send(unsub("t"))
	a.send(unsub("t"))
	if got := recvAll(h); !slices.Equal(got, []string{sub("t"), sub("t"), unsub("t")}) {
		t.Fatalf("verbose: %q", got)
	}
}

func TestXPubVerboser(t *testing.T) {
	h := newHarness(t, options.XPUB, func(o *options.Options) { o.XPubVerboser = true })
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(b)
	a.send(sub("t"))
	b.send(sub("t"))
	b.send(unsub("t"))
	a.send(sub("u"))
	b.send(sub("u"))
	a.close() // u is still wanted by b: reported anyway under VERBOSER
	if got := recvAll(h); !slices.Equal(got, []string{sub("t"), sub("t"), unsub("t"),
		sub("u"), sub("u"), unsub("t"), unsub("u")}) {
		t.Fatalf("verboser: %q", got)
	}
}

// XPUB_MANUAL: the application decides what each subscriber receives.
func TestXPubManual(t *testing.T) {
	h := newHarness(t, options.XPUB, func(o *options.Options) { o.XPubManual = true })
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(b)
	a.send(sub("A"))
	b.send(sub("B"))
	h.mustRecv(sub("A"))
	setOpt(t, h, Subscribe, "X") // a gets X instead of A
	h.mustRecv(sub("B"))
	setOpt(t, h, Subscribe, "B")
	h.mustSend("A1")
	h.mustSend("X1")
	h.mustSend("B1")
	a.mustRecv("X1")
	a.recvNothing()
	b.mustRecv("B1")
	b.send(unsub("B")) // reported, but applying it is up to the application
	h.mustRecv(unsub("B"))
	setOpt(t, h, Unsubscribe, "B")
	h.mustSend("B2")
	b.recvNothing()
	a.close() // a's own request (A) is reported as cancelled
	h.mustRecv(unsub("A"))
	h.recvNothing()
}

func TestXPubWelcomeMsg(t *testing.T) {
	h := newHarness(t, options.XPUB, func(o *options.Options) { o.XPubWelcomeMsg = []byte("W") })
	a := h.connect(peerOpt{})
	defer closeAll(a)
	a.mustRecv("W")
	if handled, _ := h.impl.(OptionSetter).SetOption(Subscribe, []byte("x")); handled {
		t.Fatal("Subscribe on non-manual XPUB must be EINVAL")
	}
}

// An XSUB-XPUB chain: subscriptions and messages go through in both directions.
func TestXPubMultipartUpstream(t *testing.T) {
	h := newHarness(t, options.XPUB)
	a := h.connect(peerOpt{})
	defer closeAll(a)
	a.send("up", "stream")
	h.mustRecv("up", "stream")
}

func recvAll(h *harness) []string {
	var out []string
	for {
		m, err := h.recv()
		if err != nil {
			return out
		}
		out = append(out, m...)
	}
}

func flat(ms [][]string) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m...)
	}
	return out
}

// A subscriber that arrives in the middle of a multipart message must not get its tail.
func TestPubNewPipeMidMessage(t *testing.T) {
	h := newHarness(t, options.PUB)
	a := h.connect(peerOpt{toAll: true})
	if err := h.sendFrame("head", true); err != nil {
		t.Fatal(err)
	}
	b := h.connect(peerOpt{toAll: true})
	defer closeAll(a, b)
	if err := h.sendFrame("tail", false); err != nil {
		t.Fatal(err)
	}
	a.mustRecv("head", "tail")
	b.recvNothing()
	h.mustSend("next")
	a.mustRecv("next")
	b.mustRecv("next")
}

// XPUB_MANUAL: a subscriber that leaves before the application reads its subscription cannot
// become the target of Subscribe.
func TestXPubManualPipeGoneBeforeRead(t *testing.T) {
	h := newHarness(t, options.XPUB, func(o *options.Options) { o.XPubManual = true })
	a := h.connect(peerOpt{})
	a.send(sub("A"))
	a.close()
	h.mustRecv(sub("A"))
	setOpt(t, h, Subscribe, "A") // no last pipe: ignored
	h.mustRecv(unsub("A"))
	h.recvNothing()
	if h.impl.(*xpubSocket).subs.size() != 0 {
		t.Fatal("subscription recorded for a departed pipe")
	}
}

// Metadata of the subscriber travels with its notification.
func TestXPubNotificationMetadata(t *testing.T) {
	h := newHarness(t, options.XPUB)
	a := h.connect(peerOpt{})
	defer closeAll(a)
	var m msg.Msg
	m.Init([]byte(sub("t")), 0)
	md := msg.NewMetadata(map[string]string{"User-Id": "u"})
	m.SetMetadata(md)
	a.p.Write(&m)
	a.p.Flush()
	h.r.pump()
	var got msg.Msg
	if err := h.impl.Recv(&got); err != nil || got.Metadata() != md {
		t.Fatalf("recv %v, metadata %v", err, got.Metadata())
	}
}

// A SUB whose publisher leaves keeps receiving from the others.
func TestSubPublisherGone(t *testing.T) {
	h := newHarness(t, options.SUB)
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(b)
	setOpt(t, h, Subscribe, "")
	a.close()
	h.recvNothing() // reads a's delimiter: a's pipe goes
	if len(h.gone) != 1 {
		t.Fatal("a's pipe not terminated")
	}
	b.send("still here")
	h.mustRecv("still here")
}

// A frame PUB drops for lack of subscribers goes back to the body pool when it is the body's
// only holder, and not when the body came shared with other messages (received from another
// fan-out and sent on): those still read it.
func TestPubDropReleasesOnlyOwnBody(t *testing.T) {
	h := newHarness(t, options.PUB)
	const n = 3000
	for _, tc := range []struct {
		flags    msg.Flags
		returned bool
	}{{msg.Pooled | msg.Shared, false}, {msg.Pooled, true}} {
		body := msg.GetBody(n, nil)
		var m msg.Msg
		m.InitRef(body, tc.flags)
		if err := h.impl.Send(&m); err != nil {
			t.Fatal(err)
		}
		if m.Size() != 0 {
			t.Fatal("a dropped frame stayed in the Msg")
		}
		got := msg.TryGetBody(n)
		back := got != nil && &got[0] == &body[0]
		if back && !tc.returned {
			t.Fatalf("a body flagged %#x went back to the pool", tc.flags)
		}
		if got != nil {
			msg.PutBody(got)
		}
	}
}

// MaxSubscriptions caps what each subscriber makes a PUB hold: beyond the cap subscriptions
// are ignored, a topic already held may be subscribed again, a cancel makes room, and other
// subscribers have caps of their own.
func TestPubMaxSubscriptions(t *testing.T) {
	h := newHarness(t, options.PUB, func(o *options.Options) { o.MaxSubscriptions = 2 })
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a, b)
	a.send(sub("A"))
	a.send(sub("B"))
	a.send(sub("C")) // over the cap: ignored
	a.send(sub("A")) // held already: fine
	b.send(sub("C"))
	for _, m := range []string{"A1", "B1", "C1"} {
		h.mustSend(m)
	}
	a.mustRecv("A1")
	a.mustRecv("B1")
	a.recvNothing()
	b.mustRecv("C1")
	a.send(unsub("B"))
	a.send(sub("C"))
	h.mustSend("C2")
	a.mustRecv("C2")
	b.mustRecv("C2")
}

// An XPUB's application never sees a subscription over the cap; a cancel makes room.
func TestXPubMaxSubscriptions(t *testing.T) {
	for _, manual := range []bool{false, true} {
		h := newHarness(t, options.XPUB, func(o *options.Options) { o.MaxSubscriptions, o.XPubManual = 1, manual })
		a := h.connect(peerOpt{})
		a.send(sub("t"))
		a.send(sub("u"))
		h.mustRecv(sub("t"))
		h.recvNothing()
		a.send(unsub("t"))
		h.mustRecv(unsub("t"))
		a.send(sub("u"))
		h.mustRecv(sub("u"))
		closeAll(a)
	}
}
