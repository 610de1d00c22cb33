package tcp

import (
	"github.com/zreactor/zmq/engine"
	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/session"
	"golang.org/x/sys/unix"
)

// InEvent implements poller.Events: connections are pending.
func (l *Listener) InEvent() {
	for range maxAcceptsPerEvent {
		fd, peer, err := Accept(l.fd)
		if err == unix.EAGAIN {
			return
		}
		if err != nil {
			// Exhaustion, or an errno Accept does not know to be
			// transient: either may repeat at once on a level-triggered
			// poller, so pause in both cases.
			l.acceptFailed(err)
			return
		}
		l.pause = 0
		l.accepted(fd, peer)
	}
}

// OutEvent implements poller.Events; a listener never polls for output.
func (l *Listener) OutEvent() {}

// TimerEvent implements poller.Events: the accept pause is over.
func (l *Listener) TimerEvent(id int) {
	if id != pauseTimerID || !l.paused {
		return
	}
	l.paused = false
	if l.handle.IsZero() {
		l.register()
		return
	}
	if err := l.thread.Poller().SetPollIn(l.handle); err != nil {
		l.acceptFailed(err)
	}
}

// acceptFailed reports err as ACCEPT_FAILED and stops polling for a
// while, doubling the pause while failures repeat.
func (l *Listener) acceptFailed(err error) {
	l.mon.Event(event.Event{Kind: event.AcceptFailed, Value: errnoOf(err), Endpoint: l.endpoint})
	if l.paused {
		return
	}
	p := l.thread.Poller()
	if !l.handle.IsZero() {
		_ = p.ResetPollIn(l.handle)
	}
	l.pause = min(max(2*l.pause, acceptPauseMin), acceptPauseMax)
	p.AddTimer(l.pause, l, pauseTimerID)
	l.paused = true
}

// accepted readies a new connection (TCP tunes it) and hands it, wrapped
// in a stream engine, to a new passive session on the I/O thread the
// affinity allows.
func (l *Listener) accepted(fd int, peer unix.Sockaddr) {
	peerAddress, err := l.family.Accepted(fd, peer, l.opts)
	if err != nil {
		_ = Close(fd)
		l.mon.Event(event.Event{Kind: event.AcceptFailed, Value: errnoOf(err), Endpoint: l.endpoint})
		return
	}
	t := l.thread
	if l.pick != nil {
		if picked := l.pick(l.opts.Affinity); picked != nil {
			t = picked
		}
	}
	cfg := l.sessions
	cfg.Thread, cfg.Endpoint, cfg.Active = t, l.endpoint, false
	s := session.New(l.Router(), cfg)
	e := engine.NewStream(fd, engine.Config{
		Options: s.Options(), Endpoint: l.endpoint, PeerAddress: peerAddress, Monitor: l.mon,
	})
	// ACCEPTED goes out before the session can run, so that it precedes
	// whatever the engine reports from the session's thread.
	l.mon.Event(event.Event{Kind: event.Accepted, Value: int64(fd), Endpoint: l.endpoint})
	l.LaunchChild(s)
	l.SendAttach(s, e)
}
