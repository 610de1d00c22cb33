package zmq_test

import (
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/options"
)

// The public event kinds and mechanisms are types of their own, converted at the edge: their
// values must stay those of the machinery, which are libzmq's.
func TestEventKindValues(t *testing.T) {
	pairs := []struct {
		pub  zmq.EventKind
		impl event.Kind
		val  uint32
	}{
		{zmq.EventConnected, event.Connected, 0x0001},
		{zmq.EventConnectDelayed, event.ConnectDelayed, 0x0002},
		{zmq.EventConnectRetried, event.ConnectRetried, 0x0004},
		{zmq.EventListening, event.Listening, 0x0008},
		{zmq.EventBindFailed, event.BindFailed, 0x0010},
		{zmq.EventAccepted, event.Accepted, 0x0020},
		{zmq.EventAcceptFailed, event.AcceptFailed, 0x0040},
		{zmq.EventClosed, event.Closed, 0x0080},
		{zmq.EventCloseFailed, event.CloseFailed, 0x0100},
		{zmq.EventDisconnected, event.Disconnected, 0x0200},
		{zmq.EventMonitorStopped, event.MonitorStopped, 0x0400},
		{zmq.EventHandshakeFailedNoDetail, event.HandshakeFailedNoDetail, 0x0800},
		{zmq.EventHandshakeSucceeded, event.HandshakeSucceeded, 0x1000},
		{zmq.EventHandshakeFailedProtocol, event.HandshakeFailedProtocol, 0x2000},
		{zmq.EventHandshakeFailedAuth, event.HandshakeFailedAuth, 0x4000},
		{zmq.EventAll, event.All, 0xffff},
	}
	for _, p := range pairs {
		if uint32(p.pub) != p.val || uint32(p.impl) != p.val || p.pub.String() != p.impl.String() {
			t.Errorf("%v = %#x (%v = %#x), want %#x", p.pub, uint32(p.pub), p.impl, uint32(p.impl), p.val)
		}
	}
	if zmq.EventKind(0x8000).String() != "EVENT_UNKNOWN" {
		t.Errorf("unknown kind: %q", zmq.EventKind(0x8000).String())
	}
}

func TestMechanismValues(t *testing.T) {
	for _, c := range []struct {
		pub  zmq.Mechanism
		impl options.Mechanism
		val  int
		name string
	}{
		{zmq.MechanismNull, options.MechNull, 0, "NULL"},
		{zmq.MechanismPlain, options.MechPlain, 1, "PLAIN"},
		{zmq.MechanismCurve, options.MechCurve, 2, "CURVE"},
		{zmq.MechanismGSSAPI, options.MechGSSAPI, 3, "GSSAPI"},
	} {
		if int(c.pub) != c.val || int(c.impl) != c.val || c.pub.String() != c.name {
			t.Errorf("%v = %d, want %d %s", c.pub, c.pub, c.val, c.name)
		}
	}
	if s := zmq.Mechanism(9).String(); s != "Mechanism(9)" {
		t.Errorf("Mechanism(9).String() = %q", s)
	}
}

func TestEventString(t *testing.T) {
	for _, c := range []struct {
		e    zmq.Event
		want string
	}{
		{zmq.Event{Kind: zmq.EventConnected, Value: 9, Endpoint: "tcp://127.0.0.1:5555"}, "CONNECTED tcp://127.0.0.1:5555 (fd 9)"},
		{zmq.Event{Kind: zmq.EventConnectRetried, Value: 200, Endpoint: "tcp://h:1"}, "CONNECT_RETRIED tcp://h:1 (in 200ms)"},
		{zmq.Event{Kind: zmq.EventHandshakeFailedNoDetail, Value: 104, Endpoint: "tcp://h:1"}, "HANDSHAKE_FAILED_NO_DETAIL tcp://h:1 (connection reset by peer)"},
		{zmq.Event{Kind: zmq.EventHandshakeFailedProtocol, Value: 0x10000013, Endpoint: "tcp://h:1"}, "HANDSHAKE_FAILED_PROTOCOL tcp://h:1 (ZMTP_MALFORMED_COMMAND_HELLO)"},
		{zmq.Event{Kind: zmq.EventHandshakeFailedProtocol, Value: 0x30000000}, "HANDSHAKE_FAILED_PROTOCOL (0x30000000)"},
		{zmq.Event{Kind: zmq.EventHandshakeFailedAuth, Value: 400, Endpoint: "tcp://h:1"}, "HANDSHAKE_FAILED_AUTH tcp://h:1 (ZAP status 400)"},
		{zmq.Event{Kind: zmq.EventMonitorStopped}, "MONITOR_STOPPED"},
		{zmq.Event{Kind: zmq.EventHandshakeSucceeded, Endpoint: "tcp://h:1"}, "HANDSHAKE_SUCCEEDED tcp://h:1"},
	} {
		if got := c.e.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.e, got, c.want)
		}
	}
}
