package zmq_test

import (
	"testing"
	"time"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Close reports the teardown's own events before MONITOR_STOPPED, as libzmq does: a bound
// socket's listener says CLOSED, then the channel ends.
func TestMonitorSeesTeardownOnClose(t *testing.T) {
	c := testutil.NewCtx(t)
	s, err := c.NewSocket(zmq.PULL)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatal(err)
	}
	events, err := s.Monitor(zmq.EventClosed | zmq.EventMonitorStopped)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var kinds []zmq.EventKind
	timeout := time.After(5 * time.Second)
	for open := true; open; {
		select {
		case e, ok := <-events:
			if ok {
				kinds = append(kinds, e.Kind)
			}
			open = ok
		case <-timeout:
			t.Fatalf("monitor channel not closed; saw %v", kinds)
		}
	}
	if len(kinds) != 2 || kinds[0] != zmq.EventClosed || kinds[1] != zmq.EventMonitorStopped {
		t.Fatalf("events on Close = %v, want [CLOSED MONITOR_STOPPED]", kinds)
	}
}
