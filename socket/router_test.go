package socket

import (
	"errors"
	"testing"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// recvID receives one message at the ROUTER and returns its routing id and the rest.
func recvID(t *testing.T, h *harness) (string, []string) {
	t.Helper()
	m, err := h.recv()
	if err != nil || len(m) < 2 {
		t.Fatalf("router recv = %q, %v", m, err)
	}
	return m[0], m[1:]
}

func TestRouterIdentities(t *testing.T) {
	h := newHarness(t, options.ROUTER, func(o *options.Options) { o.ConnectRID = []byte("crid") })
	named := h.connect(peerOpt{preID: []byte("peerA")})
	anon := h.connect(peerOpt{preID: []byte{}})
	preset := h.connect(peerOpt{presetRID: []byte("preset")})
	connected := h.connect(peerOpt{local: true, preID: []byte("ignored")})
	late := h.connect(peerOpt{}) // its id has not arrived yet
	defer closeAll(named, anon, preset, connected, late)

	named.send("a")
	if id, body := recvID(t, h); id != "peerA" || body[0] != "a" {
		t.Fatalf("named: %q %q", id, body)
	}
	anon.send("b")
	id, _ := recvID(t, h)
	if len(id) != 5 || id[0] != 0 {
		t.Fatalf("automatic id %x", id)
	}
	anonID := id
	preset.send("c")
	if id, _ := recvID(t, h); id != "preset" {
		t.Fatalf("preset id %q", id)
	}
	// CONNECT_ROUTING_ID names the connect's pipe and is used up; the peer's announced id is
	// then just an ordinary first message, dropped as a routing-id message.
	connected.send("d")
	if id, body := recvID(t, h); id != "crid" || body[0] != "d" {
		t.Fatalf("connect rid: %q %q", id, body)
	}
	if len(h.opts.ConnectRID) != 0 {
		t.Fatal("CONNECT_ROUTING_ID not consumed")
	}
	// A late identity: the pipe stays anonymous until it arrives.
	late.sendFlags("lateID", msg.RoutingID)
	late.send("e")
	if id, _ := recvID(t, h); id != "lateID" {
		t.Fatalf("late id %q", id)
	}
	// Replies are routed by the first frame.
	h.mustSend("peerA", "r1")
	h.mustSend(anonID, "r2")
	h.mustSend("lateID", "r3", "r3b")
	named.mustRecv("r1")
	anon.mustRecv("r2")
	late.mustRecv("r3", "r3b")
	// A reconnected peer's routing-id message is skipped.
	named.sendFlags("peerA", msg.RoutingID)
	named.send("f")
	if id, body := recvID(t, h); id != "peerA" || body[0] != "f" {
		t.Fatalf("after re-identify: %q %q", id, body)
	}
}

// Unknown routing id: dropped silently, or EHOSTUNREACH with ROUTER_MANDATORY.
func TestRouterMandatory(t *testing.T) {
	h := newHarness(t, options.ROUTER)
	a := h.connect(peerOpt{preID: []byte("A"), sndHWM: 2})
	defer closeAll(a)
	h.mustSend("nobody", "x")
	h.mustSend("lonely-id-without-body")
	h.mustSend("A", "ok")
	a.mustRecv("ok")
	a.recvNothing()

	h.opts.RouterMandatory = true
	if err := h.send("nobody", "x"); !errors.Is(err, zerr.ErrHostUnreachable) {
		t.Fatalf("mandatory unknown id = %v", err)
	}
	h.mustSend("A", "1")
	h.mustSend("A", "2")
	if h.impl.HasOut() {
		t.Fatal("HasOut with every pipe full under MANDATORY")
	}
	if err := h.send("A", "3"); !errors.Is(err, zerr.ErrAgain) {
		t.Fatalf("mandatory full pipe = %v", err)
	}
	// Without MANDATORY the same message is dropped.
	h.opts.RouterMandatory = false
	h.mustSend("A", "dropped")
	a.mustRecv("1")
	a.mustRecv("2")
	a.recvNothing()
}

// A second peer with an id in use is ignored, unless ROUTER_HANDOVER.
func TestRouterDuplicateAndHandover(t *testing.T) {
	h := newHarness(t, options.ROUTER)
	first := h.connect(peerOpt{preID: []byte("X")})
	dup := h.connect(peerOpt{preID: []byte("X")})
	dup.send("from-dup")
	h.recvNothing()
	h.mustSend("X", "to-first")
	first.mustRecv("to-first")
	dup.recvNothing()

	h.opts.RouterHandover = true
	second := h.connect(peerOpt{preID: []byte("X")})
	defer closeAll(dup, second)
	h.mustSend("X", "to-second")
	second.mustRecv("to-second")
	first.recvNothing() // reads up to the delimiter, as a session does
	if !first.gone {
		t.Fatal("handed-over pipe must be terminated")
	}
}

// Handover while the old pipe's message is being read: it ends after that message.
func TestRouterHandoverDuringRead(t *testing.T) {
	h := newHarness(t, options.ROUTER, func(o *options.Options) { o.RouterHandover = true })
	first := h.connect(peerOpt{preID: []byte("X")})
	first.send("a", "b")
	var m msg.Msg
	if err := h.impl.Recv(&m); err != nil || string(m.Bytes()) != "X" {
		t.Fatalf("id frame %q %v", m.Bytes(), err)
	}
	second := h.connect(peerOpt{preID: []byte("X")})
	defer closeAll(second)
	if first.gone {
		t.Fatal("terminated in the middle of a message")
	}
	h.mustRecv("a", "b")
	first.recvNothing()
	if !first.gone {
		t.Fatal("not terminated after its message")
	}
}

func TestRouterProbe(t *testing.T) {
	h := newHarness(t, options.ROUTER, func(o *options.Options) { o.ProbeRouter = true })
	a := h.connect(peerOpt{preID: []byte{}})
	defer closeAll(a)
	a.mustRecv("")
}

// HasIn prefetches; Recv then hands out the id first.
func TestRouterHasIn(t *testing.T) {
	h := newHarness(t, options.ROUTER)
	a := h.connect(peerOpt{preID: []byte("A")})
	defer closeAll(a)
	if h.impl.HasIn() {
		t.Fatal("HasIn on nothing")
	}
	a.send("x", "y")
	for range 2 { // the second call finds the prefetched message
		if !h.impl.HasIn() {
			t.Fatal("HasIn")
		}
	}
	h.mustRecv("A", "x", "y")
	if !h.impl.HasOut() {
		t.Fatal("ROUTER HasOut")
	}
}

// A peer that leaves in the middle of a reply: the rest is dropped, nothing breaks.
func TestRouterPeerGoneMidSend(t *testing.T) {
	h := newHarness(t, options.ROUTER)
	a := h.connect(peerOpt{preID: []byte("A")})
	b := h.connect(peerOpt{preID: []byte("B")})
	defer closeAll(b)
	if err := h.sendFrame("A", true); err != nil {
		t.Fatal(err)
	}
	if err := h.sendFrame("part", true); err != nil {
		t.Fatal(err)
	}
	a.close()
	if err := h.sendFrame("end", false); err != nil {
		t.Fatal(err)
	}
	h.mustSend("B", "fine")
	b.mustRecv("fine")
}

// RFC 31: PAIR talks to one peer; a second connection is refused.
func TestPair(t *testing.T) {
	h := newHarness(t, options.PAIR)
	if err := h.send("x"); !errors.Is(err, zerr.ErrAgain) || h.impl.HasOut() || h.impl.HasIn() {
		t.Fatalf("send without peer = %v", err)
	}
	a := h.connect(peerOpt{})
	b := h.connect(peerOpt{})
	defer closeAll(a)
	b.recvNothing()
	if !b.gone {
		t.Fatal("second peer must be refused")
	}
	h.mustSend("hello", "world")
	a.mustRecv("hello", "world")
	a.send("back")
	if !h.impl.HasIn() {
		t.Fatal("HasIn")
	}
	h.mustRecv("back")
	h.recvNothing()
	a.close()
	if err := h.send("x"); !errors.Is(err, zerr.ErrAgain) {
		t.Fatalf("send after peer left = %v", err)
	}
	// As in libzmq, the socket's end goes once the application reads up to the delimiter.
	h.recvNothing()
	c := h.connect(peerOpt{})
	defer closeAll(c)
	h.mustSend("again")
	c.mustRecv("again")
}

func TestPairHWM(t *testing.T) {
	h := newHarness(t, options.PAIR, func(o *options.Options) { o.SndHWM = 1 })
	a := h.connect(peerOpt{})
	defer closeAll(a)
	h.mustSend("1")
	if err := h.send("2"); !errors.Is(err, zerr.ErrAgain) {
		t.Fatalf("send at HWM = %v", err)
	}
	a.mustRecv("1")
	h.mustSend("2")
}

// STREAM: id + payload; zero-length payload from the app closes; notifications pass through.
func TestStream(t *testing.T) {
	h := newHarness(t, options.STREAM, func(o *options.Options) { o.ConnectRID = []byte("mine") })
	a := h.connect(peerOpt{})
	if len(h.opts.RoutingID) != 5 || h.opts.RoutingID[0] != 0 {
		t.Fatalf("ROUTING_ID after connect = %x", h.opts.RoutingID)
	}
	aID := string(h.opts.RoutingID)
	b := h.connect(peerOpt{local: true})
	defer closeAll(b)
	a.send("") // connect notification from the engine
	if id, body := recvID(t, h); id != aID || body[0] != "" {
		t.Fatalf("notification %q %q", id, body)
	}
	b.send("raw bytes")
	if !h.impl.HasIn() {
		t.Fatal("HasIn")
	}
	if id, body := recvID(t, h); id != "mine" || body[0] != "raw bytes" {
		t.Fatalf("data %q %q", id, body)
	}
	h.mustSend("mine", "out")
	b.mustRecv("out")
	if err := h.send("unknown", "x"); !errors.Is(err, zerr.ErrHostUnreachable) {
		t.Fatalf("unknown id = %v", err)
	}
	h.mustSend(aID, "") // close a
	a.recvNothing()
	if !a.gone {
		t.Fatal("zero-length payload must close the connection")
	}
	if !h.impl.HasOut() {
		t.Fatal("STREAM HasOut")
	}
}

func TestNewInvalidType(t *testing.T) {
	o := options.Defaults(options.PAIR)
	if _, err := New(options.Type(42), &o); !errors.Is(err, zerr.ErrInvalid) {
		t.Fatal(err)
	}
}
