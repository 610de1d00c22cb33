package zmq_test

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestReqRepBounce(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	rep := testutil.Bound(t, c, zmq.REP, "inproc://rr")
	req := testutil.Connected(t, c, zmq.REQ, "inproc://rr")
	for range 3 {
		testutil.Bounce(t, req, rep)
	}
}

// A REQ's request reaches a ROUTER as [routing id, "", body...] and a reply routed back with
// the same envelope reaches the REQ as the bare body (RFC 28).
func TestReqEnvelopeAtRouter(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	router := testutil.Bound(t, c, zmq.ROUTER, "inproc://env")
	req := testutil.Connected(t, c, zmq.REQ, "inproc://env")
	testutil.Send(t, req, "ABC", "DEF")
	got := testutil.Recv(t, router)
	if len(got) != 4 || got[0] == "" || got[1] != "" || got[2] != "ABC" || got[3] != "DEF" {
		t.Fatalf("ROUTER received %q, want [id \"\" ABC DEF]", got)
	}
	testutil.Send(t, router, got[0], "", "GHI")
	testutil.ExpectRecv(t, req, "GHI")
}

// REQ -> ROUTER | DEALER -> REP, the broker loop driven by hand: the envelope survives both
// hops and each reply reaches the REQ that asked.
func TestReqRepThroughRouterDealer(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	front := testutil.Bound(t, c, zmq.ROUTER, "inproc://front")
	back := testutil.Bound(t, c, zmq.DEALER, "inproc://back")
	rep := testutil.Connected(t, c, zmq.REP, "inproc://back")
	reqs := []*zmq.Socket{testutil.Connected(t, c, zmq.REQ, "inproc://front"), testutil.Connected(t, c, zmq.REQ, "inproc://front")}
	for i, req := range reqs {
		testutil.Send(t, req, fmt.Sprint("request ", i))
	}
	for range reqs {
		msg := testutil.Recv(t, front)
		testutil.Send(t, back, msg...)
		body := testutil.Recv(t, rep)
		if len(body) != 1 {
			t.Fatalf("REP received %q, want one frame", body)
		}
		testutil.Send(t, rep, "reply to "+body[0])
		msg = testutil.Recv(t, back)
		if len(msg) != 3 || msg[1] != "" {
			t.Fatalf("DEALER received %q, want [id \"\" body]", msg)
		}
		testutil.Send(t, front, msg...)
	}
	for i, req := range reqs {
		testutil.ExpectRecv(t, req, fmt.Sprint("reply to request ", i))
	}
}

// REQ alternates strictly: Recv before Send and a second Send before the reply fail with
// ErrFSM (EFSM), and a failed call does not break the state machine.
func TestReqStrictStateMachine(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	rep := testutil.Bound(t, c, zmq.REP, "inproc://fsm")
	req := testutil.Connected(t, c, zmq.REQ, "inproc://fsm")
	_, err := req.Recv(zmq.DontWait)
	testutil.RequireIs(t, err, zmq.ErrFSM)
	testutil.Send(t, req, "one")
	testutil.RequireIs(t, req.Send([]byte("two"), zmq.DontWait), zmq.ErrFSM)
	testutil.RequireIs(t, req.Send([]byte("two"), 0), zmq.ErrFSM)
	testutil.ExpectRecv(t, rep, "one")
	testutil.Send(t, rep, "reply")
	testutil.ExpectRecv(t, req, "reply")
	testutil.Bounce(t, req, rep)
}

// REP may only send a reply to a request it received.
func TestRepStrictStateMachine(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	rep := testutil.Bound(t, c, zmq.REP, "inproc://repfsm")
	req := testutil.Connected(t, c, zmq.REQ, "inproc://repfsm")
	testutil.RequireIs(t, rep.Send([]byte("unasked"), zmq.DontWait), zmq.ErrFSM, syscall.Errno(156384763))
	testutil.Send(t, req, "q")
	testutil.ExpectRecv(t, rep, "q")
	_, err := rep.Recv(zmq.DontWait)
	testutil.RequireIs(t, err, zmq.ErrFSM)
	testutil.Send(t, rep, "a")
	testutil.ExpectRecv(t, req, "a")
}

// A DEALER talks to a REP by adding the empty delimiter itself.
func TestDealerToRep(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	rep := testutil.Bound(t, c, zmq.REP, "inproc://dr")
	dealer := testutil.Connected(t, c, zmq.DEALER, "inproc://dr")
	testutil.Send(t, dealer, "", "hello")
	testutil.ExpectRecv(t, rep, "hello")
	testutil.Send(t, rep, "world")
	testutil.ExpectRecv(t, dealer, "", "world")
}

// With REQ_CORRELATE a reply carrying the wrong request id is dropped; the right one arrives
// (libzmq test_req_correlate).
func TestReqCorrelate(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	router := testutil.Bound(t, c, zmq.ROUTER, "inproc://corr")
	req := testutil.NewSocket(t, c, zmq.REQ)
	testutil.Must(t, req.SetReqCorrelate(true), "SetReqCorrelate")
	testutil.Must(t, req.Connect("inproc://corr"), "Connect")
	testutil.Send(t, req, "ABC", "DEF")
	got := testutil.Recv(t, router)
	if len(got) != 5 || len(got[1]) != 4 || got[2] != "" || got[3] != "ABC" || got[4] != "DEF" {
		t.Fatalf("ROUTER received %q, want [id reqid(4 bytes) \"\" ABC DEF]", got)
	}
	id, reqID := got[0], got[1]
	bad := []byte(reqID)
	bad[0]++
	testutil.Send(t, router, id, string(bad), "", "BAD")
	testutil.Send(t, router, id, reqID, "", "GHI")
	testutil.ExpectRecv(t, req, "GHI")
}

// With REQ_RELAXED (and REQ_CORRELATE) a new request may go out before the reply; the late
// reply to the first request is ignored and the second one's reply is received (libzmq
// test_req_relaxed).
func TestReqRelaxed(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	router := testutil.Bound(t, c, zmq.ROUTER, "inproc://relaxed")
	req := testutil.NewSocket(t, c, zmq.REQ)
	testutil.Must(t, req.SetReqRelaxed(true), "SetReqRelaxed")
	testutil.Must(t, req.SetReqCorrelate(true), "SetReqCorrelate")
	testutil.Must(t, req.Connect("inproc://relaxed"), "Connect")
	testutil.Send(t, req, "A")
	first := testutil.Recv(t, router)
	testutil.Send(t, req, "B")
	second := testutil.Recv(t, router)
	if len(first) != 4 || len(second) != 4 || first[3] != "A" || second[3] != "B" {
		t.Fatalf("ROUTER received %q and %q, want [id reqid \"\" A] and [id reqid \"\" B]", first, second)
	}
	testutil.Send(t, router, first[0], first[1], "", "reply A")
	testutil.Send(t, router, second[0], second[1], "", "reply B")
	testutil.ExpectRecv(t, req, "reply B")
	// Back in step: a third request and its reply.
	testutil.Send(t, req, "C")
	third := testutil.Recv(t, router)
	testutil.Send(t, router, third[0], third[1], "", "reply C")
	testutil.ExpectRecv(t, req, "reply C")
}

// Without REQ_RELAXED the second send is refused even with correlation on.
func TestReqNotRelaxedByDefault(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	_ = testutil.Bound(t, c, zmq.ROUTER, "inproc://strict")
	req := testutil.NewSocket(t, c, zmq.REQ)
	testutil.Must(t, req.SetReqCorrelate(true), "SetReqCorrelate")
	testutil.Must(t, req.Connect("inproc://strict"), "Connect")
	testutil.Send(t, req, "A")
	testutil.RequireIs(t, req.Send([]byte("B"), zmq.DontWait), zmq.ErrFSM)
}

// REP fair-queues requests from several REQs and routes each reply to its requester.
func TestRepServesManyReqs(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	rep := testutil.Bound(t, c, zmq.REP, "inproc://many")
	var reqs []*zmq.Socket
	for i := range 4 {
		req := testutil.Connected(t, c, zmq.REQ, "inproc://many")
		testutil.Send(t, req, fmt.Sprint(i))
		reqs = append(reqs, req)
	}
	for range reqs {
		q := testutil.Recv(t, rep)
		testutil.Send(t, rep, "echo "+q[0])
	}
	for i, req := range reqs {
		testutil.ExpectRecv(t, req, fmt.Sprint("echo ", i))
	}
}
