package zmtp

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// plainFuzzOpts bounds the peer's metadata so the fuzzer can reach the limit.
const plainFuzzMaxMetadata = 512

// FuzzPlainServer plays a hostile PLAIN client against our server: a HELLO, the handler's
// status, an INITIATE and one more frame. The server must never panic, must ask ZAP with
// exactly the credentials HELLO carried, must send only what its state allows, and must
// reach Ready only through a 200 and a well-formed INITIATE.
func FuzzPlainServer(f *testing.F) {
	initiate := AppendBasicProperties([]byte(plainInitiatePrefix), options.DEALER, []byte("id"), map[string]string{"X-a": "b"})
	f.Add(byte(0), AppendPlainHello(nil, "admin", "secret"), initiate, []byte(nil))
	f.Add(byte(1), AppendPlainHello(nil, "admin", "secret"), initiate, initiate)
	f.Add(byte(2), AppendPlainHello(nil, "", ""), []byte(plainInitiatePrefix), []byte(nil))
	f.Add(byte(0), []byte("\x05HELLO\xffadmin\x06secret"), initiate, []byte(nil))     // username overruns
	f.Add(byte(0), []byte("\x05HELLO\x05admin\x06secret\x00"), initiate, []byte(nil)) // trailing byte
	f.Add(byte(0), []byte("\x05HELLO"), initiate, []byte(nil))                        // truncated
	f.Add(byte(0), []byte("\x05HELL"), initiate, []byte(nil))                         // shorter than its name
	f.Add(byte(0), AppendPlainHello(nil, "u", "p"), []byte("\x08INITIATE\x0bSocket-Type\xff\xff\xff\xffDEALER"), []byte(nil))
	f.Add(byte(0), AppendPlainHello(nil, "u", "p"), AppendProperty([]byte(plainInitiatePrefix), "X-big", make([]byte, plainFuzzMaxMetadata)), []byte(nil))
	f.Add(byte(3), AppendPlainHello(nil, "u", "p"), []byte("\x05READY"), []byte(nil))
	f.Add(byte(0), initiate, initiate, []byte(nil))
	f.Fuzz(func(t *testing.T, status byte, hello, initiate, extra []byte) {
		code := [...]string{"200", "300", "400", "500"}[status&3]
		zap := &plainTestZAP{answer: plainStatusHandler(code), hold: status&4 != 0}
		s := NewPlainServer(MechanismOptions{SocketType: options.ROUTER, AsServer: true, RecvRoutingID: true,
			ZAP: zap, MaxMetadataSize: plainFuzzMaxMetadata})
		var m msg.Msg
		m.Init(hello, msg.Command)
		if err := s.ProcessHandshakeCommand(&m); err != nil {
			if len(zap.requests) != 0 && s.Status() == Ready {
				t.Fatal("failed HELLO left the server ready")
			}
			return
		}
		user, pass, err := ParsePlainHello(hello)
		if err != nil {
			t.Fatalf("server took a HELLO the parser refuses: %v", err)
		}
		r := zap.requests
		if len(r) != 1 || len(r[0]) != 9 || string(r[0][7]) != string(user) || string(r[0][8]) != string(pass) {
			t.Fatalf("ZAP request %q for HELLO %q", r, hello)
		}
		zap.release(zapReplyFrames)
		if err := s.ZapMsgAvailable(); err != nil {
			t.Fatal(err)
		}
		out := plainFuzzDrain(t, s)
		switch code {
		case "200":
			if len(out) != 1 || string(out[0]) != plainWelcomePrefix {
				t.Fatalf("200 sent %q", out)
			}
		case "300":
			if len(out) != 0 || s.Status() != Failed {
				t.Fatalf("300 sent %q", out)
			}
		default:
			if len(out) != 1 || string(out[0]) != "\x05ERROR\x03"+code || s.Status() != Failed {
				t.Fatalf("%s sent %q", code, out)
			}
		}
		for _, body := range [][]byte{initiate, extra} {
			was := s.Status()
			m.Init(body, msg.Command)
			if s.ProcessHandshakeCommand(&m) != nil {
				if s.Status() != was || len(plainFuzzDrain(t, s)) != 0 {
					t.Fatal("state moved on a refused command")
				}
				return
			}
			out = plainFuzzDrain(t, s)
			if code != "200" || !hasPrefix(body, plainInitiatePrefix) {
				t.Fatalf("took %q after ZAP %s", body, code)
			}
			if len(out) != 1 || !hasPrefix(out[0], plainReadyPrefix) || s.Status() != Ready {
				t.Fatalf("after INITIATE sent %q, status %v", out, s.Status())
			}
			plainFuzzCheckProps(t, s.PeerProperties(), body[len(plainInitiatePrefix):])
		}
	})
}

// FuzzPlainClient plays a hostile PLAIN server against our client: three frames answering
// HELLO and INITIATE. The client must never panic, must send INITIATE only after an exact
// WELCOME, and must be Ready only after a well-formed READY.
func FuzzPlainClient(f *testing.F) {
	ready := AppendReady(nil, options.ROUTER, []byte("srv"), map[string]string{"X-a": "b"})
	welcome := []byte(plainWelcomePrefix)
	f.Add(welcome, ready, []byte(nil))
	f.Add(welcome, AppendError(nil, "400"), []byte(nil))
	f.Add(AppendError(nil, "500"), ready, []byte(nil))
	f.Add([]byte("\x07WELCOME\x00"), ready, []byte(nil))                                  // trailing byte
	f.Add(ready, welcome, ready)                                                          // out of order
	f.Add(welcome, welcome, ready)                                                        // WELCOME twice
	f.Add(welcome, []byte("\x05READY\x0bSocket-Type\x00\x00\x00\x04PULL"), []byte(nil))   // incompatible
	f.Add(welcome, []byte("\x05READY\x0bSocket-Type\x00\x01\x00\x00ROUTER"), []byte(nil)) // value overruns
	f.Add(welcome, AppendProperty([]byte(plainReadyPrefix), "X-big", make([]byte, plainFuzzMaxMetadata)), []byte(nil))
	f.Add(welcome, []byte("\x05ERROR\xff400"), []byte(nil)) // reason overruns
	f.Add(welcome, ready, AppendError(nil, "400"))
	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		cl := NewPlainClient(MechanismOptions{SocketType: options.DEALER, RecvRoutingID: true,
			PlainUsername: "u", PlainPassword: "p", MaxMetadataSize: plainFuzzMaxMetadata})
		if out := plainFuzzDrain(t, cl); len(out) != 1 || !hasPrefix(out[0], plainHelloPrefix) {
			t.Fatalf("first commands %q", out)
		}
		welcomed := false
		for _, body := range [][]byte{a, b, c} {
			was := cl.state
			var m msg.Msg
			m.Init(body, msg.Command)
			err := cl.ProcessHandshakeCommand(&m)
			out := plainFuzzDrain(t, cl)
			var pe *PeerError
			switch {
			case errors.As(err, &pe):
				if !hasPrefix(body, plainErrorPrefix) || cl.Status() != Failed || len(out) != 0 {
					t.Fatalf("ERROR %q: status %v, sent %q", body, cl.Status(), out)
				}
				return
			case err != nil:
				if cl.state != was || len(out) != 0 {
					t.Fatal("state moved on an error")
				}
				return
			case len(out) == 1:
				if welcomed || string(body) != plainWelcomePrefix || !hasPrefix(out[0], plainInitiatePrefix) {
					t.Fatalf("sent %q after %q", out, body)
				}
				welcomed = true
			case cl.Status() == Ready:
				if was != plainWaitingForReady || !hasPrefix(body, plainReadyPrefix) {
					t.Fatalf("ready after %q", body)
				}
				plainFuzzCheckProps(t, cl.PeerProperties(), body[len(plainReadyPrefix):])
			default:
				t.Fatalf("took %q and did nothing", body)
			}
		}
	})
}

// plainFuzzDrain collects everything mech has to send now.
func plainFuzzDrain(t *testing.T, mech Mechanism) [][]byte {
	var out [][]byte
	for {
		var m msg.Msg
		ok, err := mech.NextHandshakeCommand(&m)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		out = append(out, append([]byte{}, m.Bytes()...))
	}
}

// plainFuzzCheckProps checks accepted properties against the raw list: within the bound,
// and every recorded property really in it.
func plainFuzzCheckProps(t *testing.T, props map[string]string, list []byte) {
	if len(list) > plainFuzzMaxMetadata {
		t.Fatalf("accepted %d bytes of metadata", len(list))
	}
	seen := map[string]bool{}
	for p := list; len(p) > 0; {
		nl := int(p[0])
		name := string(p[1 : 1+nl])
		vl := int(binary.BigEndian.Uint32(p[1+nl:]))
		seen[name] = true
		p = p[1+nl+4+vl:]
	}
	for k := range props {
		if !seen[k] {
			t.Fatalf("property %q not in %q", k, list)
		}
	}
}
