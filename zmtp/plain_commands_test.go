package zmtp

import (
	"errors"
	"syscall"
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// plainFeed hands body to mech as one command frame.
func plainFeed(mech Mechanism, body []byte) error {
	var m msg.Msg
	m.Init(body, msg.Command)
	return mech.ProcessHandshakeCommand(&m)
}

// plainNext returns mech's next command, or nil.
func plainNext(t *testing.T, mech Mechanism) []byte {
	t.Helper()
	var m msg.Msg
	ok, err := mech.NextHandshakeCommand(&m)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return nil
	}
	return append([]byte{}, m.Bytes()...)
}

// plainWantErr checks err is want and carries code (and is an EPROTO).
func plainWantErr(t *testing.T, what string, err, want error, code ProtocolCode) {
	t.Helper()
	if !errors.Is(err, want) || CodeOf(err) != code || !errors.Is(err, syscall.EPROTO) {
		t.Errorf("%s: %v (code %#x), want %v (code %#x)", what, err, CodeOf(err), want, code)
	}
}

// TestPlainHelloMalformed: the server's HELLO checks in libzmq's order and codes; no ZAP
// request goes out for a bad HELLO.
func TestPlainHelloMalformed(t *testing.T) {
	cases := []struct {
		name, body string
		want       error
		code       ProtocolCode
	}{
		{"empty", ``, ErrMalformedCommand, CodeMalformedCommandUnspecified},
		{"lone empty name", `00`, ErrMalformedCommand, CodeMalformedCommandUnspecified},
		{"truncated name", `05 "HELL"`, ErrMalformedCommand, CodeMalformedCommandUnspecified},
		{"name only", `05 "HELLO"`, ErrPlainMalformedHello, CodeMalformedCommandHello},
		{"username overruns", `05 "HELLO" 05 "adm"`, ErrPlainMalformedHello, CodeMalformedCommandHello},
		{"username 255 overruns", `05 "HELLO" ff "admin" 00`, ErrPlainMalformedHello, CodeMalformedCommandHello},
		{"no password length", `05 "HELLO" 05 "admin"`, ErrPlainMalformedHello, CodeMalformedCommandHello},
		{"password overruns", `05 "HELLO" 05 "admin" 06 "secre"`, ErrPlainMalformedHello, CodeMalformedCommandHello},
		{"trailing byte", `05 "HELLO" 05 "admin" 06 "secret" 00`, ErrPlainMalformedHello, CodeMalformedCommandHello},
		{"lowercase name", `05 "hello" 00 00`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"INITIATE first", `08 "INITIATE"`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"READY first", `05 "READY"`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"ERROR from client", `05 "ERROR" 03 "400"`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"longer name", `06 "HELLOX" 00 00`, ErrUnexpectedCommand, CodeUnexpectedCommand},
	}
	for _, tc := range cases {
		zap := &plainTestZAP{answer: plainStatusHandler("200")}
		s := NewPlainServer(MechanismOptions{SocketType: options.ROUTER, AsServer: true, ZAP: zap})
		plainWantErr(t, tc.name, plainFeed(s, unhex(t, tc.body)), tc.want, tc.code)
		if len(zap.requests) != 0 || zap.connects != 0 {
			t.Errorf("%s: ZAP asked", tc.name)
		}
	}
	// Well-formed edge cases: empty and 255-byte credentials.
	for _, body := range [][]byte{unhex(t, `05 "HELLO" 00 00`), AppendPlainHello(nil, string(make([]byte, 255)), "p")} {
		zap := &plainTestZAP{answer: plainStatusHandler("200")}
		s := NewPlainServer(MechanismOptions{SocketType: options.ROUTER, AsServer: true, ZAP: zap})
		if err := plainFeed(s, body); err != nil || len(zap.requests) != 1 {
			t.Errorf("%q: %v", body, err)
		}
	}
}

// TestPlainServerSequence: commands at the wrong time. Before WELCOME went out (ZAP
// pending, or the reply in but WELCOME unsent) and after the ERROR libzmq reports
// ZMTP_UNSPECIFIED; a non-INITIATE when INITIATE is due is UNEXPECTED_COMMAND.
func TestPlainServerSequence(t *testing.T) {
	hello := AppendPlainHello(nil, "admin", "secret")
	initiate := append([]byte(plainInitiatePrefix), AppendBasicProperties(nil, options.DEALER, nil, nil)...)
	newServer := func(status string, hold bool) (*PlainServer, *plainTestZAP) {
		zap := &plainTestZAP{answer: plainStatusHandler(status), hold: hold}
		s := NewPlainServer(MechanismOptions{SocketType: options.ROUTER, AsServer: true, ZAP: zap})
		if err := plainFeed(s, hello); err != nil {
			t.Fatal(err)
		}
		return s, zap
	}
	s, zap := newServer("200", true)
	plainWantErr(t, "INITIATE while ZAP pending", plainFeed(s, initiate), ErrPlainSequence, CodeZMTPUnspecified)
	plainWantErr(t, "HELLO while ZAP pending", plainFeed(s, hello), ErrPlainSequence, CodeZMTPUnspecified)
	if len(zap.requests) != 1 {
		t.Fatal("second ZAP request")
	}

	s, _ = newServer("200", false)
	plainWantErr(t, "INITIATE before WELCOME", plainFeed(s, initiate), ErrPlainSequence, CodeZMTPUnspecified)
	if w := plainNext(t, s); string(w) != plainWelcomePrefix {
		t.Fatalf("WELCOME %q", w)
	}
	plainWantErr(t, "HELLO again", plainFeed(s, hello), ErrUnexpectedCommand, CodeUnexpectedCommand)
	plainWantErr(t, "READY for INITIATE", plainFeed(s, unhex(t, `05 "READY"`)), ErrUnexpectedCommand, CodeUnexpectedCommand)
	plainWantErr(t, "short INITIATE", plainFeed(s, unhex(t, `08 "INITIAT"`)), ErrUnexpectedCommand, CodeUnexpectedCommand)
	if err := plainFeed(s, initiate); err != nil {
		t.Fatal(err)
	}
	if s.Status() != Handshaking {
		t.Fatal("ready before READY went out")
	}
	plainWantErr(t, "INITIATE again", plainFeed(s, initiate), ErrPlainSequence, CodeZMTPUnspecified)
	if r := plainNext(t, s); !hasPrefix(r, plainReadyPrefix) || s.Status() != Ready {
		t.Fatalf("READY %q %v", r, s.Status())
	}

	s, _ = newServer("500", false)
	if e := plainNext(t, s); string(e) != "\x05ERROR\x03500" || s.Status() != Failed {
		t.Fatalf("ERROR %q %v", e, s.Status())
	}
	plainWantErr(t, "INITIATE after ERROR", plainFeed(s, initiate), ErrPlainSequence, CodeZMTPUnspecified)
}

// TestPlainInitiateMetadata: libzmq's PLAIN server raises no protocol event for a bad
// INITIATE property list (and none for an incompatible Socket-Type).
func TestPlainInitiateMetadata(t *testing.T) {
	initiate := func(props []byte) []byte { return append([]byte(plainInitiatePrefix), props...) }
	cases := []struct {
		name string
		body []byte
		want error
	}{
		{"truncated", initiate(unhex(t, `0b "Socket-Type" 00000006 "DEAL"`)), ErrPlainInitiateMetadata},
		{"trailing byte", initiate(unhex(t, `0b "Socket-Type" 00000006 "DEALER" 00`)), ErrPlainInitiateMetadata},
		{"huge value length", initiate(unhex(t, `0b "Socket-Type" ffffffff "DEALER"`)), ErrPlainInitiateMetadata},
		{"over the bound", initiate(AppendProperty(nil, "X-Big", make([]byte, 64))), ErrPlainInitiateMetadata},
		{"incompatible", initiate(unhex(t, `0b "Socket-Type" 00000004 "PUSH"`)), ErrIncompatibleSocketType},
		{"none", initiate(nil), nil},
	}
	for _, tc := range cases {
		zap := &plainTestZAP{answer: plainStatusHandler("200")}
		s := NewPlainServer(MechanismOptions{SocketType: options.ROUTER, AsServer: true, ZAP: zap, MaxMetadataSize: 64})
		if err := plainFeed(s, AppendPlainHello(nil, "u", "p")); err != nil {
			t.Fatal(err)
		}
		plainNext(t, s)
		err := plainFeed(s, tc.body)
		if tc.want == nil {
			if err != nil || plainNext(t, s) == nil || s.Status() != Ready {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		plainWantErr(t, tc.name, err, tc.want, CodeNone)
	}
}

// plainClientAt returns a client that has sent HELLO (welcome false) or also received
// WELCOME and sent INITIATE (welcome true).
func plainClientAt(t *testing.T, welcome bool) *PlainClient {
	c := NewPlainClient(MechanismOptions{SocketType: options.DEALER, PlainUsername: "u", PlainPassword: "p"})
	plainNext(t, c)
	if welcome {
		if err := plainFeed(c, []byte(plainWelcomePrefix)); err != nil {
			t.Fatal(err)
		}
		if !hasPrefix(plainNext(t, c), plainInitiatePrefix) {
			t.Fatal("no INITIATE")
		}
	}
	return c
}

// TestPlainClientCommands: what the client accepts in each state, with libzmq's codes.
func TestPlainClientCommands(t *testing.T) {
	cases := []struct {
		name    string
		welcome bool // the client already took WELCOME
		body    string
		want    error
		code    ProtocolCode
	}{
		{"WELCOME with trailing byte", false, `07 "WELCOME" 00`, ErrPlainMalformedWelcome, CodeMalformedCommandWelcome},
		{"WELCOME with a body", false, `07 "WELCOME" 05 "READY"`, ErrPlainMalformedWelcome, CodeMalformedCommandWelcome},
		{"WELCOME twice", true, `07 "WELCOME"`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"READY before WELCOME", false, `05 "READY"`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"HELLO", false, `05 "HELLO" 00 00`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"INITIATE", true, `08 "INITIATE"`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"unknown", false, `03 "FOO"`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"empty", false, ``, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"short WELCOME", false, `07 "WELCOM"`, ErrUnexpectedCommand, CodeUnexpectedCommand},
		{"ERROR without reason length", false, `05 "ERROR"`, ErrMalformedError, CodeMalformedCommandError},
		{"ERROR reason overruns", true, `05 "ERROR" 04 "400"`, ErrMalformedError, CodeMalformedCommandError},
		{"READY truncated", true, `05 "READY" 0b "Socket-Type" 00000006 "ROUT"`, ErrInvalidMetadata, CodeInvalidMetadata},
		{"READY trailing byte", true, `05 "READY" 0b "Socket-Type" 00000006 "ROUTER" 00`, ErrInvalidMetadata, CodeInvalidMetadata},
		{"READY incompatible", true, `05 "READY" 0b "Socket-Type" 00000004 "PULL"`, ErrPlainReadySocketType, CodeInvalidMetadata},
	}
	for _, tc := range cases {
		c := plainClientAt(t, tc.welcome)
		plainWantErr(t, tc.name, plainFeed(c, unhex(t, tc.body)), tc.want, tc.code)
		if c.Status() != Handshaking {
			t.Errorf("%s: status %v", tc.name, c.Status())
		}
	}
	// Nothing is due before HELLO went out.
	c := NewPlainClient(MechanismOptions{SocketType: options.DEALER})
	plainWantErr(t, "ERROR before HELLO", plainFeed(c, AppendError(nil, "400")), ErrUnexpectedCommand, CodeUnexpectedCommand)
	plainWantErr(t, "WELCOME before HELLO", plainFeed(c, []byte(plainWelcomePrefix)), ErrUnexpectedCommand, CodeUnexpectedCommand)
	// READY without properties is accepted, as libzmq does; then nothing more is.
	c = plainClientAt(t, true)
	if err := plainFeed(c, unhex(t, `05 "READY"`)); err != nil || c.Status() != Ready {
		t.Fatal(err, c.Status())
	}
	plainWantErr(t, "ERROR after READY", plainFeed(c, AppendError(nil, "400")), ErrUnexpectedCommand, CodeUnexpectedCommand)
	plainWantErr(t, "READY after READY", plainFeed(c, unhex(t, `05 "READY"`)), ErrUnexpectedCommand, CodeUnexpectedCommand)
}

// TestPlainClientError: an ERROR while waiting for WELCOME or READY fails the handshake with
// the reason; a ZAP status reason gives AuthStatus, any other reason none.
func TestPlainClientError(t *testing.T) {
	for _, welcome := range []bool{false, true} {
		for reason, status := range map[string]int{"400": 400, "300": 300, "500": 500, "go away": 0, "": 0, "200": 0} {
			c := plainClientAt(t, welcome)
			err := plainFeed(c, AppendError(nil, reason))
			var pe *PeerError
			if !errors.As(err, &pe) || pe.Reason != reason || pe.AuthStatus() != status || !errors.Is(err, syscall.EPROTO) {
				t.Fatalf("%q: %v", reason, err)
			}
			if c.Status() != Failed {
				t.Fatal(c.Status())
			}
			if plainNext(t, c) != nil {
				t.Fatal("command after ERROR")
			}
			plainWantErr(t, "ERROR twice", plainFeed(c, AppendError(nil, reason)), ErrUnexpectedCommand, CodeUnexpectedCommand)
		}
	}
	// Bytes after the reason are ignored, as libzmq does.
	c := plainClientAt(t, false)
	var pe *PeerError
	if err := plainFeed(c, unhex(t, `05 "ERROR" 03 "400" "junk"`)); !errors.As(err, &pe) || pe.Reason != "400" {
		t.Fatal(err)
	}
}
