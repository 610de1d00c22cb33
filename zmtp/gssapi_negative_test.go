package zmtp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"syscall"
	"testing"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/kdctest"
	"github.com/zreactor/zmq/msg"
)

// gssFirstInitiate returns a fresh server and the client's genuine INITIATE body.
func gssFirstInitiate(t *testing.T, k *kdctest.KDC, ev *curveEvents) (*GSSAPIClient, *GSSAPIServer, []byte) {
	t.Helper()
	co, so := gssOpts(k, false)
	if ev != nil {
		so.Event = ev.hook()
	}
	c, s := NewGSSAPIClient(co), NewGSSAPIServer(so)
	return c, s, curveNext(t, c)
}

// TestGSSAPIBadInitiate: each bad INITIATE fails the server with libzmq's code, or with a
// failed context and NO_DETAIL; nothing is sent back.
func TestGSSAPIBadInitiate(t *testing.T) {
	k := kdctest.Start(t)
	_, _, good := gssFirstInitiate(t, k, nil)
	lenAt := func(b []byte, n uint32) []byte {
		out := append([]byte(nil), b...)
		binary.BigEndian.PutUint32(out[9:], n)
		return out
	}
	garbled := append([]byte(nil), good...)
	garbled[len(garbled)-40] ^= 0xff
	cases := []struct {
		name string
		body []byte
		code ProtocolCode // CodeNone: a failed context
	}{
		{"truncated", good[:len(good)-1], CodeMalformedCommandInitiate},
		{"trailing byte", append(append([]byte(nil), good...), 0), CodeMalformedCommandInitiate},
		{"length overflows", lenAt(good, 0xffffffff), CodeMalformedCommandInitiate},
		{"no length", []byte("\x08INITIATE\x00\x00"), CodeMalformedCommandInitiate},
		{"name only", []byte("\x08INITIATE"), CodeMalformedCommandInitiate},
		{"other command", append([]byte("\x08INITIATX"), good[9:]...), CodeUnexpectedCommand},
		{"name overruns", []byte("\x09INITIATE"), CodeMalformedCommandUnspecified},
		{"empty", nil, CodeMalformedCommandUnspecified},
		{"empty token", []byte("\x08INITIATE\x00\x00\x00\x00"), CodeNone},
		{"garbage token", []byte("\x08INITIATE\x00\x00\x00\x03abc"), CodeNone},
		{"garbled token", garbled, CodeNone},
		{"token of another mechanism", append([]byte("\x08INITIATE\x00\x00\x00\x0a"), 0x60, 0x08, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02), CodeNone},
	}
	for _, tc := range cases {
		var ev curveEvents
		_, s, _ := gssFirstInitiate(t, k, &ev)
		err := curveFeed(s, tc.body)
		if tc.code != CodeNone {
			curveWantCode(t, err, tc.code)
		} else if !errors.Is(err, ErrGSSAPIContext) || !errors.Is(err, syscall.EPROTO) || !ev.has(event.HandshakeFailedNoDetail, int64(syscall.EPROTO)) {
			t.Fatalf("%s: %v, events %v", tc.name, err, ev)
		}
		if s.Status() != Failed {
			t.Fatalf("%s: status %v", tc.name, s.Status())
		}
		var m msg.Msg
		if ok, _ := s.NextHandshakeCommand(&m); ok {
			t.Fatalf("%s: the server answered", tc.name)
		}
	}
	// The same genuine token twice: the second is a replay.
	_, s1, tok := gssFirstInitiate(t, k, nil)
	if err := curveFeed(s1, tok); err != nil {
		t.Fatal(err)
	}
	_, s2, _ := gssFirstInitiate(t, k, nil)
	if err := curveFeed(s2, tok); !errors.Is(err, ErrGSSAPIContext) {
		t.Fatalf("replayed AP-REQ: %v", err)
	}
}

// TestGSSAPIBadHandshakeOrder: commands out of place.
func TestGSSAPIBadHandshakeOrder(t *testing.T) {
	k := kdctest.Start(t)
	// A non-empty command where the client's empty one is due.
	c, s, tok := gssFirstInitiate(t, k, nil)
	if err := curveFeed(s, tok); err != nil {
		t.Fatal(err)
	}
	rep := curveNext(t, s)
	if err := curveFeed(s, []byte("\x05READY")); !errors.Is(err, ErrUnexpectedCommand) {
		t.Fatalf("READY instead of the empty command: %v", err)
	}
	// The client refuses an empty command where the AP-REP is due, and a second INITIATE.
	if err := curveFeed(c, nil); err == nil {
		t.Fatal("empty command for an AP-REP accepted")
	}
	c2, s2, tok2 := gssFirstInitiate(t, k, nil)
	if err := curveFeed(s2, tok2); err != nil {
		t.Fatal(err)
	}
	rep2 := curveNext(t, s2)
	if err := curveFeed(c2, rep); err == nil {
		t.Fatal("another connection's AP-REP accepted")
	}
	c3, s3, tok3 := gssFirstInitiate(t, k, nil)
	_ = rep2
	if err := curveFeed(s3, tok3); err != nil {
		t.Fatal(err)
	}
	rep3 := curveNext(t, s3)
	if err := curveFeed(c3, rep3); err != nil {
		t.Fatal(err)
	}
	if err := curveFeed(c3, rep3); !errors.Is(err, ErrUnexpectedCommand) {
		t.Fatalf("second AP-REP: %v", err)
	}
}

// TestGSSAPIPlaintextMismatch: a plaintext peer and an encrypting one never get to READY.
func TestGSSAPIPlaintextMismatch(t *testing.T) {
	k := kdctest.Start(t)
	for _, clientPlain := range []bool{true, false} {
		co, _ := gssOpts(k, clientPlain)
		_, so := gssOpts(k, !clientPlain)
		c, s := NewGSSAPIClient(co), NewGSSAPIServer(so)
		ce, se := curveHandshake(c, s, nil)
		if ce == nil && se == nil {
			t.Fatalf("client plaintext %v: handshake passed", clientPlain)
		}
		curveWantCode(t, errors.Join(ce, se), CodeUnexpectedCommand)
		if c.Status() == Ready || s.Status() == Ready {
			t.Fatal("ready")
		}
	}
}

// gssConnected returns a client and server after a genuine handshake.
func gssConnected(t *testing.T, k *kdctest.KDC) (*GSSAPIClient, *GSSAPIServer) {
	t.Helper()
	co, so := gssOpts(k, false)
	c, s := NewGSSAPIClient(co), NewGSSAPIServer(so)
	gssMustHandshake(t, c, s)
	return c, s
}

func gssWrapped(t *testing.T, from Mechanism, body string) []byte {
	t.Helper()
	var m msg.Msg
	m.Init([]byte(body), 0)
	if err := from.Encode(&m); err != nil {
		t.Fatal(err)
	}
	return append([]byte(nil), m.Bytes()...)
}

func gssDecode(to Mechanism, body []byte) error {
	var m msg.Msg
	m.Init(body, 0)
	return to.Decode(&m)
}

// TestGSSAPIBadMessages: after the handshake, a MESSAGE tampered with, replayed, out of
// order, reflected or malformed is an error with libzmq's code, and the frames that follow in
// order still decode (the engine closes the connection at the first error anyway).
func TestGSSAPIBadMessages(t *testing.T) {
	k := kdctest.Start(t)
	c, s := gssConnected(t, k)
	m0, m1, m2 := gssWrapped(t, c, "zero"), gssWrapped(t, c, "one"), gssWrapped(t, c, "two")
	tampered := append([]byte(nil), m0...)
	tampered[len(tampered)-5] ^= 1
	overflow := append([]byte(nil), m0...)
	binary.BigEndian.PutUint32(overflow[8:], 0xffffffff)
	for _, tc := range []struct {
		name string
		body []byte
		code ProtocolCode
	}{
		{"out of order", m1, CodeCryptographic},
		{"tampered", tampered, CodeCryptographic},
		{"reflected", gssWrapped(t, s, "mine"), CodeCryptographic},
		{"length overflows", overflow, CodeMalformedCommandMessage},
		{"truncated", m0[:len(m0)-1], CodeMalformedCommandMessage},
		{"trailing byte", append(append([]byte(nil), m0...), 0), CodeMalformedCommandMessage},
		{"no length", []byte("\x07MESSAGE\x00"), CodeMalformedCommandMessage},
		{"not a MESSAGE", append([]byte("\x07MASSAGE"), m0[8:]...), CodeUnexpectedCommand},
		{"plaintext frame", []byte("hello"), CodeMalformedCommandUnspecified},
		{"plaintext command", []byte("\x04PING\x00\x01"), CodeUnexpectedCommand},
		{"empty frame", nil, CodeMalformedCommandUnspecified},
		{"token not sealed", gssUnsealed(m0), CodeCryptographic},
	} {
		if err := gssDecode(s, tc.body); CodeOf(err) != tc.code {
			t.Fatalf("%s: %v, want code %#x", tc.name, err, tc.code)
		}
	}
	// The genuine frames still decode in order after all that (the engine closes at the
	// first error; the codec's state is left alone), and a replay then fails.
	for i, b := range [][]byte{m0, m1, m2} {
		if err := gssDecode(s, b); err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
	}
	curveWantCode(t, gssDecode(s, m0), CodeCryptographic)
	// A token that seals nothing, not even the flags octet, next in sequence.
	curveWantCode(t, gssDecode(s, gssEmptyPlaintext(t, c)), CodeMalformedCommandMessage)
}

// gssEmptyPlaintext is a MESSAGE whose token wraps nothing at all, not even the flags octet.
func gssEmptyPlaintext(t *testing.T, c *GSSAPIClient) []byte {
	t.Helper()
	tok, err := c.ctx.Wrap(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return appendGSSCommand(nil, gssMessageName, tok)
}

// gssUnsealed clears the Sealed flag of a MESSAGE's token.
func gssUnsealed(m []byte) []byte {
	out := bytes.Clone(m)
	out[12+2] &^= 0x02
	return out
}
