//go:build cgo

package interop_test

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// Hostile PLAIN and CURVE clients, written by hand over raw TCP, against a libzmq server and
// against ours (ZAP handler bound, an honest client of the other library served beside them). Each case ends
// in a closed connection, the events libzmq 4.3.4 raises for it (the libzmq run proves the
// expectation), nothing of the hostile client's delivered, and the honest client still served.

// libzmq's ZMQ_PROTOCOL_ERROR_ZMTP_* codes for the security handshakes (zmtp/errors.go).
const (
	protoUnexpectedCommand = 0x10000001
	protoInvalidSequence   = 0x10000002
	protoKeyExchange       = 0x10000003
	protoMalformedUnspec   = 0x10000011
	protoMalformedMessage  = 0x10000012
	protoMalformedHello    = 0x10000013
	protoMalformedInitiate = 0x10000014
	protoCryptographic     = 0x11000001
)

func evAuth(status int64) secEvent {
	return secEvent{Kind: zmq.EventHandshakeFailedAuth, Value: status}
}

func evProto(code int64) secEvent {
	return secEvent{Kind: zmq.EventHandshakeFailedProtocol, Value: code}
}

var (
	evOK           = secEvent{Kind: zmq.EventHandshakeSucceeded}
	evDisconnected = secEvent{Kind: zmq.EventDisconnected, Value: -1}
	evAccepted     = secEvent{Kind: zmq.EventAccepted, Value: -1}
)

// dialRawFrom is zmtptest.Dial from a given loopback source address.
func dialRawFrom(t testing.TB, src, endpoint string) *zmtptest.Peer {
	t.Helper()
	d := net.Dialer{Timeout: testutil.WaitTimeout, LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	c, err := d.Dial("tcp", zmtptest.TCPAddr(t, endpoint))
	if err != nil {
		t.Fatalf("raw dial %s from %s: %v", endpoint, src, err)
	}
	return zmtptest.NewPeer(t, c.(*net.TCPConn))
}

// libzmqPlainError is how libzmq 4.3 (4.3.4 to master) spells the PLAIN ERROR command's name:
// its plain_common.hpp writes "\x05ERROR", and C reads \x05E as the one hex escape 0x5E, so the
// command goes out as "^RROR" with no name-length octet, followed by the reason's length and
// the reason (CURVE's "\5ERROR" is fine). libzmq's PLAIN client recognises only that form, and
// raises HANDSHAKE_FAILED_AUTH from it; RFC 24's "\x05ERROR" makes it raise
// HANDSHAKE_FAILED_PROTOCOL UNEXPECTED_COMMAND instead (and close all the same).
const libzmqPlainError = "^RROR"

// zrPlainError is our PLAIN server's spelling. zmtp/plain_cmd.go sends RFC 24's on purpose
// (and our client accepts both); the tests pin that choice here, so that switching to
// libzmq's spelling is this one constant.
const zrPlainError = "\x05ERROR"

// plainRefusalSeenByLib is the event a libzmq PLAIN client raises when our server refuses it
// with ZAP status 400.
func plainRefusalSeenByLib() secEvent {
	if zrPlainError == libzmqPlainError {
		return evAuth(400)
	}
	return evProto(protoUnexpectedCommand)
}

// authDenied checks a ZAP denial: the server raises HANDSHAKE_FAILED_AUTH and sends ERROR
// with the status code. Then libzmq waits for the client to hang up (a client that never does
// holds the connection until the handshake timer); ours closes at once (lead's decision), so a
// hostile client cannot hold it.
func authDenied(t *testing.T, s *secServer, c *rawCurve, auth secEvent) {
	t.Helper()
	s.expect(auth)
	flags, body := c.ReadFrame()
	want := fmt.Sprintf("\x05ERROR\x03%d", auth.Value)
	switch {
	case s.setup.mech == "PLAIN" && s.lib:
		want = fmt.Sprintf(libzmqPlainError+"\x03%d", auth.Value)
	case s.setup.mech == "PLAIN":
		want = fmt.Sprintf(zrPlainError+"\x03%d", auth.Value)
	}
	if flags != zmtptest.FlagCommand || string(body) != want {
		t.Fatalf("%s server sent %#x %q, want ERROR %q", s.name(), flags, body, want)
	}
	if s.lib {
		s.expectQuiet()
		c.Close()
	} else {
		c.ExpectClosed()
	}
	s.expect(evDisconnected)
}

// libHeld works around a libzmq 4.3.4 race, for libzmq's server only: when a mechanism fails
// it raises its monitor event first, and that event's send can leave errno at EAGAIN
// (socket_base_t's process_commands, run now and then inside the monitor's send); the engine
// then only stops reading instead of closing, and the connection is held, even past the
// client's hang-up. Seen after MESSAGE decode failures and after a PLAIN HELLO with no ZAP
// handler; any mechanism failure can hit it. libHeld returns false for our server (the caller expects DISCONNECTED itself).
// For libzmq's it waits for DISCONNECTED, logs a hold when none comes, and returns true.
func (s *secServer) libHeld(c *rawCurve, clientCloses bool) bool {
	s.t.Helper()
	if !s.lib {
		return false
	}
	if s.libDisconnected() && c != nil && !clientCloses {
		c.ExpectClosed()
	}
	return true
}

// expectFailure expects events, the last being DISCONNECTED, which libzmq's server may hold
// back (see libHeld).
func (s *secServer) expectFailure(events ...secEvent) {
	s.t.Helper()
	n := len(events) - 1
	s.expect(events[:n]...)
	if s.lib && events[n].Kind == zmq.EventDisconnected {
		s.libDisconnected()
		return
	}
	s.expect(events[n])
}

// libDisconnected waits for libzmq's DISCONNECTED, reporting false (and logging) when libzmq
// held the connection instead (see libHeld).
func (s *secServer) libDisconnected() bool {
	s.t.Helper()
	e, err := s.next(2 * time.Second)
	if err != nil {
		s.t.Logf("libzmq held the connection after the failure (its errno race)")
		return false
	}
	s.seen = append(s.seen, e)
	if e.Kind != zmq.EventDisconnected {
		s.t.Fatalf("libzmq server: event %v, want DISCONNECTED; events so far %v", e, s.seen)
	}
	return true
}

// TestSecurityBadInput runs every hostile case, one after the other, against one server per
// library and mechanism (a case that fails gets the next ones a fresh server), so the honest
// client beside them is served after each, and at the end nothing else was delivered.
func TestSecurityBadInput(t *testing.T) {
	t.Parallel()
	for _, sk := range serverKinds {
		for _, mech := range []string{"PLAIN", "CURVE"} {
			t.Run(sk.name+"/"+mech, func(t *testing.T) {
				t.Parallel()
				setup := secSetup{mech: mech, server: newCurveKey(t), domain: zapDomain,
					zap: zapPolicy{anyKey: true}.decide}
				var s *secServer
				for _, bc := range secBadCases {
					if bc.mech != mech {
						continue
					}
					if s == nil {
						s = newSecServer(t, sk.lib, setup)
					}
					if !t.Run(bc.name, func(t *testing.T) { runBadCase(t, s, bc) }) {
						s = nil // it may have left events or connections behind
					}
				}
				if s != nil {
					s.t = t
					s.stillServes()
					s.expectQuiet()
				}
			})
		}
	}
}

// runBadCase plays one hostile client against s and checks the server's events, what it
// delivered, and that it still serves its honest client.
func runBadCase(t *testing.T, s *secServer, bc secBadCase) {
	parent := s.t
	s.t, s.seen = t, nil
	defer func() { s.t = parent }()
	var c *rawCurve
	if bc.from != "" {
		c = newRawCurve(dialRawFrom(t, bc.from, s.ep), s.setup.server.pub, newCurveKey(t))
	} else {
		c = newRawCurve(zmtptest.Dial(t, s.ep), s.setup.server.pub, newCurveKey(t))
	}
	c.againstLib = s.lib
	if !s.lib && bc.zrEvents != nil {
		bc.events, bc.clientCloses = bc.zrEvents, false
	}
	s.expect(evAccepted)
	delivered := bc.play(c)
	if bc.events[0].Kind == zmq.EventHandshakeFailedAuth {
		authDenied(t, s, c, bc.events[0])
	} else {
		n := len(bc.events) - 1 // the last is DISCONNECTED
		s.expect(bc.events[:n]...)
		if !s.libHeld(c, bc.clientCloses) {
			s.expect(bc.events[n])
			if !bc.clientCloses {
				c.ExpectClosed()
			}
		}
	}
	for _, want := range delivered {
		got, err := s.recv(testutil.WaitTimeout)
		testutil.Must(t, err, "receive what came before the attack")
		if len(got) != 2 || string(got[1]) != want {
			t.Fatalf("%s server received %q, want [id %q]", s.name(), testutil.StrFrames(got), want)
		}
	}
	s.bounce()
}
