//go:build (linux && zmq_poll) || darwin || dragonfly || freebsd || netbsd || openbsd

package poller

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestEdgeTriggeredUnsupported(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	a, _ := socketpair(t)
	h := mustAdd(t, p, a, &handler{})
	err := p.SetEdgeTriggered(h)
	if !errors.Is(err, ErrEdgeUnsupported) || !errors.Is(err, errors.ErrUnsupported) {
		t.Fatalf("SetEdgeTriggered = %v, want ErrEdgeUnsupported", err)
	}
	must(t, p.RemoveFd(h))
	if err := p.SetEdgeTriggered(h); !errors.Is(err, ErrBadHandle) {
		t.Fatalf("SetEdgeTriggered on a removed handle = %v, want ErrBadHandle", err)
	}
}

// checkSet verifies the poll set's invariants: one pollfd per live registration, each owned by
// the slot and generation whose pos points back at it.
func checkSet(t *testing.T, p *Poller) {
	t.Helper()
	b := &p.sys
	if len(b.fds) != p.Load() || len(b.owners) != len(b.fds) {
		t.Fatalf("%d pollfds, %d owners, Load %d", len(b.fds), len(b.owners), p.Load())
	}
	for i, o := range b.owners {
		e := p.handles.live(o.idx, o.gen)
		if e == nil || int(b.pos[o.idx]) != i || int(b.fds[i].Fd) != e.fd ||
			uint32(b.fds[i].Events) != e.events {
			t.Fatalf("pollfd %d (%+v, owner %+v) does not match its registration", i, b.fds[i], o)
		}
	}
}

// TestPollSetStaysDense adds and removes registrations in an order that moves pollfds around,
// checking after each step that every pollfd still belongs to its registration.
func TestPollSetStaysDense(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	var hs []Handle
	for range 8 {
		a, _ := socketpair(t)
		h := mustAdd(t, p, a, &handler{})
		must(t, p.SetPollIn(h))
		hs = append(hs, h)
		checkSet(t, p)
	}
	must(t, p.SetPollOut(hs[3]))
	for _, i := range []int{0, 7, 3, 4} { // first, last, middle twice
		must(t, p.RemoveFd(hs[i]))
		checkSet(t, p)
	}
	a, _ := socketpair(t)
	h := mustAdd(t, p, a, &handler{})
	must(t, p.SetPollOut(h))
	checkSet(t, p)
}

// TestClosedFdReportsError registers an fd, then breaks the contract by closing it before
// RemoveFd. poll(2) keeps reporting the number as POLLNVAL; the handler hears it as an error
// (InEvent) and can remove itself, instead of the loop spinning on an event nobody takes.
func TestClosedFdReportsError(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	var fds [2]int
	must(t, unix.Pipe(fds[:]))
	defer unix.Close(fds[1])
	h := &handler{}
	ph := mustAdd(t, p, fds[0], h)
	h.onIn = func() { must(t, p.RemoveFd(ph)) }
	must(t, unix.Close(fds[0]))
	waitFor(t, p, func() bool { return h.ins > 0 })
	must(t, p.Wait(0))
	if h.ins != 1 || p.Load() != 0 {
		t.Fatalf("InEvent %d times, Load %d; want 1, 0", h.ins, p.Load())
	}
}
