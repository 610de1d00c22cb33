package socket

// Type is a socket type, numbered as in zmq.h.
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

func (t Type) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "UNKNOWN"
}

// Valid reports whether t is a known socket type.
func (t Type) Valid() bool { return t >= 0 && int(t) < len(typeNames) }
