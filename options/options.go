package options

import "time"

// Options are a socket's settings, with libzmq's defaults (src/options.cpp). The root package's
// typed setters validate and store into them; sessions and engines receive a copy taken when an
// endpoint is bound or connected, as libzmq copies options_t.
type Options struct {
	Type Type

	SndHWM, RcvHWM int           // messages; 0 = unlimited (1000)
	Linger         time.Duration // <0 infinite (-1; 0 for SUB, XSUB)
	RcvTimeo       time.Duration // <0 infinite
	SndTimeo       time.Duration // <0 infinite
	RoutingID      []byte        // 1..255 bytes, or empty
	ConnectRID     []byte        // ZMQ_CONNECT_ROUTING_ID for the next connect
	Affinity       uint64

	ReconnectIvl    time.Duration // 100 ms; <0 no reconnect
	ReconnectIvlMax time.Duration // 0
	ReconnectStop   int           // ReconnectStop* bits (libzmq's draft ZMQ_RECONNECT_STOP)
	ConnectTimeout  time.Duration // 0 = OS
	HandshakeIvl    time.Duration // 30 s; 0 = none
	Backlog         int           // 100
	MaxMsgSize      int64         // per frame, as libzmq; -1 = unlimited
	Immediate       bool
	Conflate        bool
	IPv6            bool
	LegacyOff       bool // refuse ZMTP 1.0/2.0 peers (libzmq PR #4932's proposed switch)

	// MaxMultipartSize bounds a whole inbound message, all its frames (beyond libzmq, which
	// bounds frames only); -1 = unlimited.
	MaxMultipartSize int64

	HeartbeatIvl     time.Duration // 0 = off
	HeartbeatTTL     time.Duration // 0
	HeartbeatTimeout time.Duration // -1 = same as HeartbeatIvl

	TCPKeepalive, TCPKeepaliveCnt, TCPKeepaliveIdle, TCPKeepaliveIntvl int // -1 = OS default
	TCPMaxRT                                                           time.Duration
	SndBuf, RcvBuf                                                     int // -1 = OS default
	TOS                                                                int
	BindToDevice                                                       string // SO_BINDTODEVICE of TCP sockets; "" = none

	// UseFD is ZMQ_USE_FD: a listening socket made by someone else (systemd's socket
	// activation, for one) that Bind adopts instead of opening one; -1 = none.
	UseFD int

	RouterMandatory bool
	RouterHandover  bool
	ProbeRouter     bool
	ReqCorrelate    bool
	ReqRelaxed      bool
	XPubVerbose     bool
	XPubVerboser    bool
	XPubManual      bool
	XPubNoDrop      bool
	XPubWelcomeMsg  []byte
	InvertMatching  bool
	StreamNotify    bool // true

	// MaxSubscriptions caps the subscriptions a PUB or XPUB keeps for each subscriber (beyond
	// libzmq); 0 = unlimited.
	MaxSubscriptions int

	Metadata map[string]string // "X-..." properties sent in READY

	// SOCKS5 proxy of tcp:// connects (ZMQ_SOCKS_PROXY, ZMQ_SOCKS_USERNAME, ZMQ_SOCKS_PASSWORD):
	// "host:port", or "" to connect directly. A non-empty username makes the connecter log in
	// (RFC 1929). Each is at most 255 bytes, checked by the root's setters.
	SocksProxy, SocksUsername, SocksPassword string

	// Security (libzmq options_t): the setters in security.go keep Mechanism and
	// AsServer by libzmq's rules. Keys are 32 raw bytes each, or empty when never set.
	Mechanism        Mechanism
	AsServer         bool // ZMQ_PLAIN_SERVER, ZMQ_CURVE_SERVER or ZMQ_GSSAPI_SERVER, per Mechanism
	PlainUsername    string
	PlainPassword    string
	ZapDomain        string
	ZapEnforceDomain bool
	CurvePublicKey   []byte
	CurveSecretKey   []byte
	CurveServerKey   []byte
	// GSSAPI (ZMQ_GSSAPI_*): the principals (at most 255 bytes each), their name types
	// (GSSAPINameType, libzmq's ZMQ_GSSAPI_NT_*: host-based by default) and plaintext mode.
	GSSAPIPrincipal          string
	GSSAPIServicePrincipal   string
	GSSAPIPrincipalNT        GSSAPINameType
	GSSAPIServicePrincipalNT GSSAPINameType
	GSSAPIPlaintext          bool

	// RecvRoutingID is true for socket types whose engines must record the peer's Identity
	// (ROUTER, STREAM), as libzmq's options_t::recv_routing_id.
	RecvRoutingID bool
	// RawSocket is true for STREAM and for a ROUTER with ZMQ_ROUTER_RAW: no ZMTP on the wire,
	// as libzmq's options_t::raw_socket.
	RawSocket bool
}

// ReconnectStop bits: when an active session gives up reconnecting.
const (
	ReconnectStopConnRefused     = 0x1 // the peer refused the connection
	ReconnectStopHandshakeFailed = 0x2 // the connection failed before its handshake completed
	ReconnectStopAfterDisconnect = 0x4 // Disconnect was called (4.3.5's value; 4.3.4 used 0x3)
)

// Defaults returns libzmq's defaults for a socket of type t.
func Defaults(t Type) Options {
	o := Options{
		Type: t, SndHWM: 1000, RcvHWM: 1000, Linger: -1, RcvTimeo: -1, SndTimeo: -1,
		ReconnectIvl: 100 * time.Millisecond, HandshakeIvl: 30 * time.Second, Backlog: 100,
		MaxMsgSize: -1, MaxMultipartSize: -1, HeartbeatTimeout: -1, TCPKeepalive: -1, TCPKeepaliveCnt: -1,
		TCPKeepaliveIdle: -1, TCPKeepaliveIntvl: -1, SndBuf: -1, RcvBuf: -1, StreamNotify: true, UseFD: -1,
	}
	switch t {
	case SUB, XSUB:
		o.Linger = 0
	case ROUTER, REP, STREAM:
		// REP is a ROUTER inside (libzmq rep_t derives from router_t): it needs each peer's
		// routing-id message first in the pipe, or it would take the first request for one.
		o.RecvRoutingID = true
	}
	if t == STREAM {
		o.RawSocket = true
	}
	return o
}

// Clone returns a deep copy, for handing to objects on other threads.
func (o *Options) Clone() Options {
	c := *o
	c.RoutingID = append([]byte(nil), o.RoutingID...)
	c.ConnectRID = append([]byte(nil), o.ConnectRID...)
	c.XPubWelcomeMsg = append([]byte(nil), o.XPubWelcomeMsg...)
	if o.Metadata != nil {
		c.Metadata = make(map[string]string, len(o.Metadata))
		for k, v := range o.Metadata {
			c.Metadata[k] = v
		}
	}
	c.CurvePublicKey = append([]byte(nil), o.CurvePublicKey...)
	c.CurveSecretKey = append([]byte(nil), o.CurveSecretKey...)
	c.CurveServerKey = append([]byte(nil), o.CurveServerKey...)
	return c
}
