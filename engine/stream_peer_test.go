package engine

import (
	"bytes"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/zmtp"
	"golang.org/x/sys/unix"
)

var signature1 = []byte{0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f}

// outcome is how a bad-peer scenario must end.
type outcome struct {
	events     []event.Kind // in order
	value      int64        // value of the first event when it is a HANDSHAKE_FAILED_*
	handshaked bool
	reason     ErrorReason
}

func failedProtocol(code zmtp.ProtocolCode) outcome {
	return outcome{events: []event.Kind{event.HandshakeFailedProtocol, event.Disconnected}, value: int64(code), reason: ReasonProtocol}
}

var (
	disconnectedInHandshake = outcome{events: []event.Kind{event.Disconnected}, reason: ReasonProtocol}
	protocolAfterHandshake  = outcome{events: []event.Kind{event.HandshakeSucceeded, event.Disconnected}, handshaked: true, reason: ReasonProtocol}
)

func TestStreamBadPeers(t *testing.T) {
	ready := func(p *rawPeer, typ options.Type, props map[string]string) {
		p.handshake(typ, props)
	}
	frames := func(p *rawPeer, fs ...frame) { p.write(wire(fs)) }
	greet := func(p *rawPeer, g []byte) {
		p.expect(signature1)
		p.write(g)
	}
	cases := []struct {
		name string
		typ  options.Type
		mod  func(*options.Options)
		peer func(p *rawPeer)
		want outcome
	}{
		{"garbage is a ZMTP 1.0 zero-length frame", options.DEALER, nil,
			func(p *rawPeer) { p.write([]byte("\x00\x00garbage")) },
			outcome{events: []event.Kind{event.Disconnected}, handshaked: true, reason: ReasonProtocol}},
		{"http request then close", options.DEALER, nil,
			func(p *rawPeer) { p.write([]byte("GET / HTTP/1.0\r\n\r\n")); unix.Shutdown(p.fd, unix.SHUT_WR) },
			outcome{events: []event.Kind{event.Disconnected}, handshaked: true, reason: ReasonConnection}},
		{"unknown mechanism", options.DEALER, nil,
			func(p *rawPeer) { greet(p, greeting3(3, 1, "CURVE")) },
			failedProtocol(zmtp.CodeMechanismMismatch)},
		{"unknown major version with a bad mechanism", options.DEALER, nil,
			func(p *rawPeer) { greet(p, greeting3(7, 0, "XYZ")) },
			failedProtocol(zmtp.CodeMechanismMismatch)},
		{"command before READY", options.DEALER, nil,
			func(p *rawPeer) {
				greet(p, greeting3(3, 1, "NULL"))
				frames(p, frame{msg.Command, zmtp.AppendPing(nil, 0, nil)})
			},
			failedProtocol(zmtp.CodeUnexpectedCommand)},
		{"data frame before READY", options.DEALER, nil,
			func(p *rawPeer) {
				greet(p, greeting3(3, 1, "NULL"))
				frames(p, frame{0, []byte("hello")})
			},
			failedProtocol(zmtp.CodeUnexpectedCommand)},
		{"incompatible Socket-Type", options.DEALER, nil,
			func(p *rawPeer) { ready(p, options.PUB, nil) },
			disconnectedInHandshake},
		{"oversized metadata", options.DEALER, nil,
			func(p *rawPeer) {
				ready(p, options.ROUTER, map[string]string{"X-Big": strings.Repeat("x", zmtp.DefaultMaxMetadataSize)})
			},
			// Refused at its header, over the NULL mechanism's bound, before it is known
			// to be a READY (zmtp/handshake_bound.go); libzmq reads it and reports nothing.
			failedProtocol(zmtp.CodeMalformedCommandUnspecified)},
		{"truncated metadata", options.DEALER, nil,
			func(p *rawPeer) {
				greet(p, greeting3(3, 1, "NULL"))
				frames(p, frame{msg.Command, []byte("\x05READY\x0bSocket-Type\x00\x00\x00\x09ROUTER")})
			},
			failedProtocol(zmtp.CodeInvalidMetadata)},
		{"ERROR 400 in the handshake", options.DEALER, nil,
			func(p *rawPeer) {
				greet(p, greeting3(3, 1, "NULL"))
				frames(p, frame{msg.Command, zmtp.AppendError(nil, "400")})
			},
			outcome{events: []event.Kind{event.HandshakeFailedAuth, event.Disconnected}, value: 400, reason: ReasonProtocol}},
		{"ERROR with a custom reason", options.DEALER, nil,
			func(p *rawPeer) {
				greet(p, greeting3(3, 1, "NULL"))
				frames(p, frame{msg.Command, zmtp.AppendError(nil, "go away")})
			},
			disconnectedInHandshake},
		{"READY over MAXMSGSIZE", options.DEALER, func(o *options.Options) { o.MaxMsgSize = 20 },
			func(p *rawPeer) { ready(p, options.ROUTER, nil) },
			disconnectedInHandshake},
		{"EOF in the greeting", options.DEALER, nil,
			func(p *rawPeer) { p.write(signature1[:5]); unix.Shutdown(p.fd, unix.SHUT_WR) },
			outcome{events: []event.Kind{event.HandshakeFailedNoDetail, event.Disconnected}, value: int64(syscall.EPIPE), reason: ReasonConnection}},
		{"silent peer", options.DEALER, func(o *options.Options) { o.HandshakeIvl = 30 * time.Millisecond },
			func(p *rawPeer) {},
			outcome{events: []event.Kind{event.HandshakeFailedNoDetail, event.Disconnected}, value: int64(syscall.ETIMEDOUT), reason: ReasonTimeout}},
		{"frame over MAXMSGSIZE", options.DEALER, func(o *options.Options) { o.MaxMsgSize = 100 },
			func(p *rawPeer) {
				ready(p, options.ROUTER, nil)
				frames(p, frame{0, make([]byte, 100)}, frame{0, make([]byte, 101)})
			},
			protocolAfterHandshake},
		{"huge declared size", options.DEALER, nil,
			func(p *rawPeer) {
				ready(p, options.ROUTER, nil)
				p.write([]byte{0x02, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3})
				unix.Shutdown(p.fd, unix.SHUT_WR)
			},
			outcome{events: []event.Kind{event.HandshakeSucceeded, event.Disconnected}, handshaked: true, reason: ReasonConnection}},
		{"truncated frame then EOF", options.DEALER, nil,
			func(p *rawPeer) {
				ready(p, options.ROUTER, nil)
				p.write([]byte{0x00, 100, 1, 2, 3})
				unix.Shutdown(p.fd, unix.SHUT_WR)
			},
			outcome{events: []event.Kind{event.HandshakeSucceeded, event.Disconnected}, handshaked: true, reason: ReasonConnection}},
		{"ERROR after the handshake", options.DEALER, nil,
			func(p *rawPeer) {
				ready(p, options.ROUTER, nil)
				frames(p, frame{msg.Command, zmtp.AppendError(nil, "bye")})
			},
			protocolAfterHandshake},
		{"PING without TTL", options.DEALER, nil,
			func(p *rawPeer) {
				ready(p, options.ROUTER, nil)
				frames(p, frame{msg.Command, []byte("\x04PING")})
			},
			protocolAfterHandshake},
		{"peer TTL expires", options.DEALER, nil,
			func(p *rawPeer) {
				ready(p, options.ROUTER, nil)
				frames(p, frame{msg.Command, zmtp.AppendPing(nil, 1, nil)}) // 100 ms
			},
			outcome{events: []event.Kind{event.HandshakeSucceeded, event.Disconnected}, handshaked: true, reason: ReasonTimeout}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkFds(t)
			l := newLoop(t)
			fa, fb := socketpair(t)
			o := opts(c.typ)
			if c.mod != nil {
				c.mod(o)
			}
			sd := plugSide(t, l, fa, o)
			p := newRawPeer(t, l, fb)
			c.peer(p)
			l.runUntil(t, "engine error", func() bool { return len(sd.s.failed()) > 0 })
			p.waitEOF()
			if errs := sd.s.failed(); len(errs) != 1 || errs[0] != (sessErr{c.want.handshaked, c.want.reason}) {
				t.Errorf("EngineError %+v, want %+v", errs, sessErr{c.want.handshaked, c.want.reason})
			}
			if got := sd.mon.kinds(); !slices.Equal(got, c.want.events) {
				t.Errorf("events %v, want %v", got, c.want.events)
			}
			if first, _ := sd.mon.find(c.want.events[0]); c.want.value != 0 && first.Value != c.want.value {
				t.Errorf("%v value %#x, want %#x", first.Kind, first.Value, c.want.value)
			}
			if dis, _ := sd.mon.find(event.Disconnected); dis.Value != int64(fa) || dis.Endpoint != "tcp://test" {
				t.Errorf("DISCONNECTED %+v, want fd %d", dis, fa)
			}
			sd.e.RestartOutput() // calls after the failure are no-ops
			if sd.e.RestartInput() {
				t.Error("RestartInput on a dead engine reported success")
			}
		})
	}
}

// libzmq treats any revision other than 0, 1 and 3 as ZMTP 3.1.
func TestStreamUnknownRevisionIsZMTP31(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.PUB))
	p := newRawPeer(t, l, fb)
	p.expect(signature1)
	p.write(greeting3(9, 9, "NULL"))
	p.expect(append([]byte{3, 1}, "NULL"...))
	p.next(zmtp.V3GreetingSize - zmtp.SignatureSize - 6)
	p.write(wire([]frame{{msg.Command, zmtp.AppendReady(nil, options.SUB, nil, nil)}}))
	p.readFrame(msg.Command)
	l.runUntil(t, "handshake", func() bool { _, ok := sd.mon.find(event.HandshakeSucceeded); return ok })
}

// A ZMTP 2.0 peer (revision 1): 12-byte greetings, then routing-id frames both ways.
func TestStreamZMTP20Peer(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.ROUTER, func(o *options.Options) { o.RoutingID = []byte("rt") }))
	p := newRawPeer(t, l, fb)
	p.expect([]byte{0xff, 0, 0, 0, 0, 0, 0, 0, 3, 0x7f})
	p.write([]byte{0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f})
	p.expect([]byte{3})
	p.write([]byte{1, byte(options.DEALER)})
	p.expect([]byte{byte(options.ROUTER)})
	// Our routing id frame, v2 framing.
	if id := p.readFrame(0); string(id) != "rt" {
		t.Fatalf("routing id %q", id)
	}
	p.write(wire([]frame{{0, []byte("old")}, {msg.More, []byte("a")}, {0, []byte("b")}}))
	l.runUntil(t, "frames", func() bool { return sd.s.count() == 3 })
	got := sd.s.frames()
	if got[0].flags != msg.RoutingID || string(got[0].body) != "old" || string(got[2].body) != "b" || got[1].flags != msg.More {
		t.Fatalf("got %+v", got)
	}
	if v, _ := got[1].meta.Get(PropPeerAddress); v != "127.0.0.1" {
		t.Errorf("Peer-Address %q", v)
	}
	if !sd.s.isReady() || slices.Contains(sd.mon.kinds(), event.HandshakeSucceeded) {
		t.Errorf("ready %v, events %v", sd.s.isReady(), sd.mon.kinds())
	}
	sd.s.queue(frame{0, []byte("out")})
	sd.e.RestartOutput()
	if b := p.readFrame(0); string(b) != "out" {
		t.Fatalf("sent %q", b)
	}
}

// An unversioned ZMTP 1.0 peer on a PUB: our signature doubles as our routing id header, v1
// framing, and a subscribe-all is injected because such peers never subscribe.
func TestStreamUnversionedPeerOnPub(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.PUB, func(o *options.Options) { o.RoutingID = []byte("pub") }))
	p := newRawPeer(t, l, fb)
	p.expect([]byte{0xff, 0, 0, 0, 0, 0, 0, 0, 4, 0x7f})
	// The peer's routing id frame (empty: length 1 = flags only), then a message.
	p.write([]byte{0x01, 0x00, 0x03, 0x00, 'h', 'i'})
	p.expect([]byte("pub")) // the body of our routing id message
	l.runUntil(t, "frames", func() bool { return sd.s.count() == 2 })
	got := sd.s.frames()
	if !bytes.Equal(got[0].body, []byte{1}) || got[0].flags != 0 || string(got[1].body) != "hi" {
		t.Fatalf("got %+v", got)
	}
	sd.s.queue(frame{msg.More, []byte("t")}, frame{0, make([]byte, 300)})
	sd.e.RestartOutput()
	p.expect([]byte{0x02, 0x01, 't'})
	p.expect([]byte{0xff, 0, 0, 0, 0, 0, 0, 1, 0x2d, 0x00})
	p.next(300)
}

// libzmq refuses legacy peers when ZAP is enabled.
func TestStreamLegacyRefusedWithZAP(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.DEALER, func(o *options.Options) { o.ZapDomain = "global" }))
	p := newRawPeer(t, l, fb)
	p.write([]byte{0x01, 0x00})
	l.runUntil(t, "engine error", func() bool { return len(sd.s.failed()) > 0 })
	if e := sd.s.failed()[0]; e.reason != ReasonProtocol || e.handshaked {
		t.Fatalf("%+v", e)
	}
}

// A socket configured for PLAIN announces PLAIN; it never falls back to NULL.
func TestStreamPlainGreeting(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.DEALER, func(o *options.Options) { o.SetPlainUsername("u") }))
	p := newRawPeer(t, l, fb)
	p.expect(signature1)
	p.write(greeting3(3, 1, "PLAIN"))
	p.expect(append([]byte{3, 1}, "PLAIN"...))
	p.close()
	l.runUntil(t, "engine error", func() bool { return len(sd.s.failed()) > 0 })
	if e := sd.s.failed()[0]; e.handshaked {
		t.Fatalf("%+v", e)
	}
}
