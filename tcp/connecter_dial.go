package tcp

import (
	"context"
	"errors"
	"syscall"
	"time"

	"github.com/zreactor/zmq/engine"
	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/poller"
	"golang.org/x/sys/unix"
)

// start begins one connection attempt. The address is resolved afresh
// each time, because DNS answers change.
func (c *Connecter) start() {
	addr := c.dialAddr()
	if c.family.Blocking(addr) {
		c.lookup(addr)
		return
	}
	// Literals, "*", interface names (the source part) and paths resolve
	// without blocking.
	dst, src, err := c.resolve(context.Background(), addr, c.ipv6)
	c.resolved(dst, src, err)
}

// lookup resolves addr on a goroutine and sends the answer back to the
// connecter's thread as a Private command, counted with IncSeqnum so that
// termination waits for it.
func (c *Connecter) lookup(addr string) {
	limit := maxResolveTime
	if c.opts.ConnectTimeout > 0 {
		limit = c.opts.ConnectTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	c.cancelLookup = cancel
	c.IncSeqnum()
	r, tid, resolve, ipv6 := c.Router(), c.ThreadID(), c.resolve, c.ipv6
	go func() {
		dst, src, err := resolve(ctx, addr, ipv6)
		r.SendCommand(tid, object.Command{Dest: c, Kind: object.Private, Obj: &lookupAnswer{dst, src, err}})
	}()
}

// lookupDone takes a lookup's answer on the connecter's thread.
func (c *Connecter) lookupDone(a *lookupAnswer) {
	c.cancelLookup()
	c.cancelLookup = nil
	if c.IsTerminating() {
		return
	}
	c.resolved(a.addr, a.src, a.err)
}

// resolved opens the socket and starts a non-blocking connect.
func (c *Connecter) resolved(addr, src unix.Sockaddr, err error) {
	if err != nil {
		c.retry()
		return
	}
	fd, inProgress, err := c.family.Connect(addr, src, &c.opts)
	if c.ipv6 && errors.Is(err, syscall.EAFNOSUPPORT) {
		c.ipv6 = false // no IPv6 on this host: resolve again for IPv4, as libzmq does
		c.start()
		return
	}
	if err != nil {
		c.refused = errors.Is(err, syscall.ECONNREFUSED)
		var closed *ClosedSocketError
		if errors.As(err, &closed) {
			c.event(event.Closed, int64(closed.FD)) // as libzmq, when a socket was made
		}
		c.retry()
		return
	}
	c.fd = fd
	if !inProgress {
		c.established()
		return
	}
	if c.handle, err = c.thread.Poller().AddFd(fd, c); err == nil {
		err = c.thread.Poller().SetPollOut(c.handle)
	}
	if err != nil {
		c.failed()
		return
	}
	c.event(event.ConnectDelayed, int64(unix.EINPROGRESS))
	if c.opts.ConnectTimeout > 0 {
		c.thread.Poller().AddTimer(c.opts.ConnectTimeout, c, connectTimerID)
		c.connectTimer = true
	}
}

// InEvent implements poller.Events: an error or hang-up on the connecting
// socket, which ConnectResult reports like a completion, or the proxy's
// reply.
func (c *Connecter) InEvent() {
	if c.negotiating() {
		c.socksRecv()
		return
	}
	c.OutEvent()
}

// OutEvent implements poller.Events: the connect has finished, or a SOCKS
// request may be written.
func (c *Connecter) OutEvent() {
	if c.negotiating() {
		c.socksSend()
		return
	}
	if c.connectTimer {
		c.thread.Poller().CancelTimer(c, connectTimerID)
		c.connectTimer = false
	}
	if err := ConnectResult(c.fd); err != nil {
		c.refused = errors.Is(err, syscall.ECONNREFUSED)
		c.failed()
		return
	}
	c.established()
}

// TimerEvent implements poller.Events.
func (c *Connecter) TimerEvent(id int) {
	switch id {
	case reconnectTimerID:
		c.reconnectTimer = false
		c.start()
	case connectTimerID:
		c.connectTimer = false
		c.failed()
	case socksTimerID:
		c.socks.timer = false
		c.failed()
	}
}

// connected readies the connection (TCP tunes it) and hands it to the
// session in a stream engine, then asks the session to end this connecter.
func (c *Connecter) connected() {
	if !c.handle.IsZero() {
		_ = c.thread.Poller().RemoveFd(c.handle)
		c.handle = poller.Handle{}
	}
	peerAddress, err := c.family.Connected(c.fd, &c.opts)
	if err != nil { // a setsockopt failed, or the peer reset in the meantime
		c.failed()
		return
	}
	fd := c.fd
	c.fd = -1 // the engine owns it now
	// CONNECTED goes out before the engine can run, so that it precedes
	// whatever the engine reports from the session's thread.
	c.event(event.Connected, int64(fd))
	e := engine.NewStream(fd, engine.Config{
		Options: c.sess.Options(), Endpoint: c.endpoint, PeerAddress: peerAddress, Monitor: c.mon,
	})
	c.SendAttach(c.sess, e)
	c.Terminate()
}

// failed ends a failed attempt: the socket is closed (CLOSED) and the next
// attempt scheduled.
func (c *Connecter) failed() {
	c.dropFd(true)
	c.retry()
}

// retry arms the reconnect timer with the next backoff interval
// (CONNECT_RETRIED carries it in milliseconds). With reconnection disabled
// the session is told the endpoint failed for good, and the connecter ends.
func (c *Connecter) retry() {
	d, ok := c.backoff.Next()
	if c.refused && c.opts.ReconnectStop&options.ReconnectStopConnRefused != 0 {
		ok = false // ZMQ_RECONNECT_STOP_CONN_REFUSED
	}
	if !ok {
		c.SendConnFailed(c.sess)
		c.Terminate()
		return
	}
	c.thread.Poller().AddTimer(d, c, reconnectTimerID)
	c.reconnectTimer = true
	c.event(event.ConnectRetried, int64(d/time.Millisecond))
}
