package socket

import (
	"errors"
	"testing"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/options"
)

// RFC 30 / test_spec_pushpull: PUSH round-robins over its peers.
func TestPushRoundRobin(t *testing.T) {
	h := newHarness(t, options.PUSH)
	ps := h.peers(3)
	defer closeAll(ps...)
	for i := 0; i < 6; i++ {
		h.mustSend(string(rune('a' + i)))
	}
	for i, q := range ps {
		q.mustRecv(string(rune('a' + i)))
		q.mustRecv(string(rune('a' + i + 3)))
		q.recvNothing()
	}
}

// Every frame of a multipart message goes to the pipe its first frame took.
func TestPushMultipartStaysOnOnePipe(t *testing.T) {
	h := newHarness(t, options.PUSH)
	ps := h.peers(2)
	defer closeAll(ps...)
	h.mustSend("1", "2", "3")
	h.mustSend("x")
	ps[0].mustRecv("1", "2", "3")
	ps[1].mustRecv("x")
}

// PUSH skips a full peer and reports EAGAIN when all are full (test_hwm); the peer that read
// enough comes back after activate_write.
func TestPushHWM(t *testing.T) {
	h := newHarness(t, options.PUSH, func(o *options.Options) { o.SndHWM, o.RcvHWM = 2, 2 })
	a := h.connect(peerOpt{})
	b := h.connect(peerOpt{sndHWM: 1})
	defer closeAll(a, b)
	sent := 0
	for h.send("m") == nil {
		sent++
		if sent > 10 {
			t.Fatal("HWM not enforced")
		}
	}
	if sent != 3 {
		t.Fatalf("sent %d, want 2+1", sent)
	}
	if err := h.send("m"); !errors.Is(err, zerr.ErrAgain) || h.impl.HasOut() {
		t.Fatalf("send at HWM = %v, HasOut %v", err, h.impl.HasOut())
	}
	// b reads its one message: LWM for HWM 1 is 1, so it reports at once.
	b.mustRecv("m")
	if !h.impl.HasOut() {
		t.Fatal("HasOut after the reader caught up")
	}
	h.mustSend("n")
	b.mustRecv("n")
}

// A pipe that dies in the middle of a multipart message: once it refuses a frame the socket
// returns ErrAgainDropped (lb_t's -2) and swallows the rest of the message; the next message
// goes to another peer.
func TestPushPeerDiesMidMessage(t *testing.T) {
	h := newHarness(t, options.PUSH)
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a)
	h.mustSend("1")
	a.mustRecv("1")
	if err := sendNoPump(h, "p", true); err != nil { // goes to b
		t.Fatal(err)
	}
	b.p.Terminate(false)
	h.r.step() // the socket's end sees pipe_term: it stops writing, PipeTerminated not yet
	if err := sendNoPump(h, "q", true); err != ErrAgainDropped || !errors.Is(err, zerr.ErrAgain) {
		t.Fatalf("frame to a dying pipe = %v", err)
	}
	if err := sendNoPump(h, "r", false); err != nil {
		t.Fatalf("swallowed last frame = %v", err)
	}
	h.r.pump()
	if !b.gone || len(h.gone) != 1 {
		t.Fatal("b not terminated")
	}
	h.mustSend("next")
	a.mustRecv("next")
	a.recvNothing()
}

// Same, but the pipe is already gone when the next frame comes: that frame and the rest of the
// message are swallowed silently.
func TestPushPeerGoneMidMessage(t *testing.T) {
	h := newHarness(t, options.PUSH)
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a)
	h.mustSend("1")
	if err := h.sendFrame("p", true); err != nil {
		t.Fatal(err)
	}
	b.close()
	if err := h.sendFrame("q", true); err != nil {
		t.Fatal(err)
	}
	if err := h.sendFrame("r", false); err != nil {
		t.Fatal(err)
	}
	h.mustSend("next")
	a.mustRecv("1")
	a.mustRecv("next")
	a.recvNothing()
}

func TestPushRecvNotSupported(t *testing.T) {
	h := newHarness(t, options.PUSH)
	if _, err := h.recv(); !errors.Is(err, zerr.ErrNotSupported) || h.impl.HasIn() {
		t.Fatalf("recv = %v", err)
	}
	if err := h.send("x"); !errors.Is(err, zerr.ErrAgain) {
		t.Fatalf("send without peers = %v", err)
	}
}

// RFC 30 / test_spec_pushpull: PULL fair-queues, one message per peer per turn.
func TestPullFairQueue(t *testing.T) {
	h := newHarness(t, options.PULL)
	ps := h.peers(3)
	defer closeAll(ps...)
	for i, q := range ps {
		q.send(string(rune('a'+i)), "1")
		q.send(string(rune('a'+i)), "2")
	}
	got := map[string]int{}
	var order []string
	for i := 0; i < 6; i++ {
		m, err := h.recv()
		if err != nil {
			t.Fatal(err)
		}
		order = append(order, m[0]+m[1])
		got[m[0]]++
	}
	// Each peer delivers once before any delivers twice.
	for i := 0; i < 3; i++ {
		if order[i][1] != '1' || order[i+3][1] != '2' {
			t.Fatalf("not fair: %q", order)
		}
	}
	h.recvNothing()
	if h.impl.HasIn() {
		t.Fatal("HasIn on empty")
	}
	ps[1].send("late")
	if !h.impl.HasIn() {
		t.Fatal("HasIn after ReadActivated")
	}
	h.mustRecv("late")
}

func TestPullSendNotSupported(t *testing.T) {
	h := newHarness(t, options.PULL)
	if err := h.send("x"); !errors.Is(err, zerr.ErrNotSupported) || h.impl.HasOut() {
		t.Fatalf("send = %v", err)
	}
}

func TestPullPeerGoneKeepsOthers(t *testing.T) {
	h := newHarness(t, options.PULL)
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(b)
	a.send("from-a")
	a.close()
	b.send("from-b")
	// a's message was sent before it went: it is still delivered (delay on the socket side).
	var got []string
	for {
		m, err := h.recv()
		if err != nil {
			break
		}
		got = append(got, m[0])
	}
	if len(got) < 1 || got[len(got)-1] != "from-b" {
		t.Fatalf("got %q", got)
	}
	if len(h.gone) != 1 || h.gone[0] != a.own {
		t.Fatalf("PipeTerminated for %v", h.gone)
	}
}
