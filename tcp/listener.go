package tcp

import (
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/poller"
	"github.com/zreactor/zmq/session"
)

const (
	// maxAcceptsPerEvent bounds the accepts of one InEvent so that a
	// connection storm cannot starve the other fds of the I/O thread; the
	// level-triggered poller reports the rest on its next round.
	maxAcceptsPerEvent = 32
	// acceptPauseMin and acceptPauseMax bound the pause after an accept
	// fails for want of fds or memory: the
	// connection stays queued and the listener stays readable, so polling
	// on would spin. The pause doubles while failures repeat, as
	// net/http's Server.Serve does.
	acceptPauseMin = 5 * time.Millisecond
	acceptPauseMax = time.Second

	pauseTimerID = 1
)

// Listener is libzmq's tcp_listener_t, and its ipc_listener_t with the ipc
// Family: a bound, listening stream socket owned by a zmq socket, living on
// one I/O thread. It accepts connections and gives each one a passive
// session (its child, so that Unbind drops them all) with a stream engine
// attached.
//
// Threading: NewListener and SetAddress run on the socket's goroutine
// before the socket launches the listener; everything else runs on the
// listener's I/O thread.
type Listener struct {
	own.Own
	thread   *iothread.Thread
	sessions session.Config   // template of the accepted connections' sessions (NewListener)
	opts     *options.Options // sessions.Options: the socket's options at Bind time
	family   Family
	mon      event.Sink
	pick     func(affinity uint64) *iothread.Thread

	fd       int           // listening socket; -1 once closed
	endpoint string        // resolved endpoint, as LastEndpoint reports it
	release  func() error  // Bound.Release: what closing must undo besides the fd
	handle   poller.Handle // zero while not registered
	pause    time.Duration // current accept pause; 0 when accepts succeed
	paused   bool          // the pause timer is armed
}

// NewListener makes a TCP listener on the I/O thread t: NewListenerFor with
// Inet.
func NewListener(r object.Router, t *iothread.Thread, sessions session.Config,
	mon event.Sink, pick func(affinity uint64) *iothread.Thread) *Listener {
	return NewListenerFor(Inet, r, t, sessions, mon, pick)
}

// NewListenerFor makes a listener of family f on the I/O thread t. sessions is the
// template of the passive session each accepted connection gets: the
// socket it serves (Socket), the socket's options at Bind time (Options,
// which the listener reads too) and the way to its ZAP handler
// (ZapConnect); the listener fills in each session's Thread and Endpoint.
// mon receives the monitor events (nil means none); pick chooses the I/O
// thread of each accepted connection's session from Options.Affinity.
func NewListenerFor(f Family, r object.Router, t *iothread.Thread, sessions session.Config,
	mon event.Sink, pick func(affinity uint64) *iothread.Thread) *Listener {
	if mon == nil {
		mon = event.Nop{}
	}
	l := &Listener{thread: t, sessions: sessions, family: f, mon: mon, pick: pick, fd: -1}
	l.opts = &l.sessions.Options
	l.Init(r, t.ThreadID(), l, l)
	return l
}

// Endpoint is the resolved endpoint ("tcp://127.0.0.1:40123",
// "ipc:///tmp/tmp1234/socket"), or "" before SetAddress succeeds.
func (l *Listener) Endpoint() string { return l.endpoint }

// SetAddress binds and listens on addr (an endpoint without its scheme)
// with the family's Listen, synchronously on the caller's goroutine, and
// raises LISTENING (fd) or BIND_FAILED (errno). It returns the resolved
// endpoint: with the port the kernel chose for a wildcard TCP port, the
// path made for "ipc://*".
func (l *Listener) SetAddress(addr string) (endpoint string, err error) {
	b, err := l.family.Listen(addr, l.opts)
	if err != nil {
		l.mon.Event(event.Event{Kind: event.BindFailed, Value: errnoOf(err), Endpoint: l.family.Scheme() + "://" + addr})
		return "", err
	}
	l.fd, l.endpoint, l.release = b.FD, b.Endpoint, b.Release
	l.mon.Event(event.Event{Kind: event.Listening, Value: int64(l.fd), Endpoint: l.endpoint})
	return l.endpoint, nil
}

// ProcessCommand handles the listener's commands on its I/O thread.
func (l *Listener) ProcessCommand(c *object.Command) {
	if c.Kind == object.Term {
		l.close()
		l.Own.ProcessTerm(time.Duration(c.N))
		return
	}
	l.Own.ProcessCommand(c)
}

// Plugged implements own.Hooks: start polling for connections.
func (l *Listener) Plugged() { l.register() }

// Destroyed implements own.Hooks; the fd was closed when termination began.
func (l *Listener) Destroyed() {}

// register adds the listening fd to the poller; if the kernel refuses
// (ENOMEM, ENOSPC), the listener reports it and tries again later.
func (l *Listener) register() {
	h, err := l.thread.Poller().AddFd(l.fd, l)
	if err == nil {
		err = l.thread.Poller().SetPollIn(h)
		if err != nil {
			_ = l.thread.Poller().RemoveFd(h)
		}
	}
	if err != nil {
		l.acceptFailed(err)
		return
	}
	l.handle = h
}

// close stops polling, closes the listening socket and releases what
// binding made (an ipc socket file); accepted connections belong to the
// sessions and stay up until those end. Like libzmq, a failed release is
// reported as CLOSE_FAILED instead of CLOSED.
func (l *Listener) close() {
	if l.fd < 0 {
		return
	}
	p := l.thread.Poller()
	if l.paused {
		p.CancelTimer(l, pauseTimerID)
		l.paused = false
	}
	if !l.handle.IsZero() {
		_ = p.RemoveFd(l.handle)
		l.handle = poller.Handle{}
	}
	fd := l.fd
	l.fd = -1
	var err error
	if l.release != nil {
		err = l.release() // before the close: see Bound.Release
	}
	_ = Close(fd) // Linux releases the fd even when close reports an error
	if err != nil {
		l.mon.Event(event.Event{Kind: event.CloseFailed, Value: errnoOf(err), Endpoint: l.endpoint})
		return
	}
	l.mon.Event(event.Event{Kind: event.Closed, Value: int64(fd), Endpoint: l.endpoint})
}
