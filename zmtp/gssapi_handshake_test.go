package zmtp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/kdctest"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// gssOpts are a DEALER client and a ROUTER server for the test realm's service.
func gssOpts(k *kdctest.KDC, plaintext bool) (co, so MechanismOptions) {
	co = MechanismOptions{SocketType: options.DEALER, RoutingID: []byte("cli"),
		Metadata:               map[string]string{"X-Client": "c1"},
		GSSAPIServicePrincipal: k.ServiceHostbased, GSSAPIPlaintext: plaintext}
	so = MechanismOptions{SocketType: options.ROUTER, RecvRoutingID: true, AsServer: true,
		Metadata: map[string]string{"X-Server": "s1"}, PeerAddress: "192.0.2.7",
		GSSAPIPlaintext: plaintext}
	return co, so
}

// gssTranscript is the handshake's frames in the order they crossed.
type gssTranscript struct {
	fromClient, fromServer [][]byte
}

func (tr *gssTranscript) tap(fromClient bool, body []byte) {
	if fromClient {
		tr.fromClient = append(tr.fromClient, body)
	} else {
		tr.fromServer = append(tr.fromServer, body)
	}
}

func gssMustHandshake(t *testing.T, c *GSSAPIClient, s *GSSAPIServer) gssTranscript {
	t.Helper()
	var tr gssTranscript
	if ce, se := curveHandshake(c, s, tr.tap); ce != nil || se != nil {
		t.Fatalf("handshake: client %v, server %v", ce, se)
	}
	if c.Status() != Ready || s.Status() != Ready {
		t.Fatalf("status client %v server %v", c.Status(), s.Status())
	}
	return tr
}

// TestGSSAPIHandshake checks the command sequence libzmq 4.3.4 puts on the wire (captured
// in a tcpdump of libzmq against libzmq): INITIATE(AP-REQ), INITIATE(AP-REP), an empty
// command, then READY each way, wrapped in MESSAGE unless plaintext; then data both ways.
func TestGSSAPIHandshake(t *testing.T) {
	k := kdctest.Start(t)
	for _, plaintext := range []bool{false, true} {
		co, so := gssOpts(k, plaintext)
		c, s := NewGSSAPIClient(co), NewGSSAPIServer(so)
		tr := gssMustHandshake(t, c, s)
		if len(tr.fromClient) != 3 || len(tr.fromServer) != 2 {
			t.Fatalf("plaintext %v: %d commands from the client, %d from the server", plaintext, len(tr.fromClient), len(tr.fromServer))
		}
		req, rep := tr.fromClient[0], tr.fromServer[0]
		if !bytes.HasPrefix(req, []byte("\x08INITIATE")) || !bytes.HasPrefix(req[13:], []byte{0x60, 0x82}) ||
			binary.BigEndian.Uint32(req[9:]) != uint32(len(req)-13) {
			t.Fatalf("client INITIATE % x", req[:20])
		}
		// 60 81 xx 06 09 <krb5 OID> 02 00: an AP-REP of about 156 bytes, as libzmq's (its
		// length varies by a byte or two with the encodings of cusec and the sequence number).
		oid := []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x02, 0x00}
		if !bytes.HasPrefix(rep, []byte("\x08INITIATE")) || binary.BigEndian.Uint32(rep[9:]) != uint32(len(rep)-13) ||
			rep[13] != 0x60 || rep[14] != 0x81 || !bytes.Equal(rep[16:29], oid) || len(rep)-13 < 150 || len(rep)-13 > 160 {
			t.Fatalf("server INITIATE % x", rep[:29])
		}
		if len(tr.fromClient[1]) != 0 {
			t.Fatalf("second client command % x, want empty", tr.fromClient[1])
		}
		wantReady := "\x05READY"
		if !plaintext {
			wantReady = "\x07MESSAGE"
		}
		for _, r := range [][]byte{tr.fromServer[1], tr.fromClient[2]} {
			if !bytes.HasPrefix(r, []byte(wantReady)) {
				t.Fatalf("plaintext %v: READY % x", plaintext, r[:12])
			}
		}
		if !plaintext {
			// Wrap token header: 05 04, acceptor flags 07 (SentByAcceptor|Sealed|AcceptorSubkey),
			// then 06 from the initiator; EC and RRC 0. 60 bytes of overhead plus the flags octet.
			sr, cr := tr.fromServer[1], tr.fromClient[2]
			if !bytes.Equal(sr[12:20], []byte{5, 4, 7, 0xff, 0, 0, 0, 0}) || !bytes.Equal(cr[12:20], []byte{5, 4, 6, 0xff, 0, 0, 0, 0}) {
				t.Fatalf("wrap headers % x / % x", sr[12:20], cr[12:20])
			}
			ready := AppendReady(nil, options.ROUTER, nil, so.Metadata)
			if len(sr) != 12+60+1+len(ready) {
				t.Fatalf("wrapped READY of %d bytes for a %d-byte READY", len(sr), len(ready))
			}
		}
		if c.PeerProperties()["X-Server"] != "s1" || s.PeerProperties()["X-Client"] != "c1" {
			t.Fatalf("properties %v / %v", c.PeerProperties(), s.PeerProperties())
		}
		if rid, ok := s.PeerRoutingID(); !ok || string(rid) != "cli" {
			t.Fatalf("routing id %q %v", rid, ok)
		}
		if s.PeerPrincipal() != k.ClientPrincipal {
			t.Fatalf("principal %q", s.PeerPrincipal())
		}
		if c.BoxesFrames() == plaintext || s.BoxesFrames() == plaintext {
			t.Fatal("BoxesFrames must be true exactly when encrypting")
		}
		gssExchange(t, c, s, plaintext)
	}
}

// gssExchange passes frames both ways through Encode and Decode.
func gssExchange(t *testing.T, c *GSSAPIClient, s *GSSAPIServer, plaintext bool) {
	t.Helper()
	for i, tc := range []struct {
		body  []byte
		flags msg.Flags
	}{{nil, 0}, {[]byte("hello"), msg.More}, {bytes.Repeat([]byte("x"), 300<<10), 0}, {[]byte("\x04PING\x00\x01"), msg.Command}} {
		for _, dir := range []struct{ from, to Mechanism }{{c, s}, {s, c}} {
			var m msg.Msg
			m.Init(tc.body, tc.flags)
			if err := dir.from.Encode(&m); err != nil {
				t.Fatal(err)
			}
			if !plaintext {
				if m.Flags()&(msg.More|msg.Command) != 0 || !bytes.HasPrefix(m.Bytes(), []byte("\x07MESSAGE")) {
					t.Fatalf("frame %d: wrapped flags %v", i, m.Flags())
				}
			}
			if err := dir.to.Decode(&m); err != nil {
				t.Fatalf("frame %d: %v", i, err)
			}
			if !bytes.Equal(m.Bytes(), tc.body) || m.Flags()&(msg.More|msg.Command) != tc.flags {
				t.Fatalf("frame %d: got %d bytes flags %v", i, m.Size(), m.Flags())
			}
		}
	}
}

func TestGSSAPIZap(t *testing.T) {
	k := kdctest.Start(t)
	for _, tc := range []struct {
		status string
		async  bool
	}{{"200", false}, {"200", true}, {"400", false}, {"500", true}, {"300", false}} {
		co, so := gssOpts(k, false)
		z := &curveZap{bound: true}
		if !tc.async {
			z.reply = func([][]byte) [][]byte { return curveZapAnswer(tc.status, "alice", nil) }
		}
		var ev curveEvents
		so.ZAP, so.Event, so.ZapDomain = z, ev.hook(), "dom"
		c, s := NewGSSAPIClient(co), NewGSSAPIServer(so)
		if ce, se := curveHandshake(c, s, nil); ce != nil || se != nil {
			t.Fatalf("%+v: client %v, server %v", tc, ce, se)
		}
		if len(z.requests) != 1 {
			t.Fatalf("%d ZAP requests", len(z.requests))
		}
		want := [][]byte{nil, []byte("1.0"), []byte("1"), []byte("dom"), []byte("192.0.2.7"), nil,
			[]byte("GSSAPI"), []byte(k.ClientPrincipal)}
		if !curveSameFrames(z.requests[0], want) {
			t.Fatalf("ZAP request %q", z.requests[0])
		}
		if tc.async {
			if s.Status() != Handshaking {
				t.Fatalf("status %v while the reply is out", s.Status())
			}
			z.queue(curveZapAnswer(tc.status, "alice", nil)...)
			if err := s.ZapMsgAvailable(); err != nil {
				t.Fatal(err)
			}
			if ce, se := curveHandshake(c, s, nil); ce != nil || se != nil {
				t.Fatalf("client %v, server %v", ce, se)
			}
		}
		if tc.status == "200" {
			if s.Status() != Ready || c.Status() != Ready || s.ZapProperties()[PropUserID] != "alice" {
				t.Fatalf("200: status %v/%v, props %v", c.Status(), s.Status(), s.ZapProperties())
			}
			continue
		}
		// Denied: no READY went out, the server is done, the event carries the status.
		if s.Status() != Failed || c.Status() == Ready {
			t.Fatalf("%s: status client %v server %v", tc.status, c.Status(), s.Status())
		}
		if code := int64(tc.status[0]-'0') * 100; !ev.has(event.HandshakeFailedAuth, code) {
			t.Fatalf("%s: events %v", tc.status, ev)
		}
		var m msg.Msg
		if ok, _ := s.NextHandshakeCommand(&m); ok {
			t.Fatal("a denied server sent a command")
		}
	}
}

func TestGSSAPIWithoutZapHandler(t *testing.T) {
	k := kdctest.Start(t)
	co, so := gssOpts(k, false)
	so.ZAP, so.ZapEnforceDomain, so.ZapDomain = &curveZap{}, true, "dom"
	gssMustHandshake(t, NewGSSAPIClient(co), NewGSSAPIServer(so))
}

func TestGSSAPIContextFailures(t *testing.T) {
	k := kdctest.Start(t)
	// An unknown service: the client's first command fails, with NO_DETAIL.
	co, so := gssOpts(k, false)
	var ev curveEvents
	co.GSSAPIServicePrincipal, co.Event = "nosuch@localhost", ev.hook()
	c := NewGSSAPIClient(co)
	var m msg.Msg
	if ok, err := c.NextHandshakeCommand(&m); ok || !errors.Is(err, ErrGSSAPIContext) || c.Status() != Failed {
		t.Fatalf("unknown service: %v %v", ok, err)
	}
	if !ev.has(event.HandshakeFailedNoDetail, 71) { // EPROTO
		t.Fatalf("events %v", ev)
	}
	// A server whose keytab lacks the service's keys.
	t.Setenv("KRB5_KTNAME", "FILE:"+k.ClientKeytab)
	co, so = gssOpts(k, false)
	ev = nil
	so.Event = ev.hook()
	_, se := curveHandshake(NewGSSAPIClient(co), NewGSSAPIServer(so), nil)
	if !errors.Is(se, ErrGSSAPIContext) || !ev.has(event.HandshakeFailedNoDetail, 71) {
		t.Fatalf("no key: %v, events %v", se, ev)
	}
	// A server principal the ticket is not for.
	t.Setenv("KRB5_KTNAME", "FILE:"+k.AllKeytab)
	so.GSSAPIPrincipal, so.GSSAPIPrincipalNT = k.ClientPrincipal, 2
	if _, se := curveHandshake(NewGSSAPIClient(co), NewGSSAPIServer(so), nil); !errors.Is(se, ErrGSSAPIContext) {
		t.Fatalf("wrong principal: %v", se)
	}
	// The right one, as a krb5 principal name on both sides.
	so.GSSAPIPrincipal = k.ServicePrincipal
	co.GSSAPIServicePrincipal, co.GSSAPIServicePrincipalNT = k.ServicePrincipal, 2
	co.GSSAPIPrincipal, co.GSSAPIPrincipalNT = "zclient", 1
	gssMustHandshake(t, NewGSSAPIClient(co), NewGSSAPIServer(so))
}
