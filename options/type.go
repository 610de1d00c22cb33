package options

// Type is a socket type, numbered as in zmq.h; the number is also the ZMTP 2.0 greeting's
// socket-type octet and the name (String) the ZMTP 3.x Socket-Type property. The root
// package's public zmq.SocketType converts to it at the API edge; the numbers are the same.
type Type int

// The socket types.
const (
	PAIR Type = iota
	PUB
	SUB
	REQ
	REP
	DEALER
	ROUTER
	PULL
	PUSH
	XPUB
	XSUB
	STREAM
)

var typeNames = [...]string{"PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL",
	"PUSH", "XPUB", "XSUB", "STREAM"}

// String is the type's ZMTP Socket-Type name ("DEALER"), or "UNKNOWN" for an invalid value.
func (t Type) String() string {
	if t.Valid() {
		return typeNames[t]
	}
	return "UNKNOWN"
}

// Valid reports whether t is one of the twelve stable socket types.
func (t Type) Valid() bool { return t >= 0 && int(t) < len(typeNames) }

// ParseType maps a Socket-Type property value to its type. Names are case-sensitive, as in
// libzmq.
func ParseType(name []byte) (Type, bool) {
	for i, n := range typeNames {
		if string(name) == n {
			return Type(i), true
		}
	}
	return 0, false
}

// SendsIdentity reports whether libzmq puts an Identity property in this type's READY
// (REQ, DEALER and ROUTER only, ROUTER included unlike the RFC's example).
func (t Type) SendsIdentity() bool {
	return t == REQ || t == DEALER || t == ROUTER
}

// Compatible reports whether a peer announcing Socket-Type peer may talk to t
// (libzmq mechanism_t::check_socket_type, probed against libzmq 4.3.4). STREAM never speaks ZMTP, so
// nothing is compatible with it.
func (t Type) Compatible(peer []byte) bool {
	p := string(peer) // no allocation: only compared
	switch t {
	case REQ:
		return p == "REP" || p == "ROUTER"
	case REP:
		return p == "REQ" || p == "DEALER"
	case DEALER:
		return p == "REP" || p == "DEALER" || p == "ROUTER"
	case ROUTER:
		return p == "REQ" || p == "DEALER" || p == "ROUTER"
	case PUSH:
		return p == "PULL"
	case PULL:
		return p == "PUSH"
	case PUB, XPUB:
		return p == "SUB" || p == "XSUB"
	case SUB, XSUB:
		return p == "PUB" || p == "XPUB"
	case PAIR:
		return p == "PAIR"
	}
	return false
}
