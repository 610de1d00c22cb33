package poller

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// ErrEdgeUnsupported is returned by SetEdgeTriggered when the backend can only report readiness
// level-triggered (poll(2); see EdgeTriggered). It wraps errors.ErrUnsupported.
var ErrEdgeUnsupported = fmt.Errorf("poller: edge-triggered registration needs epoll, "+
	"this build uses %s: %w", Backend, errors.ErrUnsupported)

// Poller is a readiness set (epoll, or poll(2); see the package doc) with its fd registrations
// and timers. See the package doc for the threading rule.
type Poller struct {
	sys         backend
	handles     handleTable
	timers      timerHeap
	wheel       wheel        // timers embedded in their owners (wheel.go)
	buf         events       // the batch the last wait fetched
	dispatching bool         // inside Wait's dispatch loop: removed slots are retired, not freed
	load        atomic.Int32 // registered fds, read by other threads to pick the least loaded
}

// New creates a Poller with its own epoll fd (close-on-exec), or its own empty poll set.
func New() (*Poller, error) {
	p := &Poller{handles: newHandleTable(), timers: newTimerHeap()}
	if err := p.sys.open(); err != nil {
		return nil, err
	}
	return p, nil
}

// AddFd registers fd with no event enabled; ev receives its events once SetPollIn or
// SetPollOut is called (errors and hang-ups are reported to InEvent regardless).
func (p *Poller) AddFd(fd int, ev Events) (Handle, error) {
	i := p.handles.alloc()
	e := &p.handles.entries[i]
	e.gen = nextGen(e.gen)
	if err := p.sys.add(fd, i, e.gen); err != nil {
		p.handles.release(i)
		return Handle{}, err
	}
	e.fd, e.ev, e.events = fd, ev, 0
	p.load.Add(1)
	return Handle{idx: i, gen: e.gen}, nil
}

// RemoveFd unregisters h. It may be called from any handler, h's own included; once it
// returns, no event is delivered for h, even one already fetched in the current batch. It
// does not close the fd, and must be called before the fd is closed. The registration is
// dropped even if epoll_ctl fails (e.g. the fd was already closed); the error is returned.
func (p *Poller) RemoveFd(h Handle) error {
	e := p.handles.lookup(h)
	if e == nil {
		return ErrBadHandle
	}
	err := p.sys.del(e.fd, h.idx)
	e.ev, e.fd, e.events = nil, -1, 0
	e.gen = nextGen(e.gen)
	if p.dispatching {
		p.handles.retired = append(p.handles.retired, int32(h.idx))
	} else {
		p.handles.release(h.idx)
	}
	p.load.Add(-1)
	return err
}

// SetPollIn enables InEvent for h.
func (p *Poller) SetPollIn(h Handle) error { return p.modify(h, evIn, 0) }

// ResetPollIn disables InEvent for h (errors and hang-ups are still reported).
func (p *Poller) ResetPollIn(h Handle) error { return p.modify(h, 0, evIn) }

// SetPollOut enables OutEvent for h.
func (p *Poller) SetPollOut(h Handle) error { return p.modify(h, evOut, 0) }

// ResetPollOut disables OutEvent for h.
func (p *Poller) ResetPollOut(h Handle) error { return p.modify(h, 0, evOut) }

// modify sets and clears bits of h's mask; it skips the syscall if nothing changes.
func (p *Poller) modify(h Handle, set, clear uint32) error {
	e := p.handles.lookup(h)
	if e == nil {
		return ErrBadHandle
	}
	mask := (e.events | set) &^ clear
	if mask == e.events {
		return nil
	}
	if err := p.sys.mod(e.fd, mask, h.idx, h.gen); err != nil {
		return err
	}
	e.events = mask
	return nil
}

// Load returns the number of registered fds. Unlike the other methods it is safe to call from
// any goroutine.
func (p *Poller) Load() int { return int(p.load.Load()) }

// Close closes the epoll fd (the poll backend has none). Registered fds are not closed.
func (p *Poller) Close() error { return p.sys.close() }

// Wait performs one epoll_wait or poll (timeout < 0: forever, 0: poll; otherwise rounded up to
// whole milliseconds) and dispatches the events it returns. A signal interrupting the wait
// counts as a wake-up with no event.
func (p *Poller) Wait(timeout time.Duration) error {
	_, err := p.WaitN(timeout)
	return err
}

// WaitN is Wait that also returns how many events (ready fds) the batch held, which lets a
// caller spin on WaitN(0) until something happens.
func (p *Poller) WaitN(timeout time.Duration) (int, error) {
	n, err := p.sys.wait(&p.buf, toMillis(timeout))
	if err != nil || n == 0 {
		return 0, err
	}
	p.dispatch(p.buf[:n])
	return n, nil
}

// dispatch delivers a batch. Each event carries its slot and generation; an event whose
// registration has been removed (by an earlier handler of this batch or before the wait) is
// dropped, and so is each further callback once a handler removes its own registration.
func (p *Poller) dispatch(batch []event) {
	p.dispatching = true
	for i := range batch {
		idx, gen, ev := unpack(&batch[i])
		p.deliver(idx, gen, ev)
	}
	p.dispatching = false
	for _, i := range p.handles.retired {
		p.handles.release(uint32(i))
	}
	p.handles.retired = p.handles.retired[:0]
}

// deliver calls the handlers for one event, in libzmq's order: errors first (to InEvent, so
// the reader sees the failure), then writability, then readability. IN and OUT are filtered
// against the current mask, so a handler that reset POLLOUT earlier in the batch is not
// called for it.
func (p *Poller) deliver(idx, gen, ev uint32) {
	e := p.handles.live(idx, gen)
	if e == nil {
		return
	}
	errHup := ev&evErr != 0
	if errHup {
		e.ev.InEvent()
		if e = p.handles.live(idx, gen); e == nil {
			return
		}
	}
	if ev&evOut != 0 && e.events&evOut != 0 {
		e.ev.OutEvent()
		if e = p.handles.live(idx, gen); e == nil {
			return
		}
	}
	if !errHup && ev&evIn != 0 && e.events&evIn != 0 {
		e.ev.InEvent()
	}
}

// toMillis converts a timeout to epoll_wait's and poll's milliseconds, rounding up so that a
// loop never wakes just before a timer is due and then busy-polls until it is.
func toMillis(d time.Duration) int {
	switch {
	case d < 0:
		return -1
	case d == 0:
		return 0
	case d >= time.Duration(1<<31-1)*time.Millisecond:
		return 1<<31 - 1
	}
	return int((d + time.Millisecond - 1) / time.Millisecond)
}
