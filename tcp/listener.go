package tcp

import (
	"context"
	"errors"
	"syscall"
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/poller"
	"github.com/zreactor/zmq/session"
	"golang.org/x/sys/unix"
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

// Listener is libzmq's tcp_listener_t: a bound, listening TCP socket owned
// by a zmq socket, living on one I/O thread. It accepts connections and
// gives each one a passive session (its child, so that Unbind drops them
// all) with a stream engine attached.
//
// Threading: NewListener and SetAddress run on the socket's goroutine
// before the socket launches the listener; everything else runs on the
// listener's I/O thread.
type Listener struct {
	own.Own
	thread   *iothread.Thread
	sessions session.Config   // template of the accepted connections' sessions (NewListener)
	opts     *options.Options // sessions.Options: the socket's options at Bind time
	tune     Options
	mon      event.Sink
	pick     func(affinity uint64) *iothread.Thread

	fd       int           // listening socket; -1 once closed
	endpoint string        // resolved endpoint, as LastEndpoint reports it
	handle   poller.Handle // zero while not registered
	pause    time.Duration // current accept pause; 0 when accepts succeed
	paused   bool          // the pause timer is armed
}

// NewListener makes a listener on the I/O thread t. sessions is the
// template of the passive session each accepted connection gets: the
// socket it serves (Socket), the socket's options at Bind time (Options,
// which the listener reads too) and the way to its ZAP handler
// (ZapConnect); the listener fills in each session's Thread and Endpoint.
// mon receives the monitor events (nil means none); pick chooses the I/O
// thread of each accepted connection's session from Options.Affinity.
func NewListener(r object.Router, t *iothread.Thread, sessions session.Config,
	mon event.Sink, pick func(affinity uint64) *iothread.Thread) *Listener {
	if mon == nil {
		mon = event.Nop{}
	}
	l := &Listener{thread: t, sessions: sessions, mon: mon, pick: pick, fd: -1}
	l.opts = &l.sessions.Options
	l.tune = OptionsFrom(l.opts)
	l.Init(r, t.ThreadID(), l, l)
	return l
}

// Endpoint is the resolved endpoint ("tcp://127.0.0.1:40123"), or "" before
// SetAddress succeeds.
func (l *Listener) Endpoint() string { return l.endpoint }

// SetAddress resolves addr (an endpoint without "tcp://"), binds and
// listens, synchronously on the caller's goroutine, and raises LISTENING
// (fd) or BIND_FAILED (errno). It returns the resolved endpoint, with the
// port the kernel chose for a wildcard port. Like libzmq, an IPv6 socket
// falls back to IPv4 when the host has no IPv6 support.
func (l *Listener) SetAddress(addr string) (endpoint string, err error) {
	fd, bound, err := l.listen(addr)
	if err != nil {
		l.mon.Event(event.Event{Kind: event.BindFailed, Value: errnoOf(err), Endpoint: "tcp://" + addr})
		return "", err
	}
	l.fd, l.endpoint = fd, EndpointString(bound)
	l.mon.Event(event.Event{Kind: event.Listening, Value: int64(fd), Endpoint: l.endpoint})
	return l.endpoint, nil
}

func (l *Listener) listen(addr string) (int, unix.Sockaddr, error) {
	ep, err := ParseEndpoint(addr, true)
	if err != nil {
		return -1, nil, err
	}
	ipv6 := l.opts.IPv6
	for {
		sa, _, err := Resolve(context.Background(), ep, true, ipv6)
		if err != nil {
			return -1, nil, err
		}
		fd, bound, err := Listen(sa, l.opts.Backlog, l.tune)
		if ipv6 && errors.Is(err, syscall.EAFNOSUPPORT) {
			ipv6 = false
			continue
		}
		return fd, bound, err
	}
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

// close stops polling and closes the listening socket; accepted
// connections belong to the sessions and stay up until those end.
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
	_ = Close(fd) // Linux releases the fd even when close reports an error
	l.mon.Event(event.Event{Kind: event.Closed, Value: int64(fd), Endpoint: l.endpoint})
}
