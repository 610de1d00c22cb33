package zmtp

import (
	"errors"
	"strings"
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"golang.org/x/crypto/nacl/box"
)

// curveToInitiate runs HELLO and WELCOME and returns the pair with the client about to
// send INITIATE.
func curveToInitiate(t *testing.T, co, so MechanismOptions) (*CurveClient, *CurveServer) {
	t.Helper()
	c, s := newTestCurvePair(t, co, so)
	if err := curveFeed(s, curveNext(t, c)); err != nil {
		t.Fatal(err)
	}
	if err := curveFeed(c, curveNext(t, s)); err != nil {
		t.Fatal(err)
	}
	return c, s
}

// curveInitiateWith is the client's INITIATE carrying the raw property list props.
func curveInitiateWith(t *testing.T, c *CurveClient, props []byte) []byte {
	t.Helper()
	var m msg.Msg
	if err := c.buildInitiate(&m, props); err != nil {
		t.Fatal(err)
	}
	return append([]byte(nil), m.Bytes()...)
}

func TestCurveWrongServerKey(t *testing.T) {
	co := curveClientOpts()
	co.CurveServerKey = testOtherKeys.pub[:]
	c, s := newTestCurvePair(t, co, curveServerOpts())
	ce, se := curveHandshake(c, s, nil)
	if ce != nil {
		t.Fatal(ce)
	}
	curveWantCode(t, se, CodeCryptographic)
}

func TestCurveClientSecretMismatch(t *testing.T) {
	co := curveClientOpts()
	co.CurveSecretKey = testOtherKeys.sec[:] // public key stays the test client's
	c, s := newTestCurvePair(t, co, curveServerOpts())
	_, se := curveHandshake(c, s, nil)
	curveWantCode(t, se, CodeCryptographic)
	if s.Status() == Ready {
		t.Fatal("server accepted a client that cannot vouch for its key")
	}
}

// A vouch for another server (S in the vouch is not ours) is refused, though it opens.
func TestCurveVouchForAnotherServer(t *testing.T) {
	c, s := curveToInitiate(t, curveClientOpts(), curveServerOpts())
	c.server = testOtherKeys.pub
	err := curveFeed(s, curveNext(t, c))
	curveWantCode(t, err, CodeKeyExchange)
	if err != errCurveVouch {
		t.Fatalf("got %v", err)
	}
}

func TestCurveForgedCookie(t *testing.T) {
	c, s := curveToInitiate(t, curveClientOpts(), curveServerOpts())
	initiate := curveNext(t, c)
	for _, i := range []int{9, 30, 104} { // cookie nonce, cookie box
		bad := append([]byte(nil), initiate...)
		bad[i] ^= 1
		curveWantCode(t, curveFeed(s, bad), CodeCryptographic)
	}
	bad := append([]byte(nil), initiate...)
	bad[200] ^= 1 // INITIATE box
	curveWantCode(t, curveFeed(s, bad), CodeCryptographic)
	if err := curveFeed(s, initiate); err != nil {
		t.Fatalf("the genuine INITIATE after forged ones: %v", err)
	}
}

// A cookie from another connection (another K) is refused.
func TestCurveCookieOfAnotherConnection(t *testing.T) {
	c1, _ := curveToInitiate(t, curveClientOpts(), curveServerOpts())
	c2, s2 := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	s2.rng = curveTestRand(9)
	curveFeed(s2, curveNext(t, c2))
	curveFeed(c2, curveNext(t, s2))
	curveWantCode(t, curveFeed(s2, curveNext(t, c1)), CodeCryptographic)
}

func TestCurveBadHello(t *testing.T) {
	c, _ := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	hello := curveNext(t, c)
	mutate := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), hello...)) }
	for _, tc := range []struct {
		name string
		body []byte
		code ProtocolCode
	}{
		{"short", hello[:199], CodeMalformedCommandHello},
		{"long", append(append([]byte(nil), hello...), 0), CodeMalformedCommandHello},
		{"padding shortened", append(append(append([]byte(nil), hello[:79]...), hello[80:]...), 0), CodeMalformedCommandHello},
		{"version 2.0", mutate(func(b []byte) []byte { b[6] = 2; return b }), CodeMalformedCommandHello},
		{"version 1.1", mutate(func(b []byte) []byte { b[7] = 1; return b }), CodeMalformedCommandHello},
		{"padding not zero", mutate(func(b []byte) []byte { b[40] = 1; return b }), CodeMalformedCommandHello},
		{"garbled C'", mutate(func(b []byte) []byte { b[90] ^= 1; return b }), CodeCryptographic},
		{"garbled nonce", mutate(func(b []byte) []byte { b[119] ^= 1; return b }), CodeCryptographic},
		{"garbled box", mutate(func(b []byte) []byte { b[150] ^= 1; return b }), CodeCryptographic},
		{"name only", hello[:6], CodeMalformedCommandHello},
		{"truncated name", hello[:4], CodeMalformedCommandUnspecified},
		{"empty", nil, CodeMalformedCommandUnspecified},
		{"INITIATE first", []byte("\x08INITIATE" + strings.Repeat("x", 300)), CodeUnexpectedCommand},
		{"ERROR", AppendError(nil, "no"), CodeUnexpectedCommand},
	} {
		_, s := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
		err := curveFeed(s, tc.body)
		if err == nil {
			t.Fatalf("%s: accepted", tc.name)
		}
		if CodeOf(err) != tc.code {
			t.Fatalf("%s: %v, code %#x want %#x", tc.name, err, CodeOf(err), tc.code)
		}
	}
}

// A HELLO whose box holds something other than 64 zeros (a client knowing S can make one)
// is refused.
func TestCurveHelloSignatureNotZeros(t *testing.T) {
	c, s := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	hello := curveNext(t, c)
	nonce := shortNonce(curveNonceHello, 1)
	sig := make([]byte, 64)
	sig[0] = 1
	hello = boxSealInto(hello[:120], sig, &nonce, &testServerKeys.pub, &c.cnSecret)
	if err := curveFeed(s, hello); err != errCurveHelloSignature {
		t.Fatalf("got %v", err)
	}
}

// checkCurveCuts feeds every proper prefix of cmd to m, which must refuse each, with code
// for cuts in [from, to), and then accept cmd whole.
func checkCurveCuts(t *testing.T, name string, m Mechanism, cmd []byte, from, to int, code ProtocolCode) {
	t.Helper()
	for n := 0; n < len(cmd); n++ {
		err := curveFeed(m, cmd[:n])
		if err == nil {
			t.Fatalf("%s cut at %d accepted", name, n)
		}
		if n >= from && n < to {
			curveWantCode(t, err, code)
		}
	}
	if err := curveFeed(m, cmd); err != nil {
		t.Fatalf("%s whole after its cuts: %v", name, err)
	}
}

// boxSealInto returns head followed by Box[plain](sec->peer).
func boxSealInto(head, plain []byte, nonce *[24]byte, peer, sec *[32]byte) []byte {
	return box.Seal(append([]byte(nil), head...), plain, nonce, peer, sec)
}

func TestCurveTruncatedCommands(t *testing.T) {
	c, s := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	var frames [4][]byte
	i := 0
	curveHandshake(c, s, func(_ bool, b []byte) { frames[i] = b; i++ })
	hello, welcome, initiate, ready := frames[0], frames[1], frames[2], frames[3]
	// Each receiver refuses every cut of the command, and a refusal changes nothing: the
	// whole command is still taken afterwards.
	_, s1 := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	checkCurveCuts(t, "HELLO", s1, hello, 0, 0, CodeNone)
	_, s2 := curveToInitiate(t, curveClientOpts(), curveServerOpts())
	checkCurveCuts(t, "INITIATE", s2, initiate, 9, 257, CodeMalformedCommandInitiate)
	c1, _ := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	curveNext(t, c1)
	// libzmq's code for a WELCOME that is not 168 bytes is CRYPTOGRAPHIC.
	checkCurveCuts(t, "WELCOME", c1, welcome, 8, len(welcome), CodeCryptographic)
	c2, s3 := curveToInitiate(t, curveClientOpts(), curveServerOpts())
	curveFeed(s3, curveNext(t, c2))
	checkCurveCuts(t, "READY", c2, ready, 6, 30, CodeMalformedCommandReady)
	// ERROR without its reason length, or with a reason running past the frame.
	for _, body := range []string{"\x05ERROR", "\x05ERROR\x05abc"} {
		c, _ := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
		curveNext(t, c)
		curveWantCode(t, curveFeed(c, []byte(body)), CodeMalformedCommandError)
	}
}

func TestCurveClientUnexpectedCommands(t *testing.T) {
	c, s := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	hello := curveNext(t, c)
	// Before HELLO went out, nothing is expected; afterwards only WELCOME or ERROR.
	c0, _ := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	curveWantCode(t, curveFeed(c0, AppendError(nil, "400")), CodeUnexpectedCommand)
	curveFeed(s, hello)
	welcome := curveNext(t, s)
	c1, _ := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	curveWantCode(t, curveFeed(c1, welcome), CodeUnexpectedCommand)
	for _, body := range [][]byte{hello, []byte("\x05READY" + strings.Repeat("r", 40)),
		[]byte("\x07MESSAGE" + strings.Repeat("m", 40)), AppendPing(nil, 0, nil), []byte("\x05REA")} {
		curveWantCode(t, curveFeed(c, body), CodeUnexpectedCommand)
	}
	curveFeed(c, welcome)
	// WELCOME processed, INITIATE not yet sent: nothing is expected.
	curveWantCode(t, curveFeed(c, welcome), CodeUnexpectedCommand)
	initiate := curveNext(t, c)
	curveWantCode(t, curveFeed(c, welcome), CodeUnexpectedCommand)
	curveFeed(s, initiate)
	ready := curveNext(t, s)
	if err := curveFeed(c, ready); err != nil {
		t.Fatal(err)
	}
	// Connected: handshake commands are over, ERROR included.
	for _, body := range [][]byte{ready, welcome, AppendError(nil, "400")} {
		curveWantCode(t, curveFeed(c, body), CodeUnexpectedCommand)
	}
}

func TestCurveServerUnexpectedCommands(t *testing.T) {
	c, s := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	hello := curveNext(t, c)
	curveFeed(s, hello)
	// HELLO taken, WELCOME not yet sent: libzmq's ZMTP_UNSPECIFIED.
	curveWantCode(t, curveFeed(s, hello), CodeZMTPUnspecified)
	welcome := curveNext(t, s)
	for _, body := range [][]byte{hello, welcome, []byte("\x05READY" + strings.Repeat("r", 40))} {
		curveWantCode(t, curveFeed(s, body), CodeUnexpectedCommand)
	}
	curveFeed(c, welcome)
	curveFeed(s, curveNext(t, c))
	// INITIATE taken: nothing more until READY is out, and after.
	curveWantCode(t, curveFeed(s, hello), CodeZMTPUnspecified)
	curveNext(t, s)
	curveWantCode(t, curveFeed(s, []byte("\x07MESSAGE"+strings.Repeat("m", 40))), CodeZMTPUnspecified)
}

func TestCurveErrorFromServer(t *testing.T) {
	for _, st := range []string{"400", "500", "300", "no"} {
		c, _ := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
		curveNext(t, c)
		err := curveFeed(c, AppendError(nil, st))
		var pe *PeerError
		if !errors.As(err, &pe) || pe.Reason != st {
			t.Fatalf("ERROR %q: %v", st, err)
		}
		if c.Status() != Failed {
			t.Fatal("client not failed after ERROR")
		}
	}
}

func TestCurveInitiateMetadata(t *testing.T) {
	for _, tc := range []struct {
		name  string
		props []byte
		want  error
	}{
		{"truncated property", []byte{5, 'X', '-', 'a'}, errCurveInitiateMetadata},
		{"value past the end", AppendProperty(nil, "X-a", []byte("v"))[:8], errCurveInitiateMetadata},
		{"trailing byte", append(AppendProperty(nil, "X-a", nil), 0), errCurveInitiateMetadata},
		{"incompatible type", AppendProperty(nil, PropSocketType, []byte("PUB")), ErrIncompatibleSocketType},
		{"over the bound", AppendProperty(nil, "X-big", make([]byte, 2000)), ErrMetadataTooLarge},
	} {
		so := curveServerOpts()
		so.MaxMetadataSize = 1024
		c, s := curveToInitiate(t, curveClientOpts(), so)
		if err := curveFeed(s, curveInitiateWith(t, c, tc.props)); err != tc.want {
			t.Fatalf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	// libzmq raises no protocol event for these on the server.
	if CodeOf(errCurveInitiateMetadata) != CodeNone || CodeOf(ErrIncompatibleSocketType) != CodeNone {
		t.Fatal("codes")
	}
}

// CVE-2019-13132: libzmq before 4.3.2 copied INITIATE into a fixed stack buffer before
// authenticating it. Oversized ones, boxed properly or garbage, must be clean errors.
func TestCurveOversizedInitiate(t *testing.T) {
	co := curveClientOpts()
	co.Metadata = map[string]string{"X-Big": strings.Repeat("A", DefaultMaxMetadataSize)}
	c, s := newTestCurvePair(t, co, curveServerOpts())
	_, se := curveHandshake(c, s, nil)
	if se != ErrMetadataTooLarge {
		t.Fatalf("oversized INITIATE: %v", se)
	}
	c, s = curveToInitiate(t, curveClientOpts(), curveServerOpts())
	initiate := curveNext(t, c)
	garbage := append(initiate[:113:113], []byte(strings.Repeat("\xff", 8192))...)
	curveWantCode(t, curveFeed(s, garbage), CodeCryptographic)
	// Just inside the bound, the same INITIATE is fine.
	co.Metadata = map[string]string{"X-Big": strings.Repeat("A", DefaultMaxMetadataSize-64)}
	c, s = newTestCurvePair(t, co, curveServerOpts())
	curveMustHandshake(t, c, s)
	if len(s.PeerProperties()["X-Big"]) != DefaultMaxMetadataSize-64 {
		t.Fatal("big property lost")
	}
}

func TestCurveReadyMetadata(t *testing.T) {
	for _, tc := range []struct {
		name  string
		props []byte
		code  ProtocolCode
	}{
		{"incompatible type", AppendProperty(nil, PropSocketType, []byte("PUB")), CodeInvalidMetadata},
		{"truncated", []byte{9, 'S'}, CodeInvalidMetadata},
		{"over the bound", AppendProperty(nil, "X-big", make([]byte, 2000)), CodeInvalidMetadata},
	} {
		co := curveClientOpts()
		co.MaxMetadataSize = 1024
		c, s := curveToInitiate(t, co, curveServerOpts())
		curveFeed(s, curveNext(t, c))
		var m msg.Msg
		if err := s.buildReady(&m, tc.props); err != nil {
			t.Fatal(err)
		}
		err := curveFeed(c, m.Bytes())
		curveWantCode(t, err, tc.code)
		if c.Status() == Ready {
			t.Fatalf("%s: client ready", tc.name)
		}
	}
}

func TestCurveIncompatibleSocketTypes(t *testing.T) {
	co := curveClientOpts()
	co.SocketType = options.PUB
	so := curveServerOpts()
	so.SocketType = options.REP
	c, s := newTestCurvePair(t, co, so)
	if _, se := curveHandshake(c, s, nil); se != ErrIncompatibleSocketType {
		t.Fatalf("server: %v", se)
	}
}
