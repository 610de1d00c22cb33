package zmtp

import (
	"errors"
	"syscall"
	"testing"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
)

// curveZapPair is a client and a server asking z, with the server's events recorded.
func curveZapPair(t *testing.T, z *curveZap, tune func(o *MechanismOptions)) (*CurveClient, *CurveServer, *curveEvents) {
	t.Helper()
	ev := &curveEvents{}
	so := curveServerOpts()
	so.Event = ev.hook()
	if z != nil {
		so.ZAP = z
	}
	if tune != nil {
		tune(&so)
	}
	c, s := newTestCurvePair(t, curveClientOpts(), so)
	return c, s, ev
}

// curveZapReplies answers every request with status, user id "alice" and an X-Role.
func curveZapReplies(status string) func([][]byte) [][]byte {
	return func([][]byte) [][]byte {
		return curveZapAnswer(status, "alice", AppendProperty(nil, "X-Role", []byte("admin")))
	}
}

func TestCurveZapAccepted(t *testing.T) {
	z := &curveZap{bound: true, reply: curveZapReplies("200")}
	c, s, ev := curveZapPair(t, z, func(o *MechanismOptions) {
		o.ZapDomain, o.RoutingID = "global", []byte("srv-rid")
	})
	curveMustHandshake(t, c, s)
	want := [][]byte{nil, []byte("1.0"), []byte("1"), []byte("global"), []byte("192.0.2.7"),
		[]byte("srv-rid"), []byte("CURVE"), testClientKeys.pub[:]}
	if len(z.requests) != 1 || !curveSameFrames(z.requests[0], want) {
		t.Fatalf("ZAP request %q", z.requests)
	}
	p := s.ZapProperties()
	if len(p) != 2 || p[PropUserID] != "alice" || p["X-Role"] != "admin" {
		t.Fatalf("ZAP properties %q", p)
	}
	if len(*ev) != 0 {
		t.Fatalf("events %v", *ev)
	}
}

func TestCurveZapPending(t *testing.T) {
	z := &curveZap{bound: true}
	c, s, _ := curveZapPair(t, z, nil)
	if ce, se := curveHandshake(c, s, nil); ce != nil || se != nil {
		t.Fatal(ce, se)
	}
	var m msg.Msg
	if ok, err := s.NextHandshakeCommand(&m); ok || err != nil || s.Status() != Handshaking {
		t.Fatal("server went on without the ZAP reply")
	}
	curveWantCode(t, curveFeed(s, []byte("\x05HELLO")), CodeZMTPUnspecified)
	if err := s.ZapMsgAvailable(); err != nil || s.state != curveWaitZap {
		t.Fatalf("no reply yet: %v", err)
	}
	reply := curveZapReplies("200")(nil)
	z.queue(reply[:3]...)
	z.replies[2].SetFlags(msg.More) // the part so far ends with MORE
	if err := s.ZapMsgAvailable(); err != nil || s.state != curveWaitZap {
		t.Fatalf("part of the reply: %v", err)
	}
	z.queue(reply[3:]...)
	if err := s.ZapMsgAvailable(); err != nil {
		t.Fatal(err)
	}
	curveMustHandshake(t, c, s)
	if s.ZapProperties()[PropUserID] != "alice" {
		t.Fatal("User-Id")
	}
	if err := s.ZapMsgAvailable(); err != nil {
		t.Fatal("a late ZapMsgAvailable must be harmless")
	}
}

func TestCurveZapDenied(t *testing.T) {
	for _, status := range []string{"300", "400", "500"} {
		for _, async := range []bool{false, true} {
			z := &curveZap{bound: true, reply: curveZapReplies(status)}
			if async {
				z.reply = nil
			}
			c, s, ev := curveZapPair(t, z, nil)
			curveFeed(s, curveNext(t, c))
			curveFeed(c, curveNext(t, s))
			if err := curveFeed(s, curveNext(t, c)); err != nil {
				t.Fatal(err)
			}
			if async {
				z.queue(curveZapReplies(status)(nil)...)
				if err := s.ZapMsgAvailable(); err != nil {
					t.Fatal(err)
				}
			}
			var m msg.Msg
			ok, err := s.NextHandshakeCommand(&m)
			if err != nil {
				t.Fatal(err)
			}
			if status == "300" {
				if ok {
					t.Fatal("300 must close silently, without ERROR")
				}
			} else {
				if !ok || string(m.Bytes()) != "\x05ERROR\x03"+status || !m.IsCommand() {
					t.Fatalf("%s: ERROR %q", status, m.Bytes())
				}
				var pe *PeerError
				if err := c.ProcessHandshakeCommand(&m); !errors.As(err, &pe) || pe.AuthStatus() != int(status[0]-'0')*100 {
					t.Fatalf("client: %v", err)
				}
			}
			if s.Status() != Failed {
				t.Fatalf("%s: server status %v", status, s.Status())
			}
			if !ev.has(event.HandshakeFailedAuth, int64(status[0]-'0')*100) || len(*ev) != 1 {
				t.Fatalf("%s: events %v", status, *ev)
			}
			if ok, _ := s.NextHandshakeCommand(&m); ok {
				t.Fatal("more after ERROR")
			}
		}
	}
}

func TestCurveZapWhenAsked(t *testing.T) {
	for _, tc := range []struct {
		name    string
		bound   bool
		domain  string
		enforce bool
		asked   bool
		fails   bool
	}{
		{"handler, no domain", true, "", false, true, false},
		{"handler, domain", true, "d", false, true, false},
		{"handler, enforced without domain", true, "", true, false, false},
		{"handler, enforced domain", true, "d", true, true, false},
		{"no handler", false, "", false, false, false},
		{"no handler, domain", false, "d", false, false, false},
		{"no handler, enforced without domain", false, "", true, false, false},
		{"no handler, enforced domain", false, "d", true, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			z := &curveZap{bound: tc.bound, reply: curveZapReplies("200")}
			c, s, ev := curveZapPair(t, z, func(o *MechanismOptions) {
				o.ZapDomain, o.ZapEnforceDomain = tc.domain, tc.enforce
			})
			_, se := curveHandshake(c, s, nil)
			if tc.fails {
				if se != ErrZapUnavailable || !ev.has(event.HandshakeFailedNoDetail, int64(syscall.EFAULT)) {
					t.Fatalf("error %v, events %v", se, *ev)
				}
				return
			}
			if se != nil || s.Status() != Ready || c.Status() != Ready {
				t.Fatalf("handshake: %v", se)
			}
			if asked := len(z.requests) == 1; asked != tc.asked {
				t.Fatalf("asked %v", asked)
			}
			if p := s.ZapProperties(); (p != nil) != tc.asked {
				t.Fatalf("ZAP properties %q", p)
			}
		})
	}
}

// No ZAP pipe at all (ZAP nil) behaves as no handler bound.
func TestCurveZapNil(t *testing.T) {
	c, s, _ := curveZapPair(t, nil, nil)
	curveMustHandshake(t, c, s)
	c, s, ev := curveZapPair(t, nil, func(o *MechanismOptions) { o.ZapDomain, o.ZapEnforceDomain = "d", true })
	if _, se := curveHandshake(c, s, nil); se != ErrZapUnavailable || len(*ev) != 1 {
		t.Fatalf("%v %v", se, *ev)
	}
}

func TestCurveZapMalformedReply(t *testing.T) {
	bad := curveZapAnswer("200", "", nil)
	bad[1] = []byte("2.0")
	z := &curveZap{bound: true, reply: func([][]byte) [][]byte { return bad }}
	c, s, _ := curveZapPair(t, z, nil)
	_, se := curveHandshake(c, s, nil)
	curveWantCode(t, se, CodeZapBadVersion)

	z = &curveZap{bound: true}
	c, s, _ = curveZapPair(t, z, nil)
	curveHandshake(c, s, nil)
	bad = curveZapAnswer("600", "", nil)
	z.queue(bad...)
	curveWantCode(t, s.ZapMsgAvailable(), CodeZapInvalidStatusCode)
}
