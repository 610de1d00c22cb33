//go:build cgo

package libzmq

/*
#include <zmq.h>
*/
import "C"

import "syscall"

// SocketType is a libzmq socket type (ZMQ_PAIR ...).
type SocketType int

// Socket types, with libzmq's values.
const (
	PAIR   SocketType = C.ZMQ_PAIR
	PUB    SocketType = C.ZMQ_PUB
	SUB    SocketType = C.ZMQ_SUB
	REQ    SocketType = C.ZMQ_REQ
	REP    SocketType = C.ZMQ_REP
	DEALER SocketType = C.ZMQ_DEALER
	ROUTER SocketType = C.ZMQ_ROUTER
	PULL   SocketType = C.ZMQ_PULL
	PUSH   SocketType = C.ZMQ_PUSH
	XPUB   SocketType = C.ZMQ_XPUB
	XSUB   SocketType = C.ZMQ_XSUB
	STREAM SocketType = C.ZMQ_STREAM
)

// Flag is a send/recv flag.
type Flag int

// Flags, as ZMQ_DONTWAIT and ZMQ_SNDMORE.
const (
	DontWait Flag = C.ZMQ_DONTWAIT
	SndMore  Flag = C.ZMQ_SNDMORE
)

// Option is a socket option number (ZMQ_LINGER ...).
type Option int

// Socket options, with libzmq's numbers. Durations are in milliseconds,
// as libzmq takes them.
const (
	Affinity         Option = C.ZMQ_AFFINITY
	RoutingID        Option = C.ZMQ_ROUTING_ID
	Subscribe        Option = C.ZMQ_SUBSCRIBE
	Unsubscribe      Option = C.ZMQ_UNSUBSCRIBE
	RcvMore          Option = C.ZMQ_RCVMORE
	Type             Option = C.ZMQ_TYPE
	Linger           Option = C.ZMQ_LINGER
	ReconnectIvl     Option = C.ZMQ_RECONNECT_IVL
	ReconnectIvlMax  Option = C.ZMQ_RECONNECT_IVL_MAX
	Backlog          Option = C.ZMQ_BACKLOG
	MaxMsgSize       Option = C.ZMQ_MAXMSGSIZE
	SndHWM           Option = C.ZMQ_SNDHWM
	RcvHWM           Option = C.ZMQ_RCVHWM
	RcvTimeo         Option = C.ZMQ_RCVTIMEO
	SndTimeo         Option = C.ZMQ_SNDTIMEO
	LastEndpoint     Option = C.ZMQ_LAST_ENDPOINT
	RouterMandatory  Option = C.ZMQ_ROUTER_MANDATORY
	RouterRaw        Option = C.ZMQ_ROUTER_RAW // deprecated in libzmq, still served
	TCPKeepalive     Option = C.ZMQ_TCP_KEEPALIVE
	Immediate        Option = C.ZMQ_IMMEDIATE
	XPubVerbose      Option = C.ZMQ_XPUB_VERBOSE
	PlainServer      Option = C.ZMQ_PLAIN_SERVER
	PlainUsername    Option = C.ZMQ_PLAIN_USERNAME
	PlainPassword    Option = C.ZMQ_PLAIN_PASSWORD
	CurveServer      Option = C.ZMQ_CURVE_SERVER
	CurvePublicKey   Option = C.ZMQ_CURVE_PUBLICKEY
	CurveSecretKey   Option = C.ZMQ_CURVE_SECRETKEY
	CurveServerKey   Option = C.ZMQ_CURVE_SERVERKEY
	ProbeRouter      Option = C.ZMQ_PROBE_ROUTER
	ReqCorrelate     Option = C.ZMQ_REQ_CORRELATE
	ReqRelaxed       Option = C.ZMQ_REQ_RELAXED
	Conflate         Option = C.ZMQ_CONFLATE
	ZapDomain        Option = C.ZMQ_ZAP_DOMAIN
	RouterHandover   Option = C.ZMQ_ROUTER_HANDOVER
	HandshakeIvl     Option = C.ZMQ_HANDSHAKE_IVL
	XPubVerboser     Option = C.ZMQ_XPUB_VERBOSER
	HeartbeatIvl     Option = C.ZMQ_HEARTBEAT_IVL
	HeartbeatTTL     Option = C.ZMQ_HEARTBEAT_TTL
	HeartbeatTimeout Option = C.ZMQ_HEARTBEAT_TIMEOUT
	ConnectTimeout   Option = C.ZMQ_CONNECT_TIMEOUT
	Events           Option = C.ZMQ_EVENTS

	// GSSAPI (libzmq built with MIT Kerberos; Has("gssapi")).
	GSSAPIServer                   Option = C.ZMQ_GSSAPI_SERVER
	GSSAPIPrincipal                Option = C.ZMQ_GSSAPI_PRINCIPAL
	GSSAPIServicePrincipal         Option = C.ZMQ_GSSAPI_SERVICE_PRINCIPAL
	GSSAPIPlaintext                Option = C.ZMQ_GSSAPI_PLAINTEXT
	GSSAPIPrincipalNameType        Option = C.ZMQ_GSSAPI_PRINCIPAL_NAMETYPE
	GSSAPIServicePrincipalNameType Option = C.ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE
)

// GSSAPI principal name types (ZMQ_GSSAPI_NT_*).
const (
	GSSAPINTHostbased     = C.ZMQ_GSSAPI_NT_HOSTBASED
	GSSAPINTUserName      = C.ZMQ_GSSAPI_NT_USER_NAME
	GSSAPINTKRB5Principal = C.ZMQ_GSSAPI_NT_KRB5_PRINCIPAL
)

// Context options for Context.Set.
const (
	IOThreads  = C.ZMQ_IO_THREADS
	MaxSockets = C.ZMQ_MAX_SOCKETS
)

// Event is a socket monitor event bit (ZMQ_EVENT_*).
type Event int

// Monitor events, with libzmq's values.
const (
	EventConnected               Event = C.ZMQ_EVENT_CONNECTED
	EventConnectDelayed          Event = C.ZMQ_EVENT_CONNECT_DELAYED
	EventConnectRetried          Event = C.ZMQ_EVENT_CONNECT_RETRIED
	EventListening               Event = C.ZMQ_EVENT_LISTENING
	EventBindFailed              Event = C.ZMQ_EVENT_BIND_FAILED
	EventAccepted                Event = C.ZMQ_EVENT_ACCEPTED
	EventAcceptFailed            Event = C.ZMQ_EVENT_ACCEPT_FAILED
	EventClosed                  Event = C.ZMQ_EVENT_CLOSED
	EventCloseFailed             Event = C.ZMQ_EVENT_CLOSE_FAILED
	EventDisconnected            Event = C.ZMQ_EVENT_DISCONNECTED
	EventMonitorStopped          Event = C.ZMQ_EVENT_MONITOR_STOPPED
	EventHandshakeFailedNoDetail Event = 0x0800
	EventHandshakeSucceeded      Event = 0x1000
	EventHandshakeFailedProtocol Event = 0x2000
	EventHandshakeFailedAuth     Event = 0x4000
	EventAll                     Event = 0xFFFF
)

// libzmq's own errno values on Linux; they wrap as syscall.Errno.
const (
	ETERM          = syscall.Errno(C.ETERM)
	EFSM           = syscall.Errno(C.EFSM)
	ENOCOMPATPROTO = syscall.Errno(C.ENOCOMPATPROTO)
	EMTHREAD       = syscall.Errno(C.EMTHREAD)
	EHOSTUNREACH   = syscall.EHOSTUNREACH
	EAGAIN         = syscall.EAGAIN
)
