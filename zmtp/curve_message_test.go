package zmtp

import (
	"bytes"
	"encoding/binary"
	"golang.org/x/crypto/nacl/secretbox"
	"math"
	"testing"

	"github.com/zreactor/zmq/msg"
)

// curveReadyPair returns a client and server past the handshake.
func curveReadyPair(t testing.TB) (*CurveClient, *CurveServer) {
	t.Helper()
	c, s := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	curveMustHandshake(t, c, s)
	return c, s
}

// curvePattern is n bytes that differ from position to position.
func curvePattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>8)
	}
	return b
}

func TestCurveDataRoundTrip(t *testing.T) {
	c, s := curveReadyPair(t)
	sizes := []int{0, 1, 31, 32, 33, 1000, 64 << 10, 70000}
	flagSets := []msg.Flags{0, msg.More, msg.Command, msg.More | msg.Command}
	for _, dir := range []struct {
		name     string
		from, to Mechanism
	}{{"client to server", c, s}, {"server to client", s, c}} {
		for _, size := range sizes {
			for _, f := range flagSets {
				data := curvePattern(size)
				var m msg.Msg
				m.Init(data, f)
				if err := dir.from.Encode(&m); err != nil {
					t.Fatal(err)
				}
				// MESSAGE is a plain data frame; Pooled is internal (a big box from the pool).
				if m.Flags()&^msg.Pooled != 0 || m.Size() != size+33 {
					t.Fatalf("%s: MESSAGE frame flags %v size %d", dir.name, m.Flags(), m.Size())
				}
				if err := dir.to.Decode(&m); err != nil {
					t.Fatalf("%s size %d flags %v: %v", dir.name, size, f, err)
				}
				if m.Flags()&^msg.Pooled != f || !bytes.Equal(m.Bytes(), data) {
					t.Fatalf("%s size %d: got flags %v, %d bytes", dir.name, size, m.Flags(), m.Size())
				}
			}
		}
	}
	// Nonces: client HELLO 1, INITIATE 2, then one per frame; server READY 1, then per frame.
	frames := uint64(len(sizes) * len(flagSets))
	if uint64(c.codec.sent) != 2+frames || s.codec.peerNonce != 2+frames {
		t.Fatalf("client nonces %d, server saw %d", c.codec.sent, s.codec.peerNonce)
	}
	if uint64(s.codec.sent) != 1+frames || c.codec.peerNonce != 1+frames {
		t.Fatalf("server nonces %d, client saw %d", s.codec.sent, c.codec.peerNonce)
	}
}

// A decoded frame keeps nothing of the box, and a shared body is left as it was.
func TestCurveDecodeBuffers(t *testing.T) {
	c, s := curveReadyPair(t)
	data := curvePattern(100)
	var m msg.Msg
	m.InitRef(data, msg.More)
	if err := c.Encode(&m); err != nil {
		t.Fatal(err)
	}
	sealed := append([]byte(nil), m.Bytes()...)
	m.InitRef(append([]byte(nil), sealed...), msg.Shared)
	if err := s.Decode(&m); err != nil {
		t.Fatal(err)
	}
	if m.Flags() != msg.More || !bytes.Equal(m.Bytes(), data) {
		t.Fatalf("shared: flags %v", m.Flags())
	}
	// Unshared: the payload is decrypted where it arrived, in the frame's own buffer.
	m.Init(data, 0)
	c.Encode(&m)
	body := append([]byte(nil), m.Bytes()...)
	m.InitRef(body, 0)
	if err := s.Decode(&m); err != nil {
		t.Fatal(err)
	}
	if &m.Bytes()[0] != &body[curveMessageHead+secretbox.Overhead+1] || cap(m.Bytes()) != len(data) {
		t.Fatal("payload not decoded into the frame's buffer")
	}
	// Outer flags are replaced by the boxed ones.
	m.Init(data, 0)
	c.Encode(&m)
	m.SetFlags(msg.More | msg.Command)
	if err := s.Decode(&m); err != nil || m.Flags()&^msg.Pooled != 0 {
		t.Fatalf("outer flags leaked: %v %v", m.Flags(), err)
	}
}

// Reserved bits in the boxed flags octet are ignored, as libzmq does.
func TestCurveReservedFlags(t *testing.T) {
	c, s := curveReadyPair(t)
	var m msg.Msg
	m.Init([]byte("x"), msg.Shared|msg.RoutingID) // not MORE or COMMAND: not boxed
	if err := c.Encode(&m); err != nil {
		t.Fatal(err)
	}
	if err := s.Decode(&m); err != nil || m.Flags() != 0 {
		t.Fatalf("flags %v %v", m.Flags(), err)
	}
	if boxFlags(msg.More|msg.Command) != 3 || msgFlags(0xfc) != 0 || msgFlags(0xff) != msg.More|msg.Command {
		t.Fatal("flag mapping")
	}
}

func TestCurveBeforeReady(t *testing.T) {
	c, s := newTestCurvePair(t, curveClientOpts(), curveServerOpts())
	var m msg.Msg
	m.Init([]byte("early"), 0)
	for _, err := range []error{c.Encode(&m), c.Decode(&m), s.Encode(&m), s.Decode(&m)} {
		if err != errCurveNotReady {
			t.Fatalf("before the handshake: %v", err)
		}
	}
}

func TestCurveNonceExhausted(t *testing.T) {
	c, _ := curveReadyPair(t)
	c.codec.sent = math.MaxUint64
	var m msg.Msg
	m.Init([]byte("x"), 0)
	if err := c.Encode(&m); err != errCurveNonceExhausted {
		t.Fatalf("got %v", err)
	}
}

func TestCurveMessageNonceOrder(t *testing.T) {
	c, s := curveReadyPair(t)
	seal := func(p string) []byte {
		var m msg.Msg
		m.Init([]byte(p), 0)
		if err := c.Encode(&m); err != nil {
			t.Fatal(err)
		}
		return append([]byte(nil), m.Bytes()...)
	}
	open := func(b []byte) error {
		var m msg.Msg
		m.Init(b, 0)
		return s.Decode(&m)
	}
	first, second, third := seal("one"), seal("two"), seal("three")
	if err := open(second); err != nil {
		t.Fatal(err) // a gap is fine: nonces must increase, not be consecutive
	}
	curveWantCode(t, open(first), CodeInvalidSequence)  // out of order
	curveWantCode(t, open(second), CodeInvalidSequence) // replayed
	if err := open(third); err != nil {
		t.Fatal(err)
	}
	// The nonce is authenticated: raising it by hand breaks the box, and a forged box
	// does not move the sequence on.
	forged := seal("four")
	binary.BigEndian.PutUint64(forged[8:], 1<<62)
	curveWantCode(t, open(forged), CodeCryptographic)
	if s.codec.peerNonce != 5 {
		t.Fatalf("peer nonce %d after a forged MESSAGE", s.codec.peerNonce)
	}
}

func TestCurveGarbledMessage(t *testing.T) {
	c, s := curveReadyPair(t)
	var m msg.Msg
	m.Init(curvePattern(64), 0)
	c.Encode(&m)
	good := append([]byte(nil), m.Bytes()...)
	for i := 16; i < len(good); i++ {
		bad := append([]byte(nil), good...)
		bad[i] ^= 0x20
		m.Init(bad, 0)
		curveWantCode(t, s.Decode(&m), CodeCryptographic)
	}
	// The server's own MESSAGE is not the client's: wrong nonce prefix. (Its second one,
	// nonce 3, so that the sequence check passes.)
	m.Init([]byte("x"), 0)
	s.Encode(&m)
	m.Init([]byte("x"), 0)
	s.Encode(&m)
	curveWantCode(t, s.Decode(&m), CodeCryptographic)
	m.Init(good, 0)
	if err := s.Decode(&m); err != nil {
		t.Fatalf("untouched frame after garbled ones: %v", err)
	}
}

func TestCurveMalformedMessage(t *testing.T) {
	_, s := curveReadyPair(t)
	for _, tc := range []struct {
		body string
		code ProtocolCode
	}{
		{"", CodeMalformedCommandUnspecified},
		{"\x07", CodeMalformedCommandUnspecified},
		{"\x07MESSAG", CodeMalformedCommandUnspecified},
		{"\x05HELLO", CodeUnexpectedCommand},
		{"\x07MESSAGX" + string(make([]byte, 40)), CodeUnexpectedCommand},
		{"\x07MESSAGE", CodeMalformedCommandMessage},
		{"\x07MESSAGE" + string(make([]byte, 24)), CodeMalformedCommandMessage},
		{"\x07MESSAGE\x00\x00\x00\x00\x00\x00\x00\x09" + string(make([]byte, 17)), CodeCryptographic},
		{"\x07MESSAGE\x00\x00\x00\x00\x00\x00\x00\x02" + string(make([]byte, 17)), CodeInvalidSequence},
	} {
		var m msg.Msg
		m.Init([]byte(tc.body), 0)
		curveWantCode(t, s.Decode(&m), tc.code)
	}
}
