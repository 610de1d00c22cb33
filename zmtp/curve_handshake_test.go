package zmtp

import (
	"bytes"
	"errors"
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

func TestCurveHandshakeProperties(t *testing.T) {
	for _, tc := range []struct {
		name           string
		client, server options.Type
		clientRID      string
		serverRID      string
	}{
		{"DEALER to ROUTER", options.DEALER, options.ROUTER, "cli", "srv"},
		{"ROUTER to DEALER", options.ROUTER, options.DEALER, "r1", "d1"},
		{"REQ to REP", options.REQ, options.REP, "", ""},
		{"SUB to PUB", options.SUB, options.PUB, "", ""},
		{"PUSH to PULL", options.PUSH, options.PULL, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			co, so := curveClientOpts(), curveServerOpts()
			co.SocketType, so.SocketType = tc.client, tc.server
			co.RoutingID, so.RoutingID = []byte(tc.clientRID), []byte(tc.serverRID)
			co.RecvRoutingID, so.RecvRoutingID = tc.client == options.ROUTER, tc.server == options.ROUTER
			c, s := newTestCurvePair(t, co, so)
			curveMustHandshake(t, c, s)
			checkCurvePeer(t, s, tc.client, tc.clientRID, "X-Client", "c1", so.RecvRoutingID)
			checkCurvePeer(t, c, tc.server, tc.serverRID, "X-Server", "s1", co.RecvRoutingID)
		})
	}
}

// checkCurvePeer checks what m learnt of a peer of type peer.
func checkCurvePeer(t *testing.T, m Mechanism, peer options.Type, rid, xName, xValue string, recvRID bool) {
	t.Helper()
	p := m.PeerProperties()
	if p[PropSocketType] != peer.String() || p[xName] != xValue {
		t.Fatalf("peer properties %q", p)
	}
	if got, ok := p[PropIdentity]; ok != peer.SendsIdentity() || got != rid {
		t.Fatalf("Identity %q %v, want %q %v", got, ok, rid, peer.SendsIdentity())
	}
	id, ok := m.PeerRoutingID()
	if want := recvRID && peer.SendsIdentity(); ok != want || string(id) != rid && want {
		t.Fatalf("PeerRoutingID %q %v", id, ok)
	}
}

func TestCurveHandshakeKeys(t *testing.T) {
	co, so := curveClientOpts(), curveServerOpts()
	c, s := newTestCurvePair(t, co, so)
	curveMustHandshake(t, c, s)
	if s.client != testClientKeys.pub {
		t.Fatal("server did not learn the client's long-term key")
	}
	if c.codec.key != s.codec.key {
		t.Fatal("session keys differ")
	}
	var zero [32]byte
	for name, k := range map[string]*[32]byte{"client c": &c.secret, "client c'": &c.cnSecret,
		"server s": &s.secret, "server s'": &s.cnSecret, "cookie key": &s.cookieKey} {
		if *k != zero {
			t.Errorf("%s not erased", name)
		}
	}
	if s.ZapProperties() != nil || c.ZapProperties() != nil || c.ZapMsgAvailable() != nil {
		t.Fatal("ZAP state without ZAP")
	}
	if c.Name() != "CURVE" || s.Name() != "CURVE" {
		t.Fatal("name")
	}
	// Nothing more to say once ready.
	var m msg.Msg
	if ok, err := c.NextHandshakeCommand(&m); ok || err != nil {
		t.Fatal("client has more to say")
	}
	if ok, err := s.NextHandshakeCommand(&m); ok || err != nil {
		t.Fatal("server has more to say")
	}
}

func TestCurveConstructorKeys(t *testing.T) {
	short := make([]byte, 31)
	for name, mutate := range map[string]func(o *MechanismOptions){
		"no public":     func(o *MechanismOptions) { o.CurvePublicKey = nil },
		"short secret":  func(o *MechanismOptions) { o.CurveSecretKey = short },
		"no server key": func(o *MechanismOptions) { o.CurveServerKey = nil },
		"long server":   func(o *MechanismOptions) { o.CurveServerKey = make([]byte, 33) },
	} {
		o := curveClientOpts()
		mutate(&o)
		if c, err := NewCurveClient(o); err != ErrCurveKey || c != nil {
			t.Errorf("client %s: %v", name, err)
		}
	}
	for name, mutate := range map[string]func(o *MechanismOptions){
		"no secret":    func(o *MechanismOptions) { o.CurveSecretKey = nil },
		"short secret": func(o *MechanismOptions) { o.CurveSecretKey = short },
	} {
		o := curveServerOpts()
		mutate(&o)
		if s, err := NewCurveServer(o); err != ErrCurveKey || s != nil {
			t.Errorf("server %s: %v", name, err)
		}
	}
	// The real random source works too; the server needs no server key, and like libzmq's
	// it derives its public key from its secret rather than requiring it.
	c, err := NewCurveClient(curveClientOpts())
	if err != nil {
		t.Fatal(err)
	}
	so := curveServerOpts()
	so.CurvePublicKey = nil
	s, err := NewCurveServer(so)
	if err != nil {
		t.Fatal(err)
	}
	curveMustHandshake(t, c, s)
}

func TestCurveRandomFailure(t *testing.T) {
	if _, err := newCurveClient(curveClientOpts(), bytes.NewReader(nil)); err != errCurveRandom {
		t.Fatalf("client: %v", err)
	}
	// The server draws its randomness when it answers HELLO; the vouch nonce is the
	// client's last draw.
	for n := 0; n < 32+32+16+16; n += 16 {
		c, _ := newCurveClient(curveClientOpts(), curveTestRand(1))
		s, _ := newCurveServer(curveServerOpts(), bytes.NewReader(make([]byte, n)))
		if err := curveFeed(s, curveNext(t, c)); err != nil {
			t.Fatal(err)
		}
		var m msg.Msg
		if ok, err := s.NextHandshakeCommand(&m); ok || err != errCurveRandom {
			t.Fatalf("server with %d random bytes: %v %v", n, ok, err)
		}
	}
	c, _ := newCurveClient(curveClientOpts(), bytes.NewReader(make([]byte, 32)))
	s, _ := newCurveServer(curveServerOpts(), curveTestRand(2))
	curveFeed(s, curveNext(t, c))
	if err := curveFeed(c, curveNext(t, s)); err != nil {
		t.Fatal(err)
	}
	var m msg.Msg
	if ok, err := c.NextHandshakeCommand(&m); ok || !errors.Is(err, errCurveRandom) {
		t.Fatalf("client vouch: %v %v", ok, err)
	}
}
