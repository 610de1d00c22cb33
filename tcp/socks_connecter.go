package tcp

import (
	"errors"
	"syscall"

	"github.com/zreactor/zmq/options"
	"golang.org/x/sys/unix"
)

// A Connecter whose options name a SOCKS proxy (ZMQ_SOCKS_PROXY) is libzmq's
// socks_connecter_t. Everything up to the TCP connection is the plain connecter's (resolve,
// connect, connect timeout, backoff), aimed at the proxy; then, on the same fd and the same
// I/O thread, the SOCKS5 exchange of socks_request.go runs without blocking: greeting, method
// choice, login, CONNECT, reply, each step waiting for the previous reply, bounded as a whole
// by ZMQ_HANDSHAKE_IVL. Once the proxy reports the target connected, the fd goes to a stream
// engine exactly as a direct connection's does. Any failure closes the fd and retries.

const socksTimerID = 3

// socksExchange is the SOCKS state of a proxied Connecter.
type socksExchange struct {
	proxy          string // ZMQ_SOCKS_PROXY, "host:port"
	user, password string
	login          bool // a username is set: offer only the login

	active bool      // an exchange is under way on the connecter's fd
	step   socksStep // the reply awaited
	out    []byte    // request bytes not written yet (a slice of outBuf)
	got    int       // reply bytes read into in
	timer  bool      // the ZMQ_HANDSHAKE_IVL timer is armed

	outBuf [3 + 2*(1+MaxSocksField)]byte // the longest request: the login
	in     [socksMaxReply]byte
}

// newSocksExchange returns the SOCKS state for o, or nil when o names no proxy.
func newSocksExchange(o *options.Options) *socksExchange {
	if o.SocksProxy == "" {
		return nil
	}
	return &socksExchange{proxy: o.SocksProxy, user: o.SocksUsername, password: o.SocksPassword,
		login: o.SocksUsername != ""}
}

// dialAddr is where the connection goes: the endpoint itself, or the proxy. A proxied
// connection takes the endpoint's source address, if it has one: libzmq 4.3 sent
// "src;host" to the proxy as the host name instead.
func (c *Connecter) dialAddr() string {
	if c.socks == nil {
		return c.addr
	}
	ep, err := ParseEndpoint(c.addr, false)
	if err != nil {
		return c.addr // fails to resolve, and the connecter retries
	}
	if !ep.HasSource() {
		return c.socks.proxy
	}
	return joinHostPort(ep.SourceHost, ep.SourcePort) + ";" + c.socks.proxy
}

// established goes on once the TCP connection is up: through the proxy's exchange when there
// is one, else straight to the engine.
func (c *Connecter) established() {
	if SelfConnected(c.fd) { // the kernel picked the port we connect to as our source
		c.refused = true
		c.failed()
		return
	}
	if c.socks == nil {
		c.connected()
		return
	}
	if c.handle.IsZero() { // the connect completed at once: the fd is not registered yet
		h, err := c.thread.Poller().AddFd(c.fd, c)
		if err != nil {
			c.failed()
			return
		}
		c.handle = h
	}
	x := c.socks
	x.active, x.step, x.got = true, stepMethod, 0
	x.out = appendSocksGreeting(x.outBuf[:0], x.login)
	if ivl := c.opts.HandshakeIvl; ivl > 0 {
		c.thread.Poller().AddTimer(ivl, c, socksTimerID)
		x.timer = true
	}
	c.socksSend()
}

// negotiating reports whether the fd is in the SOCKS exchange, so its events are the
// exchange's.
func (c *Connecter) negotiating() bool { return c.socks != nil && c.socks.active }

// socksSend writes the pending request; once it is all out, it waits for the reply.
func (c *Connecter) socksSend() {
	x, p := c.socks, c.thread.Poller()
	for len(x.out) > 0 {
		n, err := Write(c.fd, x.out)
		if err == unix.EAGAIN || (err == nil && n == 0) {
			if p.SetPollOut(c.handle) != nil {
				c.failed()
			}
			return
		}
		if err != nil {
			c.socksFailed(err)
			return
		}
		x.out = x.out[n:]
	}
	if p.ResetPollOut(c.handle) != nil || p.SetPollIn(c.handle) != nil {
		c.failed()
	}
}

// socksRecv reads the awaited reply, never past its end: what follows the CONNECT reply is
// the engine's.
func (c *Connecter) socksRecv() {
	x := c.socks
	for {
		missing, err := checkSocksReply(x.step, x.login, x.in[:x.got])
		if err != nil {
			c.socksFailed(err)
			return
		}
		if missing == 0 {
			c.socksReplied()
			return
		}
		n, err := Read(c.fd, x.in[x.got:x.got+missing])
		if err == unix.EAGAIN {
			return
		}
		if err != nil { // io.EOF: the proxy hung up
			c.socksFailed(err)
			return
		}
		x.got += n
	}
}

// socksReplied takes a complete, accepted reply and sends the next request, or hands the
// connection to the engine after the CONNECT reply.
func (c *Connecter) socksReplied() {
	x := c.socks
	var err error
	switch {
	case x.step == stepConnect:
		c.stopSocks()
		c.connected()
		return
	case x.step == stepMethod && x.login:
		x.step = stepLogin
		x.out, err = appendSocksLogin(x.outBuf[:0], x.user, x.password)
	default:
		x.step = stepConnect
		var ep Endpoint
		if ep, err = ParseEndpoint(c.addr, false); err == nil {
			x.out, err = appendSocksConnect(x.outBuf[:0], ep.Host, ep.Port)
		}
	}
	if err != nil {
		c.socksFailed(err)
		return
	}
	x.got = 0
	c.socksSend()
}

// socksFailed ends an attempt that failed in the exchange: CLOSED, then a retry. A target
// that refused the proxy counts as a refused connection.
func (c *Connecter) socksFailed(err error) {
	c.refused = errors.Is(err, syscall.ECONNREFUSED)
	c.failed()
}

// stopSocks ends the exchange's state; the fd is the caller's business.
func (c *Connecter) stopSocks() {
	if c.socks == nil {
		return
	}
	if c.socks.timer {
		c.thread.Poller().CancelTimer(c, socksTimerID)
		c.socks.timer = false
	}
	c.socks.active = false
	c.socks.out = nil
}
