package zmtp

import (
	"encoding/binary"

	"github.com/zreactor/zmq/options"
)

// Greeting geometry (RFC 23/37; libzmq zmtp_engine.hpp).
const (
	SignatureSize    = 10 // 0xFF, 8-octet "padding", 0x7F
	V2GreetingSize   = 12 // signature, revision, socket type
	V3GreetingSize   = 64 // signature, major, minor, mechanism, as-server, filler
	MechanismNameLen = 20
	revisionPos      = 10
	minorPos         = 11
	mechanismPos     = 12
	maxRoutingIDLen  = 255
)

// GreetingConfig is what our side of the greeting depends on.
type GreetingConfig struct {
	SocketType options.Type // sent as the 2.0 socket-type octet
	RoutingID  []byte       // ZMQ_ROUTING_ID, 0..255 bytes; its length+1 is the signature padding
	Mechanism  string       // "NULL", "PLAIN", "CURVE", "GSSAPI"; "" means NULL
	// RefuseLegacy refuses ZMTP 1.0/2.0 peers. libzmq does so whenever ZAP is enabled (a
	// ZAP_DOMAIN is set); a non-NULL Mechanism always refuses them (downgrade protection).
	RefuseLegacy bool
}

// GreetingExchange is the greeting state machine of one connection. It stages our greeting
// exactly as libzmq 4.3.4 does (signature first, the major version once the peer's signature is
// in, the rest once its revision is known) so that ZMTP 1.0/2.0 peers are not confused, and
// accepts the peer's greeting in any chunking.
//
// Use: write Out() and report it with Sent(n); feed received bytes to In (at most Want() of
// them, if the caller wants to avoid reading past the greeting); stop when Done(). Bytes that
// In did not consume belong to the framing layer.
type GreetingExchange struct {
	out     [V3GreetingSize + maxRoutingIDLen]byte // staged output; the 1.0 case appends the id body
	outLen  int                                    // bytes staged
	outSent int                                    // bytes reported written
	in      [V3GreetingSize]byte                   // the peer's greeting
	inLen   int
	want    int // the peer greeting's size as known so far: 12, then 64 for 3.x
	cfg     GreetingConfig
	mech    [MechanismNameLen]byte
	version Version
	err     error
}

// Init resets g for a new connection and stages the 10-byte signature. It returns an error
// only for a bad configuration (routing id over 255 bytes, mechanism name over 20).
func (g *GreetingExchange) Init(cfg GreetingConfig) error {
	if len(cfg.RoutingID) > maxRoutingIDLen {
		return protoErr(CodeNone, "routing id longer than 255 bytes")
	}
	if cfg.Mechanism == "" {
		cfg.Mechanism = "NULL"
	}
	if len(cfg.Mechanism) > MechanismNameLen {
		return protoErr(CodeNone, "mechanism name longer than 20 bytes")
	}
	*g = GreetingExchange{cfg: cfg, want: V2GreetingSize}
	copy(g.mech[:], cfg.Mechanism)
	g.out[0] = 0xFF
	// The "padding" is really the ZMTP 1.0 long length of our routing id message (flags
	// octet included), which is what makes the 1.0 fallback work.
	binary.BigEndian.PutUint64(g.out[1:9], uint64(len(cfg.RoutingID))+1)
	g.out[9] = 0x7F
	g.outLen = SignatureSize
	return nil
}

// Out returns the staged bytes not yet reported by Sent. It may grow after In.
func (g *GreetingExchange) Out() []byte { return g.out[g.outSent:g.outLen] }

// Sent records that the first n bytes of Out() were written.
func (g *GreetingExchange) Sent(n int) {
	g.outSent = min(g.outSent+n, g.outLen)
}

// Want is the most bytes In can still consume; 0 once Done.
func (g *GreetingExchange) Want() int {
	if g.Done() {
		return 0
	}
	return g.want - g.inLen
}

// Done reports whether the peer's greeting is complete (or failed). Our own greeting may still
// have bytes in Out.
func (g *GreetingExchange) Done() bool { return g.version != VersionUnknown || g.err != nil }

// Version is the peer's protocol once Done, else VersionUnknown.
func (g *GreetingExchange) Version() Version { return g.version }

// Err is the error In returned, if any.
func (g *GreetingExchange) Err() error { return g.err }

// PeerMechanism returns the peer's 20-octet mechanism field with the zero padding trimmed
// (3.x peers only; nil before the greeting is complete).
func (g *GreetingExchange) PeerMechanism() []byte {
	if g.inLen < V3GreetingSize {
		return nil
	}
	m := g.in[mechanismPos : mechanismPos+MechanismNameLen]
	for len(m) > 0 && m[len(m)-1] == 0 {
		m = m[:len(m)-1]
	}
	return m
}

// PeerSocketType returns the socket-type octet of a ZMTP 1.0-with-revision/2.0 greeting.
// libzmq does not validate it.
func (g *GreetingExchange) PeerSocketType() (options.Type, bool) {
	if g.version != V10 && g.version != V20 {
		return 0, false
	}
	return options.Type(g.in[minorPos]), true
}

// PeerMinor returns the peer's minor version octet (3.x peers only).
func (g *GreetingExchange) PeerMinor() uint8 { return g.in[minorPos] }

// Replay returns the peer bytes In consumed; for V10Unversioned they are the start of the
// peer's v1 frame stream and must be decoded before anything else.
func (g *GreetingExchange) Replay() []byte { return g.in[:g.inLen] }

// In consumes the peer's greeting bytes from p and returns how many it took; it never takes
// bytes past the greeting. After an error, In consumes nothing and returns the same error.
func (g *GreetingExchange) In(p []byte) (int, error) {
	n := 0
	for n < len(p) && !g.Done() {
		g.in[g.inLen] = p[n]
		g.inLen++
		n++
		g.step()
	}
	return n, g.err
}

// step advances the state machine by one received byte (libzmq receive_greeting and
// receive_greeting_versioned, byte by byte, which yields the same bytes for any chunking).
func (g *GreetingExchange) step() {
	if g.in[0] != 0xFF || (g.inLen == SignatureSize && g.in[9]&1 == 0) {
		g.unversioned()
		return
	}
	if g.inLen < SignatureSize {
		return
	}
	if g.outLen == SignatureSize {
		g.stage(3) // major version, once the peer's signature is in
	}
	if g.inLen > SignatureSize && g.outLen == SignatureSize+1 {
		if rev := g.in[revisionPos]; rev == 0 || rev == 1 {
			// Talk ZMTP 2.0 to older peers: our greeting ends with our socket type.
			g.stage(byte(g.cfg.SocketType))
		} else {
			g.stage(1) // minor version
			g.outLen += copy(g.out[g.outLen:], g.mech[:])
			// as-server (always 0 in libzmq) and the filler: the array is already zero.
			g.outLen += 1 + 31
			g.want = V3GreetingSize
		}
	}
	if g.inLen == g.want {
		g.finish()
	}
}

func (g *GreetingExchange) stage(b byte) {
	g.out[g.outLen] = b
	g.outLen++
}

// unversioned handles a ZMTP 1.0 peer without revision: our signature was the header of our
// routing id message, so its body follows (libzmq handshake_v1_0_unversioned).
func (g *GreetingExchange) unversioned() {
	if g.refuseLegacy() {
		return
	}
	g.outLen += copy(g.out[g.outLen:], g.cfg.RoutingID)
	g.version = V10Unversioned
}

func (g *GreetingExchange) refuseLegacy() bool {
	if g.cfg.RefuseLegacy || g.cfg.Mechanism != "NULL" {
		g.err = ErrLegacyRefused
		return true
	}
	return false
}

func (g *GreetingExchange) finish() {
	switch rev := g.in[revisionPos]; {
	case rev == 0 || rev == 1:
		if g.refuseLegacy() {
			return
		}
		g.version = V10 + Version(rev)
		return
	case rev == 3 && g.in[minorPos] == 0:
		g.version = V30
	default:
		g.version = V31 // 3.1+, and any other revision, as libzmq does
	}
	if [MechanismNameLen]byte(g.in[mechanismPos:mechanismPos+MechanismNameLen]) != g.mech {
		g.version = VersionUnknown
		g.err = ErrMechanismMismatch
	}
}
