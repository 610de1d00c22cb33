package zmtp

import (
	"bytes"
	"errors"
	"syscall"
	"testing"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// nullZapServer is a NULL DEALER asking ZAP in domain, with its events recorded.
func nullZapServer(domain string, enforce bool, zap ZAPPipe) (*NullMechanism, *plainEvents) {
	ev := &plainEvents{}
	return NewNullMechanism(MechanismOptions{SocketType: options.DEALER, RoutingID: []byte("me"),
		ZapDomain: domain, ZapEnforceDomain: enforce, PeerAddress: "10.0.0.1", ZAP: zap,
		Event: ev.hook()}), ev
}

func nullPeer() *NullMechanism { return NewNullMechanism(MechanismOptions{SocketType: options.DEALER}) }

func TestNullZapAccepted(t *testing.T) {
	zap := &plainTestZAP{answer: plainTestHandler(nil)}
	s, ev := nullZapServer("TEST", false, zap)
	sent, err := plainPump(t, s, nullPeer())
	if err != nil || s.Status() != Ready {
		t.Fatal(err, s.Status())
	}
	if len(sent) != 2 || !bytes.Equal(sent[0], AppendReady(nil, options.DEALER, []byte("me"), nil)) {
		t.Fatalf("sent %q", sent)
	}
	// The request has no credentials: the mechanism frame is the last.
	want := []string{"", "1.0", "1", "TEST", "10.0.0.1", "me", "NULL"}
	if len(zap.requests) != 1 || len(zap.requests[0]) != len(want) {
		t.Fatalf("requests %q", zap.requests)
	}
	for i, f := range want {
		if string(zap.requests[0][i]) != f {
			t.Errorf("frame %d: %q, want %q", i, zap.requests[0][i], f)
		}
	}
	if p := s.ZapProperties(); len(p) != 2 || p[PropUserID] != "anonymous" || p["X-Role"] != "user" {
		t.Fatal(p)
	}
	ev.only(t, 0, 0)
	if err := s.ZapMsgAvailable(); err != nil { // a late notification is harmless
		t.Fatal(err)
	}
}

// TestNullZapDenied: ZAP 400/500 replace READY with ERROR, 300 sends nothing; the handshake
// fails once the peer's READY is in, with HANDSHAKE_FAILED_AUTH raised by the ZAP reply.
func TestNullZapDenied(t *testing.T) {
	for _, status := range []string{"300", "400", "500"} {
		zap := &plainTestZAP{answer: plainStatusHandler(status)}
		s, ev := nullZapServer("d", false, zap)
		p := nullPeer()
		sent, err := plainPump(t, s, p)
		code := int64(status[0]-'0') * 100
		ev.only(t, event.HandshakeFailedAuth, code)
		if status == "300" {
			if err != nil || len(sent) != 1 || s.Status() != Failed {
				t.Fatalf("300: %v %q %v", err, sent, s.Status())
			}
			continue
		}
		var pe *PeerError
		if !errors.As(err, &pe) || pe.AuthStatus() != int(code) || !bytes.Equal(sent[0], AppendError(nil, status)) {
			t.Fatalf("%s: %v %q", status, err, sent)
		}
		// Our ERROR crossed the peer's READY: both sides failed.
		if s.Status() != Handshaking {
			t.Fatalf("%s: status %v before the peer's command", status, s.Status())
		}
		if err := plainFeed(s, AppendReady(nil, options.DEALER, nil, nil)); err != nil || s.Status() != Failed {
			t.Fatalf("%s: %v %v", status, err, s.Status())
		}
		// The peer fails as soon as its own READY is out too.
		if plainNext(t, p) == nil || p.Status() != Failed {
			t.Fatalf("%s: peer %v", status, p.Status())
		}
		if plainNext(t, s) != nil {
			t.Fatal("command after ERROR")
		}
	}
}

// TestNullZapDeferred: READY waits for the reply, which may come frame by frame; the peer's
// READY is taken meanwhile.
func TestNullZapDeferred(t *testing.T) {
	zap := &plainTestZAP{answer: plainStatusHandler("200"), hold: true}
	s, _ := nullZapServer("d", false, zap)
	if err := s.ZapMsgAvailable(); err != nil || zap.connects != 0 { // before the request: ignored
		t.Fatal(err)
	}
	p := nullPeer()
	if _, err := plainPump(t, s, p); err != nil || len(zap.requests) != 1 {
		t.Fatal(err)
	}
	if s.Status() != Handshaking || p.Status() != Handshaking {
		t.Fatal("ready without the ZAP reply")
	}
	for range zapReplyFrames {
		if plainNext(t, s) != nil {
			t.Fatal("READY before the ZAP reply")
		}
		zap.release(1)
		if err := s.ZapMsgAvailable(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := plainPump(t, s, p); err != nil || s.Status() != Ready || p.Status() != Ready {
		t.Fatal(err, s.Status(), p.Status())
	}
	if len(zap.requests) != 1 || zap.connects != 1 {
		t.Fatal("asked twice")
	}
	if p := s.ZapProperties(); len(p) != 1 || p[PropUserID] != "u" {
		t.Fatal(p)
	}
}

// TestNullZapNoHandler: with no handler NULL goes on unless ZapEnforceDomain, which fails
// with HANDSHAKE_FAILED_NO_DETAIL (EFAULT) and sends nothing (libzmq 4.3.4).
func TestNullZapNoHandler(t *testing.T) {
	for _, zap := range []ZAPPipe{nil, &plainTestZAP{refuse: true}} {
		s, ev := nullZapServer("d", false, zap)
		if _, err := plainPump(t, s, nullPeer()); err != nil || s.Status() != Ready || s.ZapProperties() != nil {
			t.Fatal(err, s.Status())
		}
		ev.only(t, 0, 0)

		s, ev = nullZapServer("d", true, zap)
		var m msg.Msg
		ok, err := s.NextHandshakeCommand(&m)
		if ok || !errors.Is(err, ErrZapUnavailable) || CodeOf(err) != CodeNone {
			t.Fatal(ok, err)
		}
		ev.only(t, event.HandshakeFailedNoDetail, int64(syscall.EFAULT))
		if s.Status() != Handshaking {
			t.Fatal(s.Status())
		}
	}
}

// TestNullZapNoDomain: without a domain NULL never asks ZAP, enforced or not, handler or not.
func TestNullZapNoDomain(t *testing.T) {
	zap := &plainTestZAP{answer: plainStatusHandler("400")}
	for _, enforce := range []bool{false, true} {
		s, ev := nullZapServer("", enforce, zap)
		if _, err := plainPump(t, s, nullPeer()); err != nil || s.Status() != Ready {
			t.Fatal(err)
		}
		ev.only(t, 0, 0)
	}
	if zap.connects != 0 || len(zap.requests) != 0 {
		t.Fatal("ZAP asked without a domain")
	}
}

// TestNullZapEmptyUserID: libzmq records User-Id even when the handler leaves it empty.
func TestNullZapEmptyUserID(t *testing.T) {
	zap := &plainTestZAP{answer: func(req [][]byte) []msg.Msg { return plainZapReply(req, "200", "", nil) }}
	s, _ := nullZapServer("d", false, zap)
	if _, err := plainPump(t, s, nullPeer()); err != nil {
		t.Fatal(err)
	}
	if p := s.ZapProperties(); len(p) != 1 || p[PropUserID] != "" {
		t.Fatalf("%#v", p)
	}
}

// TestNullZapBadReply: a malformed reply fails the handshake with the ZAP code, whether it
// is read at once or later.
func TestNullZapBadReply(t *testing.T) {
	bad := func(req [][]byte) []msg.Msg { return plainZapFrames("", "2.0", "1", "200", "", "", "") }
	s, _ := nullZapServer("d", false, &plainTestZAP{answer: bad})
	var m msg.Msg
	if ok, err := s.NextHandshakeCommand(&m); ok || !errors.Is(err, ErrZapBadVersion) || CodeOf(err) != CodeZapBadVersion {
		t.Fatal(ok, err)
	}
	zap := &plainTestZAP{answer: bad, hold: true}
	s, _ = nullZapServer("d", false, zap)
	if ok, err := s.NextHandshakeCommand(&m); ok || err != nil {
		t.Fatal(ok, err)
	}
	zap.release(zapReplyFrames)
	if err := s.ZapMsgAvailable(); !errors.Is(err, ErrZapBadVersion) {
		t.Fatal(err)
	}
}
