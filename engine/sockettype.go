package engine

// SocketType is a socket type numbered as in zmq.h. The root package converts its own
// zmq.SocketType to this one; the numbers are the same.
type SocketType int

// Socket types, zmq.h numbering (also the ZMTP 2.0 greeting's socket-type octet).
const (
	SocketPair   SocketType = 0
	SocketPub    SocketType = 1
	SocketSub    SocketType = 2
	SocketReq    SocketType = 3
	SocketRep    SocketType = 4
	SocketDealer SocketType = 5
	SocketRouter SocketType = 6
	SocketPull   SocketType = 7
	SocketPush   SocketType = 8
	SocketXPub   SocketType = 9
	SocketXSub   SocketType = 10
	SocketStream SocketType = 11
)

var socketTypeNames = [...]string{
	"PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB", "STREAM",
}

// String returns the ZMTP Socket-Type name ("DEALER"), or "" for an unknown value.
func (t SocketType) String() string {
	if t < 0 || int(t) >= len(socketTypeNames) {
		return ""
	}
	return socketTypeNames[t]
}

// Valid reports whether t is one of the twelve stable socket types.
func (t SocketType) Valid() bool { return t >= 0 && int(t) < len(socketTypeNames) }

// ParseSocketType maps a Socket-Type property value to its type. Names are case-sensitive,
// as in libzmq.
func ParseSocketType(name []byte) (SocketType, bool) {
	for i, n := range socketTypeNames {
		if string(name) == n {
			return SocketType(i), true
		}
	}
	return 0, false
}

// SendsIdentity reports whether libzmq puts an Identity property in this type's READY
// (REQ, DEALER and ROUTER only, ROUTER included unlike the RFC's example).
func (t SocketType) SendsIdentity() bool {
	return t == SocketReq || t == SocketDealer || t == SocketRouter
}

// Compatible reports whether a peer announcing Socket-Type peer may talk to t
// (libzmq mechanism_t::check_socket_type, ZMTP.md §2.4). STREAM never speaks ZMTP, so
// nothing is compatible with it.
func (t SocketType) Compatible(peer []byte) bool {
	p := string(peer) // no allocation: only compared
	switch t {
	case SocketReq:
		return p == "REP" || p == "ROUTER"
	case SocketRep:
		return p == "REQ" || p == "DEALER"
	case SocketDealer:
		return p == "REP" || p == "DEALER" || p == "ROUTER"
	case SocketRouter:
		return p == "REQ" || p == "DEALER" || p == "ROUTER"
	case SocketPush:
		return p == "PULL"
	case SocketPull:
		return p == "PUSH"
	case SocketPub, SocketXPub:
		return p == "SUB" || p == "XSUB"
	case SocketSub, SocketXSub:
		return p == "PUB" || p == "XPUB"
	case SocketPair:
		return p == "PAIR"
	}
	return false
}
