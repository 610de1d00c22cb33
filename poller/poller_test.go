package poller

import (
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// waitFor runs Wait until cond holds, failing after a deadline.
func waitFor(t *testing.T, p *Poller, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached before the deadline")
		}
		must(t, p.Wait(10*time.Millisecond))
	}
}

func TestSocketpairInOut(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	a, b := socketpair(t)
	h := &handler{}
	ha := mustAdd(t, p, a, h)

	must(t, p.Wait(0)) // registered with no events: nothing, although a is writable
	if h.ins+h.outs != 0 {
		t.Fatalf("events before SetPoll*: in=%d out=%d", h.ins, h.outs)
	}
	must(t, p.SetPollOut(ha))
	waitFor(t, p, func() bool { return h.outs > 0 })
	must(t, p.ResetPollOut(ha))
	must(t, p.SetPollIn(ha))
	h.outs = 0
	must(t, p.Wait(0))
	if h.ins+h.outs != 0 {
		t.Fatalf("events with nothing to read: in=%d out=%d", h.ins, h.outs)
	}
	write(t, b, "x")
	waitFor(t, p, func() bool { return h.ins > 0 })
	// Level-triggered: unread data is reported again.
	must(t, p.Wait(0))
	if h.ins != 2 {
		t.Fatalf("level-triggered InEvent count = %d, want 2", h.ins)
	}
	must(t, p.ResetPollIn(ha))
	must(t, p.Wait(0))
	if h.ins != 2 || h.outs != 0 {
		t.Fatalf("events after ResetPollIn: in=%d out=%d", h.ins, h.outs)
	}
	must(t, p.RemoveFd(ha))
}

func TestPipeReadableAndHangup(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	r, w, closeW := pipe(t)
	hr, hw := &handler{}, &handler{}
	rh := mustAdd(t, p, r, hr)
	wh := mustAdd(t, p, w, hw)
	must(t, p.SetPollIn(rh))
	must(t, p.SetPollOut(wh))
	waitFor(t, p, func() bool { return hw.outs > 0 })
	if hr.ins != 0 {
		t.Fatal("empty pipe reported readable")
	}
	write(t, w, "hello")
	waitFor(t, p, func() bool { return hr.ins > 0 })
	var buf [16]byte
	if n, _ := unix.Read(r, buf[:]); n != 5 {
		t.Fatalf("read %d bytes", n)
	}
	must(t, p.RemoveFd(wh))
	closeW()
	before := hr.ins
	must(t, p.ResetPollIn(rh)) // EPOLLHUP is reported even without EPOLLIN
	waitFor(t, p, func() bool { return hr.ins > before })
	must(t, p.RemoveFd(rh))
}

func TestRemoveSelfInHandler(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	a, b := socketpair(t)
	write(t, b, "x") // a is readable and writable: one event with IN|OUT
	h := &handler{}
	ha := mustAdd(t, p, a, h)
	h.onOut = func() { must(t, p.RemoveFd(ha)) }
	must(t, p.SetPollIn(ha))
	must(t, p.SetPollOut(ha))
	waitFor(t, p, func() bool { return h.outs > 0 })
	if h.ins != 0 {
		t.Fatalf("InEvent delivered after the handler removed itself in OutEvent")
	}
	for range 3 {
		must(t, p.Wait(0))
	}
	if h.ins != 0 || h.outs != 1 || p.Load() != 0 {
		t.Fatalf("after removal: in=%d out=%d load=%d", h.ins, h.outs, p.Load())
	}
	if err := p.RemoveFd(ha); !errors.Is(err, ErrBadHandle) {
		t.Fatalf("second RemoveFd: %v, want ErrBadHandle", err)
	}
	if err := p.SetPollIn(ha); !errors.Is(err, ErrBadHandle) {
		t.Fatalf("SetPollIn on removed handle: %v", err)
	}
	if err := p.SetPollIn(Handle{}); !errors.Is(err, ErrBadHandle) {
		t.Fatalf("SetPollIn on zero handle: %v", err)
	}
}

// twoReady registers two readable fds whose events arrive in one batch, and makes whichever
// handler runs first call first(other's handle).
func twoReady(t *testing.T, p *Poller, first func(self, other int)) (hs [2]*handler, handles [2]Handle, fds [2]int) {
	for i := range 2 {
		a, b := socketpair(t)
		write(t, b, "x")
		fds[i] = a
		hs[i] = &handler{}
		handles[i] = mustAdd(t, p, a, hs[i])
	}
	fired := false
	for i := range 2 {
		hs[i].onIn = func() {
			if !fired {
				fired = true
				first(i, 1-i)
			}
		}
		must(t, p.SetPollIn(handles[i]))
	}
	return hs, handles, fds
}

func TestRemoveOtherInSameBatch(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	var hsp *[2]Handle
	hs, handles, _ := twoReady(t, p, func(self, other int) { must(t, p.RemoveFd(hsp[other])) })
	hsp = &handles
	n, err := p.WaitN(time.Second)
	must(t, err)
	if n != 2 {
		t.Fatalf("batch held %d events, want 2", n)
	}
	if hs[0].ins+hs[1].ins != 1 {
		t.Fatalf("removed fd got its event: ins=%d,%d", hs[0].ins, hs[1].ins)
	}
	if p.Load() != 1 {
		t.Fatalf("Load = %d, want 1", p.Load())
	}
}

// TestStaleEventForReusedFd removes the other fd of the batch, closes it and registers a new,
// readable fd under the same number: the old queued event must not reach the new handler,
// which gets its own event on the next wait.
func TestStaleEventForReusedFd(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	var handles *[2]Handle
	var fdsp *[2]int
	fresh := &handler{}
	var freshFd int
	hs, hv, fv := twoReady(t, p, func(self, other int) {
		must(t, p.RemoveFd(handles[other]))
		// Put a new, readable fd under the old number, as a close followed by an open would.
		must(t, unix.Dup2(readableFd(t), fdsp[other]))
		freshFd = fdsp[other]
		h := mustAdd(t, p, freshFd, fresh)
		must(t, p.SetPollIn(h))
	})
	handles, fdsp = &hv, &fv
	n, err := p.WaitN(time.Second)
	must(t, err)
	if n != 2 || hs[0].ins+hs[1].ins != 1 {
		t.Fatalf("batch=%d ins=%d,%d", n, hs[0].ins, hs[1].ins)
	}
	if fresh.ins != 0 {
		t.Fatal("stale event of the removed fd reached the registration that reused its number")
	}
	waitFor(t, p, func() bool { return fresh.ins > 0 })
	// The dup'd fd replaced the socketpair end, whose cleanup closes freshFd.
}

func TestSlotReuseGeneration(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	a, _ := socketpair(t)
	h1 := mustAdd(t, p, a, &handler{})
	must(t, p.RemoveFd(h1))
	h2 := mustAdd(t, p, a, &handler{})
	if h1 == h2 || h1.idx != h2.idx {
		t.Fatalf("slot not reused with a new generation: %+v %+v", h1, h2)
	}
	if err := p.SetPollIn(h1); !errors.Is(err, ErrBadHandle) {
		t.Fatalf("old handle still valid: %v", err)
	}
	must(t, p.RemoveFd(h2))
}

func TestLoad(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	var hs []Handle
	for i := range 5 {
		a, b := socketpair(t)
		hs = append(hs, mustAdd(t, p, a, &handler{}), mustAdd(t, p, b, &handler{}))
		if p.Load() != 2*(i+1) {
			t.Fatalf("Load = %d, want %d", p.Load(), 2*(i+1))
		}
	}
	for i, h := range hs {
		must(t, p.RemoveFd(h))
		if p.Load() != len(hs)-i-1 {
			t.Fatalf("Load = %d after %d removals", p.Load(), i+1)
		}
	}
}

func TestAddFdError(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	_, err := p.AddFd(1<<20, &handler{}) // not an open fd
	if !errors.Is(err, unix.EBADF) {
		t.Fatalf("AddFd(bad fd) = %v, want EBADF", err)
	}
	if p.Load() != 0 {
		t.Fatalf("Load = %d after a failed AddFd", p.Load())
	}
}

func TestWaitTimeout(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	start := time.Now()
	must(t, p.Wait(20*time.Millisecond))
	if el := time.Since(start); el < 20*time.Millisecond {
		t.Fatalf("Wait(20ms) returned after %v", el)
	}
	if toMillis(time.Microsecond) != 1 || toMillis(-1) != -1 || toMillis(0) != 0 ||
		toMillis(1500*time.Microsecond) != 2 {
		t.Fatal("toMillis rounding")
	}
}
