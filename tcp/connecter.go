package tcp

import (
	"context"
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
	reconnectTimerID = 1
	connectTimerID   = 2

	// maxResolveTime bounds a DNS lookup when ZMQ_CONNECT_TIMEOUT does not.
	maxResolveTime = 30 * time.Second
)

// Connecter is libzmq's tcp_connecter_t, and its ipc_connecter_t with the
// ipc Family: it makes the connection of an active session, retrying with
// backoff, and on success hands the session a stream engine and ends. With
// a SOCKS proxy in its options a TCP connecter goes through the proxy
// (socks_connecter.go), as libzmq's socks_connecter_t. The session owns it
// and makes a new one, with a delayed start, each time an established
// connection is lost, so the backoff of one Connecter spans consecutive
// failed attempts only.
//
// Host names are resolved on a goroutine of their own so that DNS never
// blocks the I/O thread; the answer comes back as a Private command, which
// the ownership protocol counts so that the connecter cannot finish with a
// lookup in flight.
//
// Threading: NewConnecter runs on the session's thread; everything else on
// the connecter's I/O thread, except the lookup goroutine, which only sends
// its answer.
type Connecter struct {
	own.Own
	thread   *iothread.Thread
	sess     *session.Session
	opts     options.Options
	family   Family
	addr     string // the endpoint as given, without its scheme
	endpoint string // scheme + "://" + addr, for monitor events and the engine
	delayed  bool
	mon      event.Sink
	backoff  Backoff
	ipv6     bool // cleared for good if the host turns out to have no IPv6

	// resolve is the family's Resolve; tests replace it to hold a lookup in flight.
	resolve func(ctx context.Context, addr string, ipv6 bool) (dst, src unix.Sockaddr, err error)

	fd             int           // socket being connected; -1 when none
	handle         poller.Handle // fd's registration; zero when none
	cancelLookup   context.CancelFunc
	reconnectTimer bool
	connectTimer   bool
	refused        bool // the last attempt was refused (for ReconnectStopConnRefused)

	socks *socksExchange // the SOCKS proxy's state (socks_connecter.go); nil: connect directly
}

// lookupAnswer is the Private command's payload: a finished resolution.
type lookupAnswer struct {
	addr, src unix.Sockaddr
	err       error
}

// NewConnecter makes the TCP connecter of session s: NewConnecterFor with
// Inet.
func NewConnecter(r object.Router, t *iothread.Thread, s *session.Session, opts options.Options,
	addr string, delayed bool, mon event.Sink) *Connecter {
	return NewConnecterFor(Inet, r, t, s, opts, addr, delayed, mon)
}

// NewConnecterFor makes the connecter of family f for session s, to live
// on I/O thread t. addr is the endpoint without its scheme; delayed makes
// the first attempt wait for a reconnect interval (after a lost
// connection); mon receives the monitor events (nil means none). The
// session launches it as its child.
func NewConnecterFor(f Family, r object.Router, t *iothread.Thread, s *session.Session, opts options.Options,
	addr string, delayed bool, mon event.Sink) *Connecter {
	if mon == nil {
		mon = event.Nop{}
	}
	c := &Connecter{
		thread: t, sess: s, opts: opts, family: f, addr: addr, endpoint: f.Scheme() + "://" + addr,
		delayed: delayed, mon: mon, ipv6: opts.IPv6, resolve: f.Resolve, fd: -1,
		backoff: Backoff{Ivl: opts.ReconnectIvl, IvlMax: opts.ReconnectIvlMax},
	}
	if f == Inet { // libzmq proxies tcp:// endpoints only
		c.socks = newSocksExchange(&opts)
	}
	if c.socks != nil {
		// As in libzmq, a proxied connection's events name the proxy, as given.
		c.endpoint = "tcp://" + opts.SocksProxy
	}
	c.Init(r, t.ThreadID(), c, c)
	return c
}

// ProcessCommand handles the connecter's commands on its I/O thread.
func (c *Connecter) ProcessCommand(cmd *object.Command) {
	switch cmd.Kind {
	case object.Term:
		c.stop()
		c.Own.ProcessTerm(time.Duration(cmd.N))
	case object.Private:
		c.lookupDone(cmd.Obj.(*lookupAnswer))
		c.ProcessSeqnum()
	default:
		c.Own.ProcessCommand(cmd)
	}
}

// Plugged implements own.Hooks: connect now, or after a reconnect interval.
func (c *Connecter) Plugged() {
	if c.delayed {
		c.retry()
		return
	}
	c.start()
}

// Destroyed implements own.Hooks; stop released everything already.
func (c *Connecter) Destroyed() {}

// stop cancels whatever is in progress, silently: a terminated connecter
// raises no further events (libzmq's process_term emits CLOSED for an fd
// still connecting; nothing was ever connected on it, so we do not).
func (c *Connecter) stop() {
	p := c.thread.Poller()
	if c.reconnectTimer {
		p.CancelTimer(c, reconnectTimerID)
		c.reconnectTimer = false
	}
	if c.connectTimer {
		p.CancelTimer(c, connectTimerID)
		c.connectTimer = false
	}
	if c.cancelLookup != nil {
		c.cancelLookup() // the answer still arrives, and is dropped
	}
	c.dropFd(false)
}

// dropFd unregisters and closes the socket being connected, with its
// SOCKS exchange if any, raising CLOSED if asked.
func (c *Connecter) dropFd(report bool) {
	c.stopSocks()
	if !c.handle.IsZero() {
		_ = c.thread.Poller().RemoveFd(c.handle)
		c.handle = poller.Handle{}
	}
	if c.fd < 0 {
		return
	}
	fd := c.fd
	c.fd = -1
	_ = Close(fd)
	if report {
		c.event(event.Closed, int64(fd))
	}
}

func (c *Connecter) event(k event.Kind, v int64) {
	c.mon.Event(event.Event{Kind: k, Value: v, Endpoint: c.endpoint})
}
