package zmq

import "github.com/zreactor/zmq/tcp"

// SOCKS5 options (libzmq's ZMQ_SOCKS_PROXY, ZMQ_SOCKS_USERNAME, ZMQ_SOCKS_PASSWORD). With a
// proxy set, later tcp:// Connect calls reach their endpoint through it: the proxy's host is
// resolved here at each attempt, the endpoint's host is sent to the proxy unresolved, and a
// username makes the connection log in first (RFC 1929). Failures reconnect like any TCP
// connect. Bind is not affected. The tcp package's doc lists the differences from libzmq.

// SetSocksProxy sets ZMQ_SOCKS_PROXY, the SOCKS5 proxy of later tcp:// connects: "host:port"
// (a host of at most 255 bytes, an IPv6 literal in brackets), or "" to connect directly.
// Unlike libzmq, which stores any text and then fails every attempt, a value that is not
// host:port is refused here.
func (s *Socket) SetSocksProxy(hostPort string) error {
	ok := hostPort == "" || tcp.CheckSocksProxy(hostPort) == nil
	return s.setOpt("SOCKS_PROXY", ok, func() { s.opts.SocksProxy = hostPort })
}

// SocksProxy returns ZMQ_SOCKS_PROXY ("" when connects go direct).
func (s *Socket) SocksProxy() string { return s.opts.SocksProxy }

// SetSocksUsername sets ZMQ_SOCKS_USERNAME (at most 255 bytes). A name makes connections
// through the proxy offer only username/password authentication, as libzmq does; "" clears
// it, and they offer only no authentication.
func (s *Socket) SetSocksUsername(name string) error {
	return s.setOpt("SOCKS_USERNAME", len(name) <= tcp.MaxSocksField, func() { s.opts.SocksUsername = name })
}

// SocksUsername returns ZMQ_SOCKS_USERNAME.
func (s *Socket) SocksUsername() string { return s.opts.SocksUsername }

// SetSocksPassword sets ZMQ_SOCKS_PASSWORD (at most 255 bytes; "" clears it, and an empty
// password is sent with a username).
func (s *Socket) SetSocksPassword(password string) error {
	return s.setOpt("SOCKS_PASSWORD", len(password) <= tcp.MaxSocksField, func() { s.opts.SocksPassword = password })
}

// SocksPassword returns ZMQ_SOCKS_PASSWORD.
func (s *Socket) SocksPassword() string { return s.opts.SocksPassword }
