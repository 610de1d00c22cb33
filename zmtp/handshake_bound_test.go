package zmtp

import (
	"strings"
	"testing"

	"github.com/zreactor/zmq/internal/kdctest"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// boundedExchange runs two mechanisms against each other until neither has anything to
// say, failing t if a command is bigger than its receiver's MaxHandshakeCommand.
func boundedExchange(t *testing.T, a, b Mechanism) {
	t.Helper()
	for progress := true; progress; {
		progress = false
		for _, p := range [][2]Mechanism{{a, b}, {b, a}} {
			var m msg.Msg
			ok, err := p[0].NextHandshakeCommand(&m)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			progress = true
			if n, bound := m.Size(), p[1].MaxHandshakeCommand(); n > bound {
				t.Fatalf("%s command %q... of %d bytes, over its receiver's bound %d",
					p[0].Name(), m.Bytes()[:min(n, 10)], n, bound)
			}
			if err := p[1].ProcessHandshakeCommand(&m); err != nil {
				t.Fatal(err)
			}
		}
	}
	if a.Status() != Ready || b.Status() != Ready {
		t.Fatalf("handshake did not complete: %v, %v", a.Status(), b.Status())
	}
}

// The handshake bounds refuse no valid peer: the largest commands each mechanism can accept
// (credentials of 255 bytes, property lists exactly at the receiver's MaxMetadataSize) fit.
func TestHandshakeBoundsFitLargestCommands(t *testing.T) {
	meta := map[string]string{"X-Big": strings.Repeat("m", 3000)}
	rid := []byte(strings.Repeat("r", 255))
	// Both sides send the same property list: Socket-Type (DEALER and ROUTER are the same
	// length), Identity and X-Big.
	limit := len(AppendReady(nil, options.DEALER, rid, meta)) - readyCommandHead
	client := MechanismOptions{SocketType: options.DEALER, RoutingID: rid, Metadata: meta,
		MaxMetadataSize: limit}
	server := MechanismOptions{SocketType: options.ROUTER, RoutingID: rid, Metadata: meta,
		MaxMetadataSize: limit, AsServer: true, RecvRoutingID: true}

	t.Run("NULL", func(t *testing.T) {
		boundedExchange(t, NewNullMechanism(client), NewNullMechanism(server))
	})
	t.Run("PLAIN", func(t *testing.T) {
		user, pass := strings.Repeat("u", 255), strings.Repeat("p", 255)
		co, so := client, server
		co.PlainUsername, co.PlainPassword = user, pass
		so.ZapDomain, so.ZAP = "global", &plainTestZAP{answer: plainTestHandler(map[string]string{user: pass})}
		boundedExchange(t, NewPlainClient(co), NewPlainServer(so))
	})
	t.Run("CURVE", func(t *testing.T) {
		co, so := curveClientOpts(), curveServerOpts()
		co.RoutingID, co.Metadata, co.MaxMetadataSize = rid, meta, limit
		so.RoutingID, so.Metadata, so.MaxMetadataSize = rid, meta, limit
		c, s := newTestCurvePair(t, co, so)
		boundedExchange(t, c, s)
	})
	t.Run("GSSAPI", func(t *testing.T) {
		co, so := gssOpts(kdctest.Start(t), false)
		co.RoutingID, co.Metadata, co.MaxMetadataSize = rid, meta, limit
		so.RoutingID, so.Metadata, so.MaxMetadataSize = rid, meta, limit
		boundedExchange(t, NewGSSAPIClient(co), NewGSSAPIServer(so))
	})
}

// An ERROR with the longest reason fits wherever an ERROR may come.
func TestHandshakeBoundsFitError(t *testing.T) {
	longest := len(AppendError(nil, strings.Repeat("e", 255)))
	c, _ := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	curveNext(t, c) // HELLO: the client now expects WELCOME or ERROR
	for _, m := range []Mechanism{NewNullMechanism(MechanismOptions{SocketType: options.DEALER}),
		NewPlainClient(MechanismOptions{SocketType: options.DEALER}), c} {
		if m.MaxHandshakeCommand() < longest {
			t.Errorf("%s: bound %d, below the longest ERROR (%d)", m.Name(), m.MaxHandshakeCommand(), longest)
		}
	}
}

// A CURVE server waiting for HELLO takes its 200 bytes and no more.
func TestCurveServerBoundsHello(t *testing.T) {
	_, s := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	if got := s.MaxHandshakeCommand(); got != curveHelloSize {
		t.Fatalf("bound before HELLO %d, want %d", got, curveHelloSize)
	}
}
