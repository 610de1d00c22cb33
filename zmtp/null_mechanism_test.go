package zmtp

import (
	"errors"
	"syscall"
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// exchange runs two mechanisms against each other until both are ready or one fails.
func exchange(t *testing.T, a, b Mechanism) error {
	t.Helper()
	for range 10 {
		for _, p := range [][2]Mechanism{{a, b}, {b, a}} {
			var m msg.Msg
			ok, err := p[0].NextHandshakeCommand(&m)
			if err != nil {
				return err
			}
			if ok {
				if !m.IsCommand() {
					t.Fatal("handshake frame without COMMAND flag")
				}
				if err := p[1].ProcessHandshakeCommand(&m); err != nil {
					return err
				}
			}
		}
		if a.Status() == Ready && b.Status() == Ready {
			return nil
		}
	}
	t.Fatal("handshake did not finish")
	return nil
}

func TestNullHandshakeDealerRouter(t *testing.T) {
	d := NewNullMechanism(MechanismOptions{SocketType: options.DEALER, RoutingID: []byte("d1"),
		Metadata: map[string]string{"X-App": "demo"}})
	r := NewNullMechanism(MechanismOptions{SocketType: options.ROUTER, RecvRoutingID: true})
	if d.Status() != Handshaking {
		t.Fatal(d.Status())
	}
	if err := exchange(t, d, r); err != nil {
		t.Fatal(err)
	}
	if id, ok := r.PeerRoutingID(); !ok || string(id) != "d1" {
		t.Fatalf("routing id %q %v", id, ok)
	}
	p := r.PeerProperties()
	if p["Socket-Type"] != "DEALER" || p["Identity"] != "d1" || p["X-App"] != "demo" {
		t.Fatalf("%v", p)
	}
	if _, ok := d.PeerRoutingID(); ok {
		t.Fatal("DEALER recorded a routing id")
	}
	var m msg.Msg
	if ok, _ := d.NextHandshakeCommand(&m); ok {
		t.Fatal("READY sent twice")
	}
	m.Init(AppendReady(nil, options.ROUTER, nil, nil), msg.Command)
	if err := d.ProcessHandshakeCommand(&m); !errors.Is(err, ErrUnexpectedCommand) || CodeOf(err) != CodeUnexpectedCommand {
		t.Fatalf("second READY: %v", err)
	}
}

func TestNullIncompatibleSocketType(t *testing.T) {
	err := exchange(t, NewNullMechanism(MechanismOptions{SocketType: options.PUSH}),
		NewNullMechanism(MechanismOptions{SocketType: options.PUB}))
	if !errors.Is(err, ErrIncompatibleSocketType) || !errors.Is(err, syscall.EPROTO) {
		t.Fatal(err)
	}
}

func TestNullPeerCommands(t *testing.T) {
	cases := []struct {
		name string
		body string
		want error
	}{
		{"ready without Socket-Type", `05 "READY"`, nil},
		{"ready with only X- data", `05 "READY" 03 "X-a" 00000000`, nil},
		{"ready truncated property", `05 "READY" 0b "Socket-Type" 00000006 "DEAL"`, ErrInvalidMetadata},
		{"ready trailing byte", `05 "READY" 0b "Socket-Type" 00000004 "PULL" 00`, ErrInvalidMetadata},
		{"ready wrong type", `05 "READY" 0b "Socket-Type" 00000004 "PUSH"`, ErrIncompatibleSocketType},
		{"ready lowercase type", `05 "READY" 0b "Socket-Type" 00000004 "pull"`, ErrIncompatibleSocketType},
		{"ready duplicate, last wins", `05 "READY" 0b "Socket-Type" 00000004 "PULL" 0b "Socket-Type" 00000004 "PULL"`, nil},
		{"ping before ready", `04 "PING" 00 00`, ErrUnexpectedCommand},
		{"unknown", `03 "FOO"`, ErrUnexpectedCommand},
		{"empty", ``, ErrUnexpectedCommand},
		{"short ready", `05 "READ"`, ErrUnexpectedCommand},
		{"error malformed", `05 "ERROR" 09 "400"`, ErrMalformedError},
	}
	for _, c := range cases {
		n := NewNullMechanism(MechanismOptions{SocketType: options.PUSH})
		var m msg.Msg
		m.Init(unhex(t, c.body), msg.Command)
		if err := n.ProcessHandshakeCommand(&m); !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	big := NewNullMechanism(MechanismOptions{SocketType: options.PUSH, MaxMetadataSize: 100})
	var m msg.Msg
	m.Init(AppendProperty(unhex(t, `05 "READY"`), "X-big", make([]byte, 100)), msg.Command)
	if err := big.ProcessHandshakeCommand(&m); !errors.Is(err, ErrMetadataTooLarge) {
		t.Error(err)
	}
}

func TestNullPeerError(t *testing.T) {
	n := NewNullMechanism(MechanismOptions{SocketType: options.REQ})
	var m msg.Msg
	n.NextHandshakeCommand(&m)
	m.Init(AppendError(nil, "400"), msg.Command)
	err := n.ProcessHandshakeCommand(&m)
	var pe *PeerError
	if !errors.As(err, &pe) || pe.Reason != "400" || pe.AuthStatus() != 400 || !errors.Is(err, syscall.EPROTO) {
		t.Fatal(err)
	}
	if n.Status() != Failed {
		t.Fatal(n.Status())
	}
	for reason, status := range map[string]int{"300": 300, "500": 500, "200": 0, "4000": 0, "40x": 0, "": 0} {
		if got := (&PeerError{Reason: reason}).AuthStatus(); got != status {
			t.Errorf("%q: %d", reason, got)
		}
	}
}
