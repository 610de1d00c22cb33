package zmq_test

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
)

func TestReqRepBounce(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	rep := bound(t, c, zmq.REP, "inproc://rr")
	req := connected(t, c, zmq.REQ, "inproc://rr")
	for range 3 {
		bounce(t, req, rep)
	}
}

// A REQ's request reaches a ROUTER as [routing id, "", body...] and a reply routed back with
// the same envelope reaches the REQ as the bare body (RFC 28).
func TestReqEnvelopeAtRouter(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	router := bound(t, c, zmq.ROUTER, "inproc://env")
	req := connected(t, c, zmq.REQ, "inproc://env")
	send(t, req, "ABC", "DEF")
	got := recv(t, router)
	if len(got) != 4 || got[0] == "" || got[1] != "" || got[2] != "ABC" || got[3] != "DEF" {
		t.Fatalf("ROUTER received %q, want [id \"\" ABC DEF]", got)
	}
	send(t, router, got[0], "", "GHI")
	expectRecv(t, req, "GHI")
}

// REQ -> ROUTER | DEALER -> REP, the broker loop driven by hand: the envelope survives both
// hops and each reply reaches the REQ that asked.
func TestReqRepThroughRouterDealer(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	front := bound(t, c, zmq.ROUTER, "inproc://front")
	back := bound(t, c, zmq.DEALER, "inproc://back")
	rep := connected(t, c, zmq.REP, "inproc://back")
	reqs := []*zmq.Socket{connected(t, c, zmq.REQ, "inproc://front"), connected(t, c, zmq.REQ, "inproc://front")}
	for i, req := range reqs {
		send(t, req, fmt.Sprint("request ", i))
	}
	for range reqs {
		msg := recv(t, front)
		send(t, back, msg...)
		body := recv(t, rep)
		if len(body) != 1 {
			t.Fatalf("REP received %q, want one frame", body)
		}
		send(t, rep, "reply to "+body[0])
		msg = recv(t, back)
		if len(msg) != 3 || msg[1] != "" {
			t.Fatalf("DEALER received %q, want [id \"\" body]", msg)
		}
		send(t, front, msg...)
	}
	for i, req := range reqs {
		expectRecv(t, req, fmt.Sprint("reply to request ", i))
	}
}

// REQ alternates strictly: Recv before Send and a second Send before the reply fail with
// ErrFSM (EFSM), and a failed call does not break the state machine.
func TestReqStrictStateMachine(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	rep := bound(t, c, zmq.REP, "inproc://fsm")
	req := connected(t, c, zmq.REQ, "inproc://fsm")
	_, err := req.Recv(zmq.DontWait)
	requireIs(t, err, zmq.ErrFSM)
	send(t, req, "one")
	requireIs(t, req.Send([]byte("two"), zmq.DontWait), zmq.ErrFSM)
	requireIs(t, req.Send([]byte("two"), 0), zmq.ErrFSM)
	expectRecv(t, rep, "one")
	send(t, rep, "reply")
	expectRecv(t, req, "reply")
	bounce(t, req, rep)
}

// REP may only send a reply to a request it received.
func TestRepStrictStateMachine(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	rep := bound(t, c, zmq.REP, "inproc://repfsm")
	req := connected(t, c, zmq.REQ, "inproc://repfsm")
	requireIs(t, rep.Send([]byte("unasked"), zmq.DontWait), zmq.ErrFSM, syscall.Errno(156384763))
	send(t, req, "q")
	expectRecv(t, rep, "q")
	_, err := rep.Recv(zmq.DontWait)
	requireIs(t, err, zmq.ErrFSM)
	send(t, rep, "a")
	expectRecv(t, req, "a")
}

// A DEALER talks to a REP by adding the empty delimiter itself.
func TestDealerToRep(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	rep := bound(t, c, zmq.REP, "inproc://dr")
	dealer := connected(t, c, zmq.DEALER, "inproc://dr")
	send(t, dealer, "", "hello")
	expectRecv(t, rep, "hello")
	send(t, rep, "world")
	expectRecv(t, dealer, "", "world")
}

// With REQ_CORRELATE a reply carrying the wrong request id is dropped; the right one arrives
// (libzmq test_req_correlate).
func TestReqCorrelate(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	router := bound(t, c, zmq.ROUTER, "inproc://corr")
	req := newSocket(t, c, zmq.REQ)
	must(t, req.SetReqCorrelate(true), "SetReqCorrelate")
	must(t, req.Connect("inproc://corr"), "Connect")
	send(t, req, "ABC", "DEF")
	got := recv(t, router)
	if len(got) != 5 || len(got[1]) != 4 || got[2] != "" || got[3] != "ABC" || got[4] != "DEF" {
		t.Fatalf("ROUTER received %q, want [id reqid(4 bytes) \"\" ABC DEF]", got)
	}
	id, reqID := got[0], got[1]
	bad := []byte(reqID)
	bad[0]++
	send(t, router, id, string(bad), "", "BAD")
	send(t, router, id, reqID, "", "GHI")
	expectRecv(t, req, "GHI")
}

// With REQ_RELAXED (and REQ_CORRELATE) a new request may go out before the reply; the late
// reply to the first request is ignored and the second one's reply is received (libzmq
// test_req_relaxed).
func TestReqRelaxed(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	router := bound(t, c, zmq.ROUTER, "inproc://relaxed")
	req := newSocket(t, c, zmq.REQ)
	must(t, req.SetReqRelaxed(true), "SetReqRelaxed")
	must(t, req.SetReqCorrelate(true), "SetReqCorrelate")
	must(t, req.Connect("inproc://relaxed"), "Connect")
	send(t, req, "A")
	first := recv(t, router)
	send(t, req, "B")
	second := recv(t, router)
	if len(first) != 4 || len(second) != 4 || first[3] != "A" || second[3] != "B" {
		t.Fatalf("ROUTER received %q and %q, want [id reqid \"\" A] and [id reqid \"\" B]", first, second)
	}
	send(t, router, first[0], first[1], "", "reply A")
	send(t, router, second[0], second[1], "", "reply B")
	expectRecv(t, req, "reply B")
	// Back in step: a third request and its reply.
	send(t, req, "C")
	third := recv(t, router)
	send(t, router, third[0], third[1], "", "reply C")
	expectRecv(t, req, "reply C")
}

// Without REQ_RELAXED the second send is refused even with correlation on.
func TestReqNotRelaxedByDefault(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	_ = bound(t, c, zmq.ROUTER, "inproc://strict")
	req := newSocket(t, c, zmq.REQ)
	must(t, req.SetReqCorrelate(true), "SetReqCorrelate")
	must(t, req.Connect("inproc://strict"), "Connect")
	send(t, req, "A")
	requireIs(t, req.Send([]byte("B"), zmq.DontWait), zmq.ErrFSM)
}

// REP fair-queues requests from several REQs and routes each reply to its requester.
func TestRepServesManyReqs(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	rep := bound(t, c, zmq.REP, "inproc://many")
	var reqs []*zmq.Socket
	for i := range 4 {
		req := connected(t, c, zmq.REQ, "inproc://many")
		send(t, req, fmt.Sprint(i))
		reqs = append(reqs, req)
	}
	for range reqs {
		q := recv(t, rep)
		send(t, rep, "echo "+q[0])
	}
	for i, req := range reqs {
		expectRecv(t, req, fmt.Sprint("echo ", i))
	}
}
