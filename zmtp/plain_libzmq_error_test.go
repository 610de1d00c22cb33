package zmtp

import (
	"errors"
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// A libzmq PLAIN server's ERROR reads "^RROR" (see plainLibzmqErrorPrefix); the client takes
// it as the ERROR it means, with its ZAP status.
func TestPlainClientAcceptsLibzmqError(t *testing.T) {
	for _, body := range []string{"\x05ERROR\x03400", "^RROR\x03400"} {
		c := NewPlainClient(MechanismOptions{SocketType: options.Type(3), PlainUsername: "u", PlainPassword: "p"})
		var m msg.Msg
		if ok, err := c.NextHandshakeCommand(&m); !ok || err != nil {
			t.Fatalf("HELLO: %v %v", ok, err)
		}
		m.Init([]byte(body), msg.Command)
		err := c.ProcessHandshakeCommand(&m)
		var pe *PeerError
		if !errors.As(err, &pe) || pe.AuthStatus() != 400 || c.Status() != Failed {
			t.Fatalf("%q: err %v, status %v", body, err, c.Status())
		}
	}
	c := NewPlainClient(MechanismOptions{SocketType: options.Type(3)})
	var m msg.Msg
	c.NextHandshakeCommand(&m)
	m.Init([]byte("^RROR\x09400"), msg.Command) // reason overruns the frame
	if err := c.ProcessHandshakeCommand(&m); !errors.Is(err, ErrMalformedError) {
		t.Fatalf("overrun reason: %v", err)
	}
}
