// Package event is the socket monitor's vocabulary, shared by the objects that raise events on
// the I/O threads (listeners, connecters, engines, sessions) and the socket that delivers them.
// Values are libzmq's ZMQ_EVENT_* numbers.
//
// Threading rule: Kind and Event are plain values; a Sink is called from the I/O threads and
// must be safe for concurrent use (Nop is).
//
// Like everything under internal/, this package is the library's machinery and carries no
// compatibility promise (Go lets only code under github.com/zreactor/zmq import it):
// applications import only the root package github.com/zreactor/zmq and auth/.
package event

// Kind is a monitor event, with libzmq's value.
type Kind uint32

// The events libzmq 4.3 raises, with its values.
const (
	Connected               Kind = 0x0001
	ConnectDelayed          Kind = 0x0002
	ConnectRetried          Kind = 0x0004
	Listening               Kind = 0x0008
	BindFailed              Kind = 0x0010
	Accepted                Kind = 0x0020
	AcceptFailed            Kind = 0x0040
	Closed                  Kind = 0x0080
	CloseFailed             Kind = 0x0100
	Disconnected            Kind = 0x0200
	MonitorStopped          Kind = 0x0400
	HandshakeFailedNoDetail Kind = 0x0800
	HandshakeSucceeded      Kind = 0x1000
	HandshakeFailedProtocol Kind = 0x2000
	HandshakeFailedAuth     Kind = 0x4000
	All                     Kind = 0xffff
)

var names = map[Kind]string{
	Connected: "CONNECTED", ConnectDelayed: "CONNECT_DELAYED", ConnectRetried: "CONNECT_RETRIED",
	Listening: "LISTENING", BindFailed: "BIND_FAILED", Accepted: "ACCEPTED",
	AcceptFailed: "ACCEPT_FAILED", Closed: "CLOSED", CloseFailed: "CLOSE_FAILED",
	Disconnected: "DISCONNECTED", MonitorStopped: "MONITOR_STOPPED",
	HandshakeFailedNoDetail: "HANDSHAKE_FAILED_NO_DETAIL", HandshakeSucceeded: "HANDSHAKE_SUCCEEDED",
	HandshakeFailedProtocol: "HANDSHAKE_FAILED_PROTOCOL", HandshakeFailedAuth: "HANDSHAKE_FAILED_AUTH",
}

func (k Kind) String() string {
	if n, ok := names[k]; ok {
		return n
	}
	return "EVENT_UNKNOWN"
}

// Event is one monitor event: what happened, libzmq's value for it (an fd, an errno, an interval
// in milliseconds, a protocol error code), and the endpoint it concerns.
type Event struct {
	Kind     Kind
	Value    int64
	Endpoint string
}

// Sink receives events. Implementations must be safe to call from any thread and must not
// block: events are raised on I/O threads.
type Sink interface {
	Event(e Event)
}

// Nop is a Sink that drops everything, for objects created without a monitor.
type Nop struct{}

// Event drops e.
func (Nop) Event(Event) {}
