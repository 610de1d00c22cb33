package zmtp

// Version is the protocol spoken with a peer, decided by GreetingExchange from the peer's
// greeting the way libzmq 4.3.4's zmtp_engine_t::select_handshake_fun does.
type Version uint8

// Protocol versions.
const (
	// VersionUnknown: the greeting is not complete yet.
	VersionUnknown Version = iota
	// V10Unversioned is ZMTP 1.0 without a revision octet (RFC 13): the peer's first byte was
	// not 0xFF, or its byte 9 had bit 0 clear. v1 framing. Our routing id message was already
	// sent (its header is our signature, its body is in GreetingExchange.Out); the peer's
	// bytes already consumed by the exchange (GreetingExchange.Replay) are the start of its
	// frame stream, whose first frame is its routing id. PUB and XPUB then inject a
	// subscribe-all message, since such peers never subscribe (libzmq
	// handshake_v1_0_unversioned). libzmq refuses every legacy peer when ZAP is enabled.
	V10Unversioned
	// V10 is ZMTP 1.0 with revision 0: 12-byte greeting, v1 framing. The engine sends a
	// routing id frame first and treats the peer's first frame as its routing id.
	V10
	// V20 is ZMTP 2.0 (RFC 15, revision 1): 12-byte greeting, v2 framing, routing id frames
	// exchanged first as for V10.
	V20
	// V30 is ZMTP 3.0: 64-byte greeting, mechanism handshake, v2 framing; subscriptions are
	// sent as 0x01/0x00-prefixed message frames (libzmq's "downgrade_sub").
	V30
	// V31 is ZMTP 3.1 (also any revision other than 0, 1 and 3): as V30, but subscriptions
	// are SUBSCRIBE/CANCEL commands.
	V31
)

var versionNames = [...]string{"unknown", "ZMTP/1.0-unversioned", "ZMTP/1.0", "ZMTP/2.0", "ZMTP/3.0", "ZMTP/3.1"}

// String names the version for logs.
func (v Version) String() string {
	if int(v) < len(versionNames) {
		return versionNames[v]
	}
	return "invalid"
}

// Framing is the wire framing a version uses.
type Framing uint8

// Framings.
const (
	// FramingV1: length (1 octet, or 0xFF + 8 octets) counting the flags octet, then flags
	// (bit 0 MORE), then body (libzmq v1_encoder/v1_decoder).
	FramingV1 Framing = 1
	// FramingV2: flags (MORE, LONG, COMMAND), 1- or 8-octet size, body (v2_encoder/v2_decoder).
	FramingV2 Framing = 2
)

// Framing returns the framing libzmq uses with a peer of this version: v1 for both ZMTP 1.0
// forms, v2 for 2.0 and 3.x.
func (v Version) Framing() Framing {
	if v == V10Unversioned || v == V10 {
		return FramingV1
	}
	return FramingV2
}

// Legacy reports a pre-3.0 peer: no mechanism, no commands, routing id frames instead.
func (v Version) Legacy() bool { return v == V10Unversioned || v == V10 || v == V20 }

// SubscribeCommands reports whether subscriptions go out as SUBSCRIBE/CANCEL commands (3.1)
// rather than 0x01/0x00-prefixed message frames.
func (v Version) SubscribeCommands() bool { return v == V31 }
