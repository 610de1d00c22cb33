package zmtp

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"syscall"
	"testing"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"golang.org/x/crypto/nacl/box"
)

// curveTestRand is a deterministic random source, so handshakes (and fuzz seeds) are
// reproducible byte for byte.
func curveTestRand(seed byte) *rand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

// curveKeyPair is a long-term key pair for tests.
type curveKeyPair struct{ pub, sec [32]byte }

func testCurveKeys(seed byte) curveKeyPair {
	pub, sec, err := box.GenerateKey(curveTestRand(100 + seed))
	if err != nil {
		panic(err)
	}
	return curveKeyPair{*pub, *sec}
}

var (
	testServerKeys = testCurveKeys(1)
	testClientKeys = testCurveKeys(2)
	testOtherKeys  = testCurveKeys(3)
)

// curveEvents records the monitor events a mechanism raises.
type curveEvents []struct {
	kind  event.Kind
	value int64
}

func (e *curveEvents) hook() func(event.Kind, int64) {
	return func(k event.Kind, v int64) {
		*e = append(*e, struct {
			kind  event.Kind
			value int64
		}{k, v})
	}
}

func (e curveEvents) has(k event.Kind, v int64) bool {
	for _, x := range e {
		if x.kind == k && x.value == v {
			return true
		}
	}
	return false
}

// curveClientOpts and curveServerOpts are a DEALER client and a ROUTER server with the test keys.
func curveClientOpts() MechanismOptions {
	return MechanismOptions{SocketType: options.DEALER, RoutingID: []byte("cli"),
		Metadata:       map[string]string{"X-Client": "c1"},
		CurvePublicKey: testClientKeys.pub[:], CurveSecretKey: testClientKeys.sec[:],
		CurveServerKey: testServerKeys.pub[:]}
}

func curveServerOpts() MechanismOptions {
	return MechanismOptions{SocketType: options.ROUTER, RecvRoutingID: true, AsServer: true,
		Metadata:       map[string]string{"X-Server": "s1"},
		CurvePublicKey: testServerKeys.pub[:], CurveSecretKey: testServerKeys.sec[:],
		PeerAddress: "192.0.2.7"}
}

func newTestCurvePair(t testing.TB, co, so MechanismOptions) (*CurveClient, *CurveServer) {
	t.Helper()
	c, err := newCurveClient(co, curveTestRand(1))
	if err != nil {
		t.Fatal(err)
	}
	s, err := newCurveServer(so, curveTestRand(2))
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// curveTap sees every handshake frame as it crosses; fromClient tells the direction.
type curveTap func(fromClient bool, body []byte)

// curveHandshake passes commands between c and s until neither has anything to say. It
// returns the first error either side returned (client side, server side).
func curveHandshake(c, s Mechanism, tap curveTap) (clientErr, serverErr error) {
	for round := 0; round < 8; round++ {
		n, fromErr, toErr := curvePump(c, s, true, tap)
		if fromErr != nil || toErr != nil {
			return fromErr, toErr
		}
		k, fromErr, toErr := curvePump(s, c, false, tap)
		if fromErr != nil || toErr != nil {
			return toErr, fromErr
		}
		if n+k == 0 {
			break
		}
	}
	return nil, nil
}

// curvePump moves from's commands to to; it returns how many moved, and the error of
// the sending side or of the receiving side.
func curvePump(from, to Mechanism, fromClient bool, tap curveTap) (n int, fromErr, toErr error) {
	for {
		var m msg.Msg
		ok, err := from.NextHandshakeCommand(&m)
		if err != nil || !ok {
			return n, err, nil
		}
		if !m.IsCommand() {
			return n, errors.New("handshake command without the COMMAND flag"), nil
		}
		n++
		if tap != nil {
			tap(fromClient, append([]byte(nil), m.Bytes()...))
		}
		if err := to.ProcessHandshakeCommand(&m); err != nil {
			return n, nil, err
		}
	}
}

// curveMustHandshake completes a handshake that must succeed.
func curveMustHandshake(t testing.TB, c *CurveClient, s *CurveServer) {
	t.Helper()
	if ce, se := curveHandshake(c, s, nil); ce != nil || se != nil {
		t.Fatalf("handshake: client %v, server %v", ce, se)
	}
	if c.Status() != Ready || s.Status() != Ready {
		t.Fatalf("status client %v server %v", c.Status(), s.Status())
	}
}

// curveNext returns from's next command, which must exist.
func curveNext(t testing.TB, from Mechanism) []byte {
	t.Helper()
	var m msg.Msg
	ok, err := from.NextHandshakeCommand(&m)
	if !ok || err != nil {
		t.Fatalf("no command: %v", err)
	}
	return append([]byte(nil), m.Bytes()...)
}

// curveFeed hands body to m as a received frame.
func curveFeed(m Mechanism, body []byte) error {
	var f msg.Msg
	f.Init(body, msg.Command)
	return m.ProcessHandshakeCommand(&f)
}

// curveWantCode checks err is a *ProtocolError with the given libzmq code.
func curveWantCode(t testing.TB, err error, code ProtocolCode) {
	t.Helper()
	var pe *ProtocolError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T), want a protocol error with code %#x", err, err, code)
	}
	if pe.Code != code {
		t.Fatalf("error %v: code %#x, want %#x", err, pe.Code, code)
	}
	if !errors.Is(err, syscall.EPROTO) {
		t.Fatalf("error %v is not EPROTO", err)
	}
}

// curveZap is a ZAP handler in memory: it records requests and, when reply is set,
// answers each complete request at once; otherwise the test queues the answer.
type curveZap struct {
	bound    bool
	requests [][][]byte
	partial  [][]byte
	replies  []msg.Msg
	reply    func(req [][]byte) [][]byte
}

func (z *curveZap) ZapConnect() error {
	if !z.bound {
		return syscall.ECONNREFUSED
	}
	return nil
}

func (z *curveZap) WriteZapMsg(m *msg.Msg) error {
	z.partial = append(z.partial, append([]byte(nil), m.Bytes()...))
	if m.More() {
		return nil
	}
	req := z.partial
	z.requests, z.partial = append(z.requests, req), nil
	if z.reply != nil {
		z.queue(z.reply(req)...)
	}
	return nil
}

func (z *curveZap) ReadZapMsg(m *msg.Msg) error {
	if len(z.replies) == 0 {
		return zerr.ErrAgain
	}
	*m, z.replies = z.replies[0], z.replies[1:]
	return nil
}

// queue adds reply frames, MORE on all but the last.
func (z *curveZap) queue(frames ...[]byte) {
	for i, f := range frames {
		var m msg.Msg
		var fl msg.Flags
		if i < len(frames)-1 {
			fl = msg.More
		}
		m.Init(f, fl)
		z.replies = append(z.replies, m)
	}
}

// curveZapAnswer is an RFC 27 reply with status, user id and metadata.
func curveZapAnswer(status, userID string, meta []byte) [][]byte {
	return [][]byte{nil, []byte("1.0"), []byte("1"), []byte(status), []byte("text"), []byte(userID), meta}
}

func curveSameFrames(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}
