package zmq_test

import (
	"errors"
	"net"
	"testing"
	"time"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// closedPort returns a loopback endpoint nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "tcp://" + addr
}

func TestReconnectStopConnRefused(t *testing.T) {
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PUSH)
	if err := s.SetReconnectIvl(10 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := s.SetReconnectStop(zmq.ReconnectStopConnRefused); err != nil {
		t.Fatal(err)
	}
	events, err := s.Monitor(zmq.EventAll)
	if err != nil {
		t.Fatal(err)
	}
	ep := closedPort(t)
	if err := s.Connect(ep); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(5 * time.Second)
	for closed := false; !closed; {
		select {
		case e := <-events:
			if e.Kind == zmq.EventConnectRetried {
				t.Fatalf("got %v after a refused connect with ReconnectStopConnRefused", e.Kind)
			}
			closed = e.Kind == zmq.EventClosed
		case <-deadline:
			t.Fatal("no CLOSED event")
		}
	}
	// No retry follows, and the socket drops the endpoint.
	select {
	case e := <-events:
		if e.Kind == zmq.EventConnectRetried || e.Kind == zmq.EventConnectDelayed {
			t.Fatalf("got %v: the socket kept reconnecting", e.Kind)
		}
	case <-time.After(100 * time.Millisecond):
	}
	// The session tells the socket to drop the endpoint; let the socket process that command
	// (Events processes pending commands) before checking.
	for start := time.Now(); time.Since(start) < 300*time.Millisecond; time.Sleep(5 * time.Millisecond) {
		if _, err := s.Events(); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Disconnect(ep); !errors.Is(err, zmq.ErrNoEntry) {
		t.Fatalf("Disconnect = %v, want ErrNoEntry: the endpoint was not dropped", err)
	}
	if err := s.SetReconnectStop(8); !errors.Is(err, zmq.ErrInvalid) {
		t.Fatalf("SetReconnectStop(8) = %v, want ErrInvalid", err)
	}
}
