//go:build cgo

package interop_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/auth"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// secServer: a ROUTER under test, libzmq's or ours, with its monitor, its ZAP handler and an
// honest client of the other library, so every negative case runs against both servers and the
// libzmq run proves the expected events; secClient: a monitored DEALER of either library.

// secEvent is one monitor event of either library.
type secEvent struct {
	Kind  zmq.EventKind
	Value int64
}

func (e secEvent) String() string {
	if e.Value > 0xFFFF {
		return fmt.Sprintf("%v(%#x)", e.Kind, e.Value)
	}
	return fmt.Sprintf("%v(%d)", e.Kind, e.Value)
}

// secSetup says how to secure a server.
type secSetup struct {
	mech   string // "PLAIN" or "CURVE"
	server curveKey
	domain string // ZAP domain, "" for none
	// zap is the handler's decision, for libzmq's handler and our hand-written one; nil with
	// auth nil binds no handler.
	zap func(libzmq.ZapRequest) libzmq.ZapReply
	// auth, when set, makes our server's handler the auth package's Authenticator, which it
	// configures (libzmq's server then still uses zap).
	auth func(t testing.TB, a *auth.Authenticator)
}

// secServer is a ROUTER under test (libzmq's or ours) bound on loopback with its monitor and
// its ZAP handler, and an honest client of the other library (a DEALER with routing id
// "honest") that has completed a handshake and a bounce.
type secServer struct {
	t      testing.TB
	lib    bool // libzmq's ROUTER, else ours
	ep     string
	setup  secSetup
	lc     *libzmq.Context
	zc     *zmq.Context
	honest *secClient
	libZap *libzmq.ZapHandler // libzmq's server's handler, if any
	zrZap  *zrZap             // our server's hand-written handler, if any
	// honestID is the honest client's routing id.
	honestID string
	next     func(d time.Duration) (secEvent, error)
	recv     func(d time.Duration) ([][]byte, error)
	send     func(frames [][]byte) error
	seen     []secEvent
}

// serverKinds names the two servers every negative case runs against.
var serverKinds = []struct {
	name string
	lib  bool
}{{"libzmq", true}, {"zr", false}}

// newSecServer makes the server, its handler and the honest client.
func newSecServer(t testing.TB, lib bool, setup secSetup) *secServer {
	t.Helper()
	s := &secServer{t: t, lib: lib, setup: setup, lc: newLibCtx(t), zc: testutil.NewCtx(t), honestID: "honest"}
	if lib {
		s.startLib()
	} else {
		s.startZr()
	}
	s.honest = s.connect(s.honestID, s.honestClient())
	s.expect(evAccepted, evOK)
	s.bounce()
	return s
}

func (s *secServer) startLib() {
	t := s.t
	if s.setup.zap != nil {
		s.libZap = startLibZap(t, s.lc, s.setup.zap)
	}
	r := newLibSocket(t, s.lc, libzmq.ROUTER)
	libSecureServer(t, r, s.setup)
	mon, err := r.Monitor(s.lc, libzmq.EventAll&^libzmq.EventListening)
	testutil.Must(t, err, "libzmq monitor")
	t.Cleanup(func() { mon.Close() })
	testutil.Must(t, r.Bind(interopAddr), "libzmq bind")
	s.ep, err = r.LastEndpoint()
	testutil.Must(t, err, "libzmq last endpoint")
	s.next = libNext(mon)
	s.recv = func(d time.Duration) ([][]byte, error) { return libRecvTimeout(r, d) }
	s.send = func(f [][]byte) error { return r.SendMulti(f, 0) }
}

func (s *secServer) startZr() {
	t := s.t
	switch {
	case s.setup.auth != nil:
		a, err := auth.New(s.zc)
		testutil.Must(t, err, "auth.New")
		t.Cleanup(func() { testutil.Must(t, a.Close(), "Authenticator.Close") })
		s.setup.auth(t, a)
	case s.setup.zap != nil:
		s.zrZap = startZrZap(t, s.zc, s.setup.zap)
	}
	r := testutil.NewSocket(t, s.zc, zmq.ROUTER)
	testutil.Must(t, r.SetLinger(0), "SetLinger")
	zrSecureServer(t, r, s.setup)
	ch, err := r.Monitor(zmq.EventAll &^ zmq.EventListening)
	testutil.Must(t, err, "Monitor")
	testutil.Must(t, r.Bind(interopAddr), "Bind")
	s.ep = r.LastEndpoint()
	s.next = zrNext(ch)
	s.recv = func(d time.Duration) ([][]byte, error) { return testutil.RecvWithTimeout(r, d) }
	s.send = func(f [][]byte) error { return r.SendMulti(f, 0) }
}

func libNext(mon *libzmq.Monitor) func(d time.Duration) (secEvent, error) {
	return func(d time.Duration) (secEvent, error) {
		e, err := mon.RecvTimeout(d)
		return secEvent{Kind: zmq.EventKind(e.Event), Value: int64(e.Value)}, err
	}
}

func zrNext(ch <-chan zmq.Event) func(d time.Duration) (secEvent, error) {
	return func(d time.Duration) (secEvent, error) {
		select {
		case e, ok := <-ch:
			if !ok {
				return secEvent{}, errors.New("monitor stopped")
			}
			return secEvent{Kind: e.Kind, Value: e.Value}, nil
		case <-time.After(d):
			return secEvent{}, context.DeadlineExceeded
		}
	}
}

// clientCfg is a client's security: PLAIN credentials or CURVE keys, and its source address.
type clientCfg struct {
	user, pass string
	serverKey  [32]byte
	key        curveKey
	from       string
	// reconnectIvl, when not 0, is the client's RECONNECT_IVL.
	reconnectIvl time.Duration
}

// honestClient is the configuration every handler lets in.
func (s *secServer) honestClient() clientCfg {
	return clientCfg{user: plainUser, pass: plainPass, serverKey: s.setup.server.pub, key: honestCurveKey()}
}

// secClient is a monitored DEALER client of either library.
type secClient struct {
	name string
	send func(frames [][]byte) error
	recv func(d time.Duration) ([][]byte, error)
	next func(d time.Duration) (secEvent, error)
	// close closes the socket before the test ends.
	close func()
}

// connect makes a client of the library the server is not (libzmq's for ours, ours for
// libzmq's), with routing id id, and connects it.
func (s *secServer) connect(id string, cfg clientCfg) *secClient {
	t := s.t
	t.Helper()
	ep := s.ep
	if cfg.from != "" {
		ep = tcpFrom(cfg.from, s.ep)
	}
	if s.lib {
		c := testutil.NewSocket(t, s.zc, zmq.DEALER)
		testutil.Must(t, c.SetLinger(0), "SetLinger")
		testutil.Must(t, c.SetRoutingID([]byte(id)), "SetRoutingID")
		if cfg.reconnectIvl != 0 {
			testutil.Must(t, c.SetReconnectIvl(cfg.reconnectIvl), "SetReconnectIvl")
		}
		if s.setup.mech == "PLAIN" {
			testutil.Must(t, c.SetPlainUsername(cfg.user), "SetPlainUsername")
			testutil.Must(t, c.SetPlainPassword(cfg.pass), "SetPlainPassword")
		} else {
			zrCurveClient(t, c, cfg.serverKey, cfg.key)
		}
		ch, err := c.Monitor(zmq.EventAll)
		testutil.Must(t, err, "Monitor")
		testutil.Must(t, c.Connect(ep), "Connect %s", ep)
		return &secClient{name: "zr", next: zrNext(ch),
			send:  func(f [][]byte) error { return c.SendMulti(f, zmq.DontWait) },
			recv:  func(d time.Duration) ([][]byte, error) { return testutil.RecvWithTimeout(c, d) },
			close: func() { c.Close() }}
	}
	c := newLibSocket(t, s.lc, libzmq.DEALER)
	testutil.Must(t, c.SetBytes(libzmq.RoutingID, []byte(id)), "libzmq ROUTING_ID")
	if cfg.reconnectIvl != 0 {
		testutil.Must(t, c.SetInt(libzmq.ReconnectIvl, int(cfg.reconnectIvl/time.Millisecond)), "libzmq RECONNECT_IVL")
	}
	if s.setup.mech == "PLAIN" {
		testutil.Must(t, c.SetString(libzmq.PlainUsername, cfg.user), "libzmq PLAIN_USERNAME")
		testutil.Must(t, c.SetString(libzmq.PlainPassword, cfg.pass), "libzmq PLAIN_PASSWORD")
	} else {
		libCurveClient(t, c, cfg.serverKey, cfg.key)
	}
	mon, err := c.Monitor(s.lc, libzmq.EventAll)
	testutil.Must(t, err, "libzmq monitor")
	t.Cleanup(func() { mon.Close() })
	testutil.Must(t, c.Connect(ep), "libzmq connect %s", ep)
	return &secClient{name: "libzmq", next: libNext(mon),
		send:  func(f [][]byte) error { return c.SendMulti(f, libzmq.DontWait) },
		recv:  func(d time.Duration) ([][]byte, error) { return libRecvTimeout(c, d) },
		close: func() { mon.Close(); closeLib(t, c) }}
}

// waitFor reads the client's events until one of kind k, failing after testutil.WaitTimeout or at
// once when the handshake ends with another outcome.
func (c *secClient) waitFor(t testing.TB, k zmq.EventKind) secEvent {
	t.Helper()
	var seen []secEvent
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		e, err := c.next(time.Until(deadline))
		if err != nil {
			t.Fatalf("%s client: no %v within %v (seen %v): %v", c.name, k, testutil.WaitTimeout, seen, err)
		}
		if e.Kind == k {
			return e
		}
		seen = append(seen, e)
		if e.Kind&handshakeOutcomes != 0 { // the handshake ended otherwise: no need to wait
			t.Fatalf("%s client: %v, want %v (seen %v)", c.name, e, k, seen)
		}
	}
}

// handshakeOutcomes are the events that end a handshake.
const handshakeOutcomes = zmq.EventHandshakeSucceeded | zmq.EventHandshakeFailedNoDetail |
	zmq.EventHandshakeFailedProtocol | zmq.EventHandshakeFailedAuth

// noSuccess checks that the client's events, for testutil.QuietTime, hold no HANDSHAKE_SUCCEEDED.
func (c *secClient) noSuccess(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(testutil.QuietTime)
	for {
		e, err := c.next(max(time.Until(deadline), time.Millisecond))
		if err != nil {
			return
		}
		if e.Kind == zmq.EventHandshakeSucceeded {
			t.Fatalf("%s client: handshake succeeded", c.name)
		}
	}
}

// expect reads the server's next events and compares them with want; a Value of -1 matches
// any value (fds).
func (s *secServer) expect(want ...secEvent) []secEvent {
	s.t.Helper()
	var got []secEvent
	for _, w := range want {
		e, err := s.next(testutil.WaitTimeout)
		if err != nil {
			s.t.Fatalf("%s server: waiting for %v: %v; events so far %v", s.name(), w, err, append(s.seen, got...))
		}
		got = append(got, e)
		if e.Kind != w.Kind || (w.Value != -1 && e.Value != w.Value) {
			s.t.Fatalf("%s server: event %v, want %v; events so far %v", s.name(), e, w, append(s.seen, got...))
		}
	}
	s.seen = append(s.seen, got...)
	return got
}

// expectQuiet checks that no event comes within testutil.QuietTime.
func (s *secServer) expectQuiet() {
	s.t.Helper()
	if e, err := s.next(testutil.QuietTime); err == nil {
		s.t.Fatalf("%s server: unexpected event %v; events so far %v", s.name(), e, s.seen)
	}
}

func (s *secServer) name() string {
	if s.lib {
		return "libzmq"
	}
	return "zr"
}

// bounce sends testutil.BounceFrames from the honest client through the server and back; the first
// message the server receives must be the honest one.
func (s *secServer) bounce() {
	s.t.Helper()
	testutil.Must(s.t, s.honest.send(testutil.BounceFrames), "honest send")
	got, err := s.recv(testutil.WaitTimeout)
	testutil.Must(s.t, err, "%s server receive", s.name())
	if len(got) < 1 || string(got[0]) != s.honestID {
		s.t.Fatalf("%s server received %q, want the honest peer's message", s.name(), testutil.StrFrames(got))
	}
	testutil.CheckFrames(s.t, got[1:], testutil.BounceFrames)
	testutil.Must(s.t, s.send(got), "%s server send", s.name())
	back, err := s.honest.recv(testutil.WaitTimeout)
	testutil.Must(s.t, err, "honest receive")
	testutil.CheckFrames(s.t, back, testutil.BounceFrames)
}

// stillServes checks that the server delivered nothing but the honest peer's messages and
// still serves it both ways.
func (s *secServer) stillServes() {
	s.t.Helper()
	s.bounce()
	if got, err := s.recv(testutil.QuietTime); err == nil {
		s.t.Fatalf("%s server received %q, want nothing", s.name(), testutil.StrFrames(got))
	}
}

// zapRequests returns the requests the server's handler (libzmq's or our hand-written one)
// has served.
func (s *secServer) zapRequests() []libzmq.ZapRequest {
	if s.lib {
		return s.libZap.Requests()
	}
	return s.zrZap.requests()
}
