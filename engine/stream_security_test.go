package engine

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/zmtp"
)

// The engine builds the mechanism the socket options select, on the side they say.
func TestStreamMechanismSelection(t *testing.T) {
	key := bytes.Repeat([]byte{9}, 32)
	for _, tc := range []struct {
		name string
		set  func(o *options.Options)
		want string // the mechanism's Go type
	}{
		{"null", func(*options.Options) {}, "*zmtp.NullMechanism"},
		{"null with domain", func(o *options.Options) { o.ZapDomain = "d" }, "*zmtp.NullMechanism"},
		{"plain server", func(o *options.Options) { o.SetPlainServer(true) }, "*zmtp.PlainServer"},
		{"plain client", func(o *options.Options) { o.SetPlainUsername("u"); o.SetPlainPassword("p") }, "*zmtp.PlainClient"},
		{"curve server", func(o *options.Options) {
			o.SetCurveServer(true)
			o.SetCurveSecretKey(key)
			o.SetCurvePublicKey(key)
		}, "*zmtp.CurveServer"},
		{"curve client", func(o *options.Options) {
			o.SetCurveServerKey(key)
			o.SetCurveSecretKey(key)
			o.SetCurvePublicKey(key)
		}, "*zmtp.CurveClient"},
		{"gssapi server", func(o *options.Options) { o.SetGSSAPIServer(true) }, "*zmtp.GSSAPIServer"},
		{"gssapi client", func(o *options.Options) { o.SetGSSAPIServicePrincipal("svc@host") }, "*zmtp.GSSAPIClient"},
		{"gssapi plaintext server", func(o *options.Options) {
			o.SetGSSAPIServer(true)
			o.GSSAPIPlaintext = true
		}, "*zmtp.GSSAPIServer"},
	} {
		e := NewStream(-1, Config{Options: opts(options.DEALER, tc.set)})
		if got := e.greetingConfig().Mechanism; got != e.opts.Mechanism.String() {
			t.Errorf("%s: greeting announces %q", tc.name, got)
		}
		m, err := e.newMechanism()
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := fmt.Sprintf("%T", m); got != tc.want {
			t.Errorf("%s: mechanism %s, want %s", tc.name, got, tc.want)
		}
		if m.Name() != e.opts.Mechanism.String() {
			t.Errorf("%s: mechanism named %q, options say %v", tc.name, m.Name(), e.opts.Mechanism)
		}
		boxes := e.opts.Mechanism == options.MechCurve || e.opts.Mechanism == options.MechGSSAPI && !e.opts.GSSAPIPlaintext
		if m.BoxesFrames() != boxes {
			t.Errorf("%s: BoxesFrames %v", tc.name, m.BoxesFrames())
		}
	}
	// A CURVE server without its keys cannot start: the connection fails, no NULL fallback.
	e := NewStream(-1, Config{Options: opts(options.DEALER, func(o *options.Options) { o.SetCurveServer(true) })})
	if m, err := e.newMechanism(); err == nil {
		t.Fatalf("CURVE server without keys made %s", fmt.Sprintf("%T", m))
	}
}

// Security refuses legacy peers: any mechanism but NULL, or NULL with a ZAP domain.
func TestStreamGreetingRefusesLegacyWithSecurity(t *testing.T) {
	for name, set := range map[string]func(o *options.Options){
		"domain": func(o *options.Options) { o.ZapDomain = "d" },
		"plain":  func(o *options.Options) { o.SetPlainUsername("u") },
		"curve":  func(o *options.Options) { o.SetCurveServer(true) },
	} {
		e := NewStream(-1, Config{Options: opts(options.DEALER, set)})
		if !e.greetingConfig().RefuseLegacy {
			t.Errorf("%s: legacy peers accepted", name)
		}
	}
}

// Properties on received messages: the ZAP handler's word wins over the peer's, and
// Peer-Address over both (libzmq's insertion order into properties_t).
func TestStreamMetadataPrecedence(t *testing.T) {
	e := NewStream(-1, Config{PeerAddress: "10.0.0.1"})
	peer := map[string]string{"Socket-Type": "DEALER", "X-Role": "admin", "User-Id": "liar", "Peer-Address": "spoof"}
	zap := map[string]string{"User-Id": "alice", "X-Role": "guest"}
	md := e.buildMetadata(peer, zap)
	for name, want := range map[string]string{
		"Socket-Type": "DEALER", "X-Role": "guest", "User-Id": "alice", "Peer-Address": "10.0.0.1",
	} {
		if got, _ := md.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if md := NewStream(-1, Config{}).buildMetadata(nil, nil); md != nil {
		t.Fatal("metadata without properties")
	}
}

// failedMech is a mechanism that has already failed.
type failedMech struct{ zmtp.NullMechanism }

func (failedMech) Status() zmtp.Status { return zmtp.Failed }

// Once the mechanism has failed (and raised its own event), a connection or timeout error
// raises no HANDSHAKE_FAILED_NO_DETAIL, as libzmq raises it only while handshaking.
func TestStreamNoDetailOnlyWhileHandshaking(t *testing.T) {
	rec := &recorder{}
	e := NewStream(-1, Config{Monitor: rec})
	e.handshakeFailed(ReasonConnection, io.EOF) // greeting stage: no mechanism yet
	e.mech = zmtp.NewNullMechanism(zmtp.MechanismOptions{})
	e.handshakeFailed(ReasonTimeout, errTimeout)
	e.mech = &failedMech{}
	e.handshakeFailed(ReasonConnection, io.EOF)
	e.handshakeFailed(ReasonProtocol, zmtp.ErrHandshakeFailed)
	got := rec.kinds()
	if len(got) != 2 || got[0] != event.HandshakeFailedNoDetail || got[1] != event.HandshakeFailedNoDetail {
		t.Fatalf("events %v, want two NO_DETAIL (before the failure only)", got)
	}
}
