package event

import (
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestKindValuesAndNames(t *testing.T) {
	// libzmq 4.3's ZMQ_EVENT_* values, which the monitor's wire format carries.
	want := map[Kind]uint32{Connected: 1, ConnectDelayed: 2, ConnectRetried: 4, Listening: 8,
		BindFailed: 0x10, Accepted: 0x20, AcceptFailed: 0x40, Closed: 0x80, CloseFailed: 0x100,
		Disconnected: 0x200, MonitorStopped: 0x400, HandshakeFailedNoDetail: 0x800,
		HandshakeSucceeded: 0x1000, HandshakeFailedProtocol: 0x2000, HandshakeFailedAuth: 0x4000}
	for k, v := range want {
		if uint32(k) != v || k.String() == "EVENT_UNKNOWN" || All&k == 0 {
			t.Errorf("%v = %#x, want %#x", k, uint32(k), v)
		}
	}
	if Kind(0x8000).String() != "EVENT_UNKNOWN" {
		t.Fatal("unknown kind")
	}
	Nop{}.Event(Event{Kind: Connected})
}
