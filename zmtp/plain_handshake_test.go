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

// plainPump passes commands between two mechanisms until neither has anything to say. It
// returns every command sent, in order, and the first error (the side that failed last).
func plainPump(t *testing.T, a, b Mechanism) ([][]byte, error) {
	t.Helper()
	var sent [][]byte
	for progress := true; progress; {
		progress = false
		for _, p := range [][2]Mechanism{{a, b}, {b, a}} {
			for {
				var m msg.Msg
				ok, err := p[0].NextHandshakeCommand(&m)
				if err != nil {
					return sent, err
				}
				if !ok {
					break
				}
				if !m.IsCommand() {
					t.Fatal("handshake frame without COMMAND flag")
				}
				progress = true
				sent = append(sent, append([]byte{}, m.Bytes()...))
				if err := p[1].ProcessHandshakeCommand(&m); err != nil {
					return sent, err
				}
			}
		}
	}
	return sent, nil
}

// plainPair makes a PLAIN client (DEALER) and server (ROUTER) with a handler knowing
// admin/secret.
func plainPair(user, pass string) (*PlainClient, *PlainServer, *plainTestZAP, *plainEvents) {
	zap := &plainTestZAP{answer: plainTestHandler(map[string]string{"admin": "secret"})}
	ev := &plainEvents{}
	c := NewPlainClient(MechanismOptions{SocketType: options.DEALER, RoutingID: []byte("c1"),
		Metadata: map[string]string{"X-App": "demo"}, PlainUsername: user, PlainPassword: pass})
	s := NewPlainServer(MechanismOptions{SocketType: options.ROUTER, RecvRoutingID: true, AsServer: true,
		RoutingID: []byte("srv"), ZapDomain: "global", PeerAddress: "192.0.2.7", ZAP: zap,
		Metadata: map[string]string{"X-Srv": "1"}, Event: ev.hook()})
	return c, s, zap, ev
}

func TestPlainHandshake(t *testing.T) {
	c, s, zap, ev := plainPair("admin", "secret")
	if c.Name() != "PLAIN" || s.Name() != "PLAIN" {
		t.Fatal("name")
	}
	sent, err := plainPump(t, c, s)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status() != Ready || s.Status() != Ready {
		t.Fatalf("status %v %v", c.Status(), s.Status())
	}
	want := [][]byte{
		unhex(t, `05 "HELLO" 05 "admin" 06 "secret"`),
		unhex(t, `07 "WELCOME"`),
		unhex(t, `08 "INITIATE" 0b "Socket-Type" 00000006 "DEALER" 08 "Identity" 00000002 "c1" 05 "X-App" 00000004 "demo"`),
		unhex(t, `05 "READY" 0b "Socket-Type" 00000006 "ROUTER" 08 "Identity" 00000003 "srv" 05 "X-Srv" 00000001 "1"`),
	}
	if len(sent) != len(want) {
		t.Fatalf("sent %q", sent)
	}
	for i := range want {
		if !bytes.Equal(sent[i], want[i]) {
			t.Errorf("command %d: %q, want %q", i, sent[i], want[i])
		}
	}
	// The ZAP request: delimiter, version, id, domain, address, our own routing id,
	// mechanism, username, password.
	wantReq := []string{"", "1.0", "1", "global", "192.0.2.7", "srv", "PLAIN", "admin", "secret"}
	if len(zap.requests) != 1 || len(zap.requests[0]) != len(wantReq) {
		t.Fatalf("requests %q", zap.requests)
	}
	for i, f := range wantReq {
		if string(zap.requests[0][i]) != f {
			t.Errorf("request frame %d: %q, want %q", i, zap.requests[0][i], f)
		}
	}
	if p := s.PeerProperties(); p["Socket-Type"] != "DEALER" || p["Identity"] != "c1" || p["X-App"] != "demo" {
		t.Errorf("server saw %v", p)
	}
	if id, ok := s.PeerRoutingID(); !ok || string(id) != "c1" {
		t.Errorf("routing id %q %v", id, ok)
	}
	if p := c.PeerProperties(); p["Socket-Type"] != "ROUTER" || p["X-Srv"] != "1" {
		t.Errorf("client saw %v", p)
	}
	if _, ok := c.PeerRoutingID(); ok {
		t.Error("DEALER client recorded a routing id")
	}
	zp := s.ZapProperties()
	if len(zp) != 2 || zp[PropUserID] != "admin" || zp["X-Role"] != "user" {
		t.Errorf("ZAP properties %v", zp)
	}
	if c.ZapProperties() != nil || c.ZapMsgAvailable() != nil {
		t.Error("client side has ZAP state")
	}
	ev.only(t, 0, 0)
	// Data frames pass untouched, and nothing more is said.
	var m msg.Msg
	m.Init([]byte("data"), 0)
	for _, mech := range []Mechanism{c, s} {
		if mech.Encode(&m) != nil || mech.Decode(&m) != nil || string(m.Bytes()) != "data" {
			t.Fatal("PLAIN touched a data frame")
		}
		if ok, err := mech.NextHandshakeCommand(&m); ok || err != nil {
			t.Fatal("command after the handshake")
		}
	}
}

func TestPlainEmptyCredentials(t *testing.T) {
	zap := &plainTestZAP{answer: plainStatusHandler("200")}
	c := NewPlainClient(MechanismOptions{SocketType: options.PUSH})
	s := NewPlainServer(MechanismOptions{SocketType: options.PULL, AsServer: true, ZAP: zap})
	sent, err := plainPump(t, c, s)
	if err != nil || s.Status() != Ready || c.Status() != Ready {
		t.Fatal(err, s.Status(), c.Status())
	}
	if !bytes.Equal(sent[0], unhex(t, `05 "HELLO" 00 00`)) {
		t.Fatalf("HELLO %q", sent[0])
	}
	// PUSH and PULL send no Identity.
	if !bytes.Equal(sent[2], unhex(t, `08 "INITIATE" 0b "Socket-Type" 00000004 "PUSH"`)) {
		t.Fatalf("INITIATE %q", sent[2])
	}
	if r := zap.requests[0]; len(r) != 9 || len(r[3]) != 0 || len(r[7]) != 0 || len(r[8]) != 0 {
		t.Fatalf("request %q", r)
	}
}

func TestPlainCredentialsTooLong(t *testing.T) {
	long := string(make([]byte, 256))
	for _, o := range []MechanismOptions{{PlainUsername: long}, {PlainPassword: long}} {
		var m msg.Msg
		if ok, err := NewPlainClient(o).NextHandshakeCommand(&m); ok || !errors.Is(err, ErrPlainCredentials) || !errors.Is(err, syscall.EINVAL) {
			t.Fatal(ok, err)
		}
	}
	max := string(bytes.Repeat([]byte("u"), 255))
	var m msg.Msg
	if ok, err := NewPlainClient(MechanismOptions{PlainUsername: max, PlainPassword: max}).NextHandshakeCommand(&m); !ok || err != nil || m.Size() != 6+2+510 {
		t.Fatal(ok, err, m.Size())
	}
	u, p, err := ParsePlainHello(m.Bytes())
	if err != nil || string(u) != max || string(p) != max {
		t.Fatal(err)
	}
}

// TestPlainZapDeferred: the handler answers later, even frame by frame; the server holds
// WELCOME until the whole reply is in.
func TestPlainZapDeferred(t *testing.T) {
	c, s, zap, _ := plainPair("admin", "secret")
	zap.hold = true
	if _, err := plainPump(t, c, s); err != nil {
		t.Fatal(err)
	}
	if len(zap.requests) != 1 || s.Status() != Handshaking || c.Status() != Handshaking {
		t.Fatal("handshake moved without the ZAP reply")
	}
	for range zapReplyFrames {
		if s.ZapProperties() != nil {
			t.Fatal("ZAP properties before the whole reply")
		}
		var m msg.Msg
		if ok, _ := s.NextHandshakeCommand(&m); ok {
			t.Fatal("WELCOME before the ZAP reply")
		}
		zap.release(1)
		if err := s.ZapMsgAvailable(); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ZapMsgAvailable(); err != nil { // a late notification is harmless
		t.Fatal(err)
	}
	if _, err := plainPump(t, c, s); err != nil || c.Status() != Ready || s.Status() != Ready {
		t.Fatal(err, c.Status(), s.Status())
	}
	if s.ZapProperties()[PropUserID] != "admin" {
		t.Fatal(s.ZapProperties())
	}
}

// TestPlainZapDenied: the handler's verdict, for bad credentials and each failure status.
// 400 and 500 send ERROR with the code, 300 closes silently; each raises
// HANDSHAKE_FAILED_AUTH on the server, and the client reports the ERROR as a *PeerError.
func TestPlainZapDenied(t *testing.T) {
	cases := []struct {
		name, user, pass string
		status           string // forced reply status, "" to let the handler decide
		want             int
	}{
		{"wrong password", "admin", "guess", "", 400},
		{"unknown user", "mallory", "secret", "", 400},
		{"300", "admin", "secret", "300", 300},
		{"400", "admin", "secret", "400", 400},
		{"500", "admin", "secret", "500", 500},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, s, zap, ev := plainPair(tc.user, tc.pass)
			if tc.status != "" {
				zap.answer = plainStatusHandler(tc.status)
			}
			sent, err := plainPump(t, c, s)
			ev.only(t, event.HandshakeFailedAuth, int64(tc.want))
			if s.Status() != Failed {
				t.Fatalf("server %v", s.Status())
			}
			if tc.want == 300 {
				if err != nil || len(sent) != 1 || c.Status() != Handshaking {
					t.Fatalf("300: %v %q %v", err, sent, c.Status())
				}
				return
			}
			wantErr := AppendError(nil, tc.status)
			if tc.status == "" {
				wantErr = AppendError(nil, "400")
			}
			if len(sent) != 2 || !bytes.Equal(sent[1], wantErr) {
				t.Fatalf("sent %q", sent)
			}
			var pe *PeerError
			if !errors.As(err, &pe) || pe.AuthStatus() != tc.want || c.Status() != Failed {
				t.Fatalf("client: %v %v", err, c.Status())
			}
			var m msg.Msg
			if ok, err := s.NextHandshakeCommand(&m); ok || err != nil {
				t.Fatal("server said more after ERROR")
			}
		})
	}
}

// TestPlainNoZapHandler: libzmq 4.3.4 fails every PLAIN handshake without a handler, with
// HANDSHAKE_FAILED_NO_DETAIL (EFAULT) and no ERROR to the client.
func TestPlainNoZapHandler(t *testing.T) {
	for _, zap := range []ZAPPipe{nil, &plainTestZAP{refuse: true}} {
		for _, enforce := range []bool{false, true} {
			ev := &plainEvents{}
			s := NewPlainServer(MechanismOptions{SocketType: options.REP, AsServer: true, ZAP: zap,
				ZapDomain: "d", ZapEnforceDomain: enforce, Event: ev.hook()})
			c := NewPlainClient(MechanismOptions{SocketType: options.REQ, PlainUsername: "admin"})
			sent, err := plainPump(t, c, s)
			if !errors.Is(err, ErrZapUnavailable) || CodeOf(err) != CodeNone || len(sent) != 1 {
				t.Fatal(err, sent)
			}
			ev.only(t, event.HandshakeFailedNoDetail, int64(syscall.EFAULT))
			if s.Status() != Handshaking || s.ZapProperties() != nil {
				t.Fatal(s.Status())
			}
			var m msg.Msg
			if ok, err := s.NextHandshakeCommand(&m); ok || err != nil {
				t.Fatal("server answered without ZAP")
			}
		}
	}
}
