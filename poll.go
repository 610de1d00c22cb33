package zmq

import (
	"context"
	"time"

	"github.com/zreactor/zmq/internal/yield"
	"github.com/zreactor/zmq/internal/zerr"
	"golang.org/x/sys/unix"
)

// PollEvent is a set of readiness conditions, with zmq_poll's values.
type PollEvent int

const (
	// PollIn: a message can be received without blocking.
	PollIn PollEvent = 1
	// PollOut: a message can be sent without blocking.
	PollOut PollEvent = 2
)

// Events is ZMQ_EVENTS: what the socket could do now without blocking. It also re-arms FD:
// once Events has run, FD becomes readable when anything changes.
func (s *Socket) Events() (PollEvent, error) {
	if err := s.enter(callPoll); err != nil {
		return 0, err
	}
	defer s.exit()
	// Reset the descriptor, then take every command and mark the mailbox asleep, so that the
	// next command writes the descriptor (the mailbox's rule: reset before draining).
	s.mb.Drain()
	s.drainCommands(true)
	if s.ctxTerminated {
		return 0, ErrTerminated
	}
	return s.readiness(), nil
}

// FD is ZMQ_FD: a descriptor for an external event loop (epoll, poll, kqueue...), readable
// when the socket's state may have changed. As in libzmq it is a signal, not a level: when it
// is readable, call Events to learn what the socket can do, and call Events again before
// waiting on it after any Send or Recv, since those do not re-arm it. Events resets it, so a
// level-triggered poller does not spin. The descriptor belongs to the socket: do not read,
// write or close it; it is valid until Close.
func (s *Socket) FD() (int, error) {
	if err := s.enter(callPoll); err != nil {
		return -1, err
	}
	defer s.exit()
	return s.mb.Fd(), nil
}

func (s *Socket) readiness() PollEvent {
	var ev PollEvent
	if s.impl.HasIn() {
		ev |= PollIn
	}
	if s.impl.HasOut() {
		ev |= PollOut
	}
	return ev
}

// Poller waits on several sockets at once: zmq_poll's job. Like the sockets it holds, it is
// used by one goroutine at a time, the one that owns those sockets.
type Poller struct {
	items []pollItem
	fds   []unix.PollFd
	ready []Polled
	yield yield.Clock
}

type pollItem struct {
	s      *Socket
	events PollEvent
}

// Polled is a socket found ready, with the conditions that hold.
type Polled struct {
	Socket *Socket
	Events PollEvent
}

// NewPoller returns an empty poller.
func NewPoller() *Poller { return &Poller{} }

// Add watches s for events; adding a socket again replaces its events.
func (p *Poller) Add(s *Socket, events PollEvent) {
	for i := range p.items {
		if p.items[i].s == s {
			p.items[i].events = events
			return
		}
	}
	p.items = append(p.items, pollItem{s: s, events: events})
}

// Remove stops watching s.
func (p *Poller) Remove(s *Socket) {
	for i := range p.items {
		if p.items[i].s == s {
			p.items = append(p.items[:i], p.items[i+1:]...)
			return
		}
	}
}

// Poll waits until at least one socket is ready for the events it is watched for, or timeout
// passes (negative: no limit; 0: just look), and returns the ready sockets. The slice is
// reused by the next call. A closed socket or a terminated context is an error, as in zmq_poll.
func (p *Poller) Poll(timeout time.Duration) ([]Polled, error) {
	return p.PollContext(noContext, timeout)
}

// PollContext is Poll that also returns ctx.Err() when ctx is done.
func (p *Poller) PollContext(ctx context.Context, timeout time.Duration) ([]Polled, error) {
	if len(p.items) == 0 {
		return nil, zerr.With(zerr.ErrInvalid, "poller has no sockets")
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	if err := p.takeAll(); err != nil {
		return nil, err
	}
	defer p.releaseAll(len(p.items))
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, p.wakeAll)
		defer stop()
	}
	for {
		ready, err := p.scan()
		if err != nil || len(ready) > 0 || timeout == 0 {
			return ready, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		wait := -1
		if timeout > 0 {
			left := time.Until(deadline)
			if left <= 0 {
				return nil, nil
			}
			wait = int((left + time.Millisecond - 1) / time.Millisecond)
		}
		if err := p.sleep(wait); err != nil {
			return nil, err
		}
	}
}

// takeAll takes every socket for the poll, as each of their own calls would.
func (p *Poller) takeAll() error {
	for i, it := range p.items {
		if err := it.s.take(callPoll); err != nil {
			p.releaseAll(i)
			return err
		}
	}
	return nil
}

// releaseAll releases the first n sockets.
func (p *Poller) releaseAll(n int) {
	for _, it := range p.items[:n] {
		it.s.exit()
	}
}

// scan processes every socket's commands and collects those ready now.
func (p *Poller) scan() ([]Polled, error) {
	p.ready = p.ready[:0]
	for _, it := range p.items {
		if it.s.closeRequested() {
			return nil, ErrNotSocket // another goroutine closes it: it waits for us to leave
		}
		if err := it.s.check(); err != nil {
			return nil, err
		}
		if err := it.s.processCommands(0); err != nil {
			return nil, err
		}
		if ev := it.s.readiness() & it.events; ev != 0 {
			p.ready = append(p.ready, Polled{Socket: it.s, Events: ev})
		}
	}
	return p.ready, nil
}

// sleep marks every socket's mailbox asleep (so I/O threads signal it) and blocks on all their
// eventfds at once. A command that arrived meanwhile ends the sleep at once.
func (p *Poller) sleep(msec int) error {
	p.fds = p.fds[:0]
	for _, it := range p.items {
		if it.s.mb.Pending() {
			return nil
		}
		if c, ok := it.s.mb.TryRecv(); ok { // empty: now marked asleep; else handle it
			it.s.cmd = c
			c.Dest.ProcessCommand(&it.s.cmd)
			return nil
		}
		p.fds = append(p.fds, unix.PollFd{Fd: int32(it.s.mb.Fd()), Events: unix.POLLIN})
	}
	for {
		p.yield.BeforeBlock()
		_, err := unix.Poll(p.fds, msec)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		break
	}
	for _, it := range p.items {
		it.s.mb.Drain()
	}
	return nil
}

// wakeAll interrupts a sleeping PollContext.
func (p *Poller) wakeAll() {
	for _, it := range p.items {
		it.s.mb.Wake()
	}
}
