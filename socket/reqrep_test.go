package socket

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/options"
)

// RFC 28 / test_spec_req: REQ prepends the empty delimiter and round-robins requests.
func TestReqEnvelopeAndRoundRobin(t *testing.T) {
	h := newHarness(t, options.REQ)
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a, b)
	h.mustSend("r1", "part")
	a.mustRecv("", "r1", "part")
	a.send("", "reply1")
	h.mustRecv("reply1")
	h.mustSend("r2")
	b.mustRecv("", "r2")
	b.send("", "reply2")
	h.mustRecv("reply2")
}

// Strict alternation: EFSM on send-send and on recv before send.
func TestReqFSM(t *testing.T) {
	h := newHarness(t, options.REQ)
	a := h.connect(peerOpt{})
	defer closeAll(a)
	if _, err := h.recv(); !errors.Is(err, zerr.ErrFSM) {
		t.Fatalf("recv first = %v", err)
	}
	h.mustSend("q")
	if err := h.send("q2"); !errors.Is(err, zerr.ErrFSM) || h.impl.HasOut() {
		t.Fatalf("second send = %v", err)
	}
	h.recvNothing()
	if h.impl.HasIn() {
		t.Fatal("HasIn before a reply")
	}
	a.recv()
	a.send("", "ok")
	if !h.impl.HasIn() {
		t.Fatal("HasIn with a reply")
	}
	h.mustRecv("ok")
	if _, err := h.recv(); !errors.Is(err, zerr.ErrFSM) {
		t.Fatalf("recv after reply = %v", err)
	}
}

// A reply without the delimiter, or from another peer, is dropped (test_spec_req).
func TestReqDropsBadReplies(t *testing.T) {
	h := newHarness(t, options.REQ)
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a, b)
	h.mustSend("q")
	a.recv()
	b.send("", "not-asked")
	a.send("no-delimiter")
	a.send("x", "", "bad-envelope")
	h.recvNothing()
	a.send("", "good")
	h.mustRecv("good")
}

// REQ_CORRELATE: a 4-byte request id in host order before the delimiter, checked on replies.
func TestReqCorrelate(t *testing.T) {
	h := newHarness(t, options.REQ, func(o *options.Options) { o.ReqCorrelate, o.ReqRelaxed = true, true })
	a := h.connect(peerOpt{})
	defer closeAll(a)
	h.mustSend("q1")
	req1 := a.recv()
	if len(req1) != 3 || len(req1[0]) != 4 || req1[1] != "" || req1[2] != "q1" {
		t.Fatalf("request = %q", req1)
	}
	id1 := binary.NativeEndian.Uint32([]byte(req1[0]))
	// Relaxed: a new request before the reply; the old reply must then be ignored.
	h.mustSend("q2")
	req2 := a.recv()
	if id2 := binary.NativeEndian.Uint32([]byte(req2[0])); id2 != id1+1 {
		t.Fatalf("request ids %d then %d", id1, id2)
	}
	a.send(req1[0], "", "old")
	a.send(req2[0], "", "new")
	h.mustRecv("new")
}

// REQ_RELAXED without correlation: a new request is allowed, replies already waiting are
// dropped.
func TestReqRelaxed(t *testing.T) {
	h := newHarness(t, options.REQ, func(o *options.Options) { o.ReqRelaxed = true })
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a, b)
	h.mustSend("q1")
	a.recv()
	a.send("", "late")
	if !h.impl.HasOut() {
		t.Fatal("relaxed REQ must be writable while a reply is due")
	}
	h.mustSend("q2") // to b; a's waiting reply is drained
	b.mustRecv("", "q2")
	a.send("", "later") // from the wrong pipe: ignored
	b.send("", "answer")
	h.mustRecv("answer")
}

// The reply pipe went away: the REQ accepts a reply from any pipe (libzmq resets reply_pipe).
func TestReqReplyPipeGone(t *testing.T) {
	h := newHarness(t, options.REQ)
	a := h.connect(peerOpt{})
	h.mustSend("q")
	a.close()
	h.recvNothing()
	if err := h.send("again"); !errors.Is(err, zerr.ErrFSM) {
		t.Fatalf("strict REQ still waits: %v", err)
	}
}

// RFC 28 / test_spec_rep: REP strips the envelope, keeps it for the reply, alternates strictly.
func TestRepEnvelope(t *testing.T) {
	h := newHarness(t, options.REP)
	a := h.connect(peerOpt{preID: []byte{}})
	b := h.connect(peerOpt{preID: []byte{}})
	defer closeAll(a, b)
	if err := h.send("x"); !errors.Is(err, zerr.ErrFSM) || h.impl.HasOut() {
		t.Fatalf("send first = %v", err)
	}
	a.send("hop1", "hop2", "", "req", "body")
	b.send("", "reqb")
	h.mustRecv("req", "body")
	if _, err := h.recv(); !errors.Is(err, zerr.ErrFSM) || h.impl.HasIn() {
		t.Fatalf("recv twice = %v", err)
	}
	h.mustSend("rep", "more")
	a.mustRecv("hop1", "hop2", "", "rep", "more")
	h.mustRecv("reqb")
	h.mustSend("repb")
	b.mustRecv("", "repb")
	b.recvNothing()
}

// A request with no delimiter is dropped whole; the next good one is served.
func TestRepMalformedRequest(t *testing.T) {
	h := newHarness(t, options.REP)
	a := h.connect(peerOpt{preID: []byte{}})
	defer closeAll(a)
	a.send("label", "no-delimiter")
	a.send("", "good")
	h.mustRecv("good")
	h.mustSend("ok")
	a.mustRecv("", "ok")
	a.recvNothing()
}

// The requester left before the reply: the reply is dropped, REP goes on.
func TestRepRequesterGone(t *testing.T) {
	h := newHarness(t, options.REP)
	a := h.connect(peerOpt{preID: []byte{}})
	b := h.connect(peerOpt{preID: []byte{}})
	defer closeAll(b)
	a.send("", "q")
	h.mustRecv("q")
	a.close()
	h.mustSend("lost")
	b.send("", "q2")
	h.mustRecv("q2")
	h.mustSend("r2")
	b.mustRecv("", "r2")
}

// RFC 28 / test_spec_dealer: DEALER round-robins out, fair-queues in, no envelope.
func TestDealer(t *testing.T) {
	h := newHarness(t, options.DEALER)
	a, b := h.connect(peerOpt{}), h.connect(peerOpt{})
	defer closeAll(a, b)
	h.mustSend("1", "x")
	h.mustSend("2")
	a.mustRecv("1", "x")
	b.mustRecv("2")
	a.send("fromA")
	b.send("fromB")
	got := recvAll(h)
	if len(got) != 2 {
		t.Fatalf("got %q", got)
	}
}

// DEALER blocks (EAGAIN) at the HWM rather than dropping.
func TestDealerHWM(t *testing.T) {
	h := newHarness(t, options.DEALER, func(o *options.Options) { o.SndHWM = 3 })
	a := h.connect(peerOpt{})
	defer closeAll(a)
	for i := 0; i < 3; i++ {
		h.mustSend("m")
	}
	if err := h.send("m"); !errors.Is(err, zerr.ErrAgain) {
		t.Fatalf("send at HWM = %v", err)
	}
	if err := h.send("a", "b"); !errors.Is(err, zerr.ErrAgain) {
		t.Fatalf("multipart at HWM = %v", err)
	}
	a.recv()
	a.recv()
	h.mustSend("a", "b")
	a.recv()
	a.mustRecv("a", "b")
}

func TestDealerProbeRouter(t *testing.T) {
	h := newHarness(t, options.DEALER, func(o *options.Options) { o.ProbeRouter = true })
	a := h.connect(peerOpt{})
	defer closeAll(a)
	a.mustRecv("")
}
