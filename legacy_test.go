package zmq_test

import (
	"net"
	"testing"
	"time"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// With legacy peers refused, bytes that are not a ZMTP 3 greeting end the connection during the
// greeting, and nothing reaches the application; by default (libzmq's behaviour) such a peer is
// read as ZMTP 1.0.
func TestZMTPLegacyRefused(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PULL)
	if err := s.SetZMTPLegacy(false); err != nil {
		t.Fatal(err)
	}
	events, err := s.Monitor(zmq.EventDisconnected | zmq.EventHandshakeSucceeded)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", s.LastEndpoint()[len("tcp://"):])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A ZMTP 1.0 frame: length 6 (flags + body), flags 0, "hello".
	if _, err := conn.Write([]byte("\x06\x00hello")); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 128)
	for {
		if _, err := conn.Read(buf); err != nil {
			break // closed by the server (or the deadline, caught below)
		}
	}
	select {
	case e := <-events:
		if e.Kind != zmq.EventDisconnected {
			t.Fatalf("event %v, want DISCONNECTED", e.Kind)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no DISCONNECTED reported")
	}
	if b, err := s.Recv(zmq.DontWait); err == nil {
		t.Fatalf("a legacy peer's frame reached the application: %q", b)
	}
}
