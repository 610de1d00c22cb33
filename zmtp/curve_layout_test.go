package zmtp

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"golang.org/x/crypto/nacl/box"
	"golang.org/x/crypto/nacl/secretbox"
)

// TestCurveWireLayout opens every command with x/crypto directly, independently of the
// mechanisms' own parsing, and checks each field where libzmq 4.3.4 puts it.
func TestCurveWireLayout(t *testing.T) {
	c, s := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	cPub, cSec := c.cnPublic, c.cnSecret // C', c' (c' is erased after INITIATE)

	hello := curveNext(t, c)
	checkCurveHello(t, hello, cPub)
	if err := curveFeed(s, hello); err != nil {
		t.Fatal(err)
	}

	welcome := curveNext(t, s)
	sPub, sSec, k := s.cnPublic, s.cnSecret, s.cookieKey // S', s', K
	cookie := checkCurveWelcome(t, welcome, cSec, sPub)
	checkCurveCookie(t, cookie, k, cPub, sSec)
	if err := curveFeed(c, welcome); err != nil {
		t.Fatal(err)
	}

	initiate := curveNext(t, c)
	props := AppendBasicProperties(nil, options.DEALER, []byte("cli"), map[string]string{"X-Client": "c1"})
	checkCurveInitiate(t, initiate, cookie, cPub, sSec, props)
	if err := curveFeed(s, initiate); err != nil {
		t.Fatal(err)
	}

	ready := curveNext(t, s)
	props = AppendBasicProperties(nil, options.ROUTER, nil, map[string]string{"X-Server": "s1"})
	if len(ready) != 30+len(props) || string(ready[:6]) != "\x05READY" || binary.BigEndian.Uint64(ready[6:]) != 1 {
		t.Fatalf("READY header % x", ready[:14])
	}
	openCurve(t, ready[14:], shortNonce("CurveZMQREADY---", 1), &sPub, &cSec, props)
	if err := curveFeed(c, ready); err != nil {
		t.Fatal(err)
	}

	// MESSAGE: a plain frame, the flags octet inside; client nonces go on from INITIATE's 2,
	// the server's from READY's 1.
	var m msg.Msg
	m.Init([]byte("hello"), msg.More)
	if err := c.Encode(&m); err != nil {
		t.Fatal(err)
	}
	checkCurveMessage(t, &m, "CurveZMQMESSAGEC", 3, &sPub, &cSec, "\x01hello")
	m.Init(AppendPing(nil, 0, nil), msg.Command)
	if err := s.Encode(&m); err != nil {
		t.Fatal(err)
	}
	checkCurveMessage(t, &m, "CurveZMQMESSAGES", 2, &cPub, &sSec, "\x02\x04PING\x00\x00")
}

func checkCurveHello(t *testing.T, b []byte, cPub [32]byte) {
	t.Helper()
	if len(b) != 200 || string(b[:6]) != "\x05HELLO" || b[6] != 1 || b[7] != 0 {
		t.Fatalf("HELLO header % x", b[:8])
	}
	if !bytes.Equal(b[8:80], make([]byte, 72)) {
		t.Fatal("HELLO padding not 72 zeros")
	}
	if !bytes.Equal(b[80:112], cPub[:]) || binary.BigEndian.Uint64(b[112:]) != 1 {
		t.Fatal("HELLO C' or nonce")
	}
	openCurve(t, b[120:], shortNonce("CurveZMQHELLO---", 1), &cPub, &testServerKeys.sec, make([]byte, 64))
}

// checkCurveWelcome opens WELCOME as the client and returns the cookie.
func checkCurveWelcome(t *testing.T, b []byte, cSec, sPub [32]byte) []byte {
	t.Helper()
	if len(b) != 168 || string(b[:8]) != "\x07WELCOME" {
		t.Fatalf("WELCOME header %q", b[:8])
	}
	nonce := longNonce("WELCOME-", b[8:24])
	plain, ok := box.Open(nil, b[24:], &nonce, &testServerKeys.pub, &cSec)
	if !ok || len(plain) != 128 || !bytes.Equal(plain[:32], sPub[:]) {
		t.Fatal("WELCOME box")
	}
	return plain[32:]
}

func checkCurveCookie(t *testing.T, cookie []byte, k, cPub, sSec [32]byte) {
	t.Helper()
	nonce := longNonce("COOKIE--", cookie[:16])
	plain, ok := secretbox.Open(nil, cookie[16:], &nonce, &k)
	if !ok || !bytes.Equal(plain[:32], cPub[:]) || !bytes.Equal(plain[32:], sSec[:]) {
		t.Fatal("cookie is not SecretBox[C' + s'](K)")
	}
}

func checkCurveInitiate(t *testing.T, b, cookie []byte, cPub, sSec [32]byte, props []byte) {
	t.Helper()
	if len(b) != 257+len(props) || string(b[:9]) != "\x08INITIATE" || !bytes.Equal(b[9:105], cookie) {
		t.Fatalf("INITIATE header, size %d", len(b))
	}
	if binary.BigEndian.Uint64(b[105:]) != 2 {
		t.Fatal("INITIATE nonce")
	}
	nonce := shortNonce("CurveZMQINITIATE", 2)
	plain, ok := box.Open(nil, b[113:], &nonce, &cPub, &sSec)
	if !ok || !bytes.Equal(plain[:32], testClientKeys.pub[:]) || !bytes.Equal(plain[128:], props) {
		t.Fatal("INITIATE box")
	}
	vouch := append(append([]byte(nil), cPub[:]...), testServerKeys.pub[:]...)
	openCurve(t, plain[48:128], longNonce("VOUCH---", plain[32:48]), &testClientKeys.pub, &sSec, vouch)
}

func checkCurveMessage(t *testing.T, m *msg.Msg, prefix string, n uint64, peer, sec *[32]byte, want string) {
	t.Helper()
	b := m.Bytes()
	if m.Flags() != msg.Pooled || string(b[:8]) != "\x07MESSAGE" || binary.BigEndian.Uint64(b[8:]) != n {
		t.Fatalf("MESSAGE flags %v header % x", m.Flags(), b[:16])
	}
	openCurve(t, b[16:], shortNonce(prefix, n), peer, sec, []byte(want))
}

// openCurve opens a box and compares its content with want.
func openCurve(t *testing.T, sealed []byte, nonce [24]byte, peer, sec *[32]byte, want []byte) {
	t.Helper()
	plain, ok := box.Open(nil, sealed, &nonce, peer, sec)
	if !ok {
		t.Fatalf("box with nonce %q does not open", nonce[:16])
	}
	if !bytes.Equal(plain, want) {
		t.Fatalf("box holds % x, want % x", plain, want)
	}
}
