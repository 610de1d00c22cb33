package zmtp

import (
	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// Status is a mechanism's handshake state (libzmq mechanism_t::status_t).
type Status uint8

// Mechanism statuses.
const (
	Handshaking Status = iota
	Ready              // both sides done: data may flow
	Failed             // the handshake failed (an ERROR was exchanged)
)

// Mechanism is a ZMTP 3.x security handshake (RFC 23 §"Security"), a pure state machine driven
// by the engine after the greeting: the engine asks NextHandshakeCommand for commands to send
// while it can write, hands every received frame to ProcessHandshakeCommand, and switches to
// data once Status is Ready. NULL is implemented here; PLAIN and CURVE implement the same
// interface (ZAP requests, which need the session, come through the engine).
type Mechanism interface {
	// Name is the greeting's mechanism name: "NULL", "PLAIN", "CURVE".
	Name() string
	// NextHandshakeCommand fills m with the next command to send (COMMAND flag set) and
	// returns true, or returns false when there is nothing to send now.
	NextHandshakeCommand(m *msg.Msg) (bool, error)
	// ProcessHandshakeCommand consumes one frame received during the handshake. Errors are
	// *ProtocolError (close, no reconnect) or *PeerError (the peer sent ERROR).
	ProcessHandshakeCommand(m *msg.Msg) error
	// Status reports the handshake's progress.
	Status() Status
	// PeerProperties are the properties the peer announced (Socket-Type, Identity, X-...),
	// keyed by their wire names; nil before its READY.
	PeerProperties() map[string]string
	// PeerRoutingID is the peer's Identity property when MechanismOptions.RecvRoutingID is
	// set and the peer sent one (ROUTER uses it), else nil, false.
	PeerRoutingID() ([]byte, bool)
	// MaxHandshakeCommand is the size of the largest command the mechanism can accept next
	// from the peer (an ERROR included where one may come), in its present state. The engine
	// asks after the greeting and after every command the mechanism processed, and refuses
	// a bigger frame at its header, before reading its body, whatever MaxMsgSize allows
	// (handshake_bound.go). A mechanism must bound it by what its commands can need.
	MaxHandshakeCommand() int
	// BoxesFrames reports whether Encode and Decode box every data frame (CURVE's MESSAGE
	// command), so that the frame's flags and bytes on the wire are the mechanism's, not the
	// frame's own; NULL and PLAIN leave frames alone.
	BoxesFrames() bool
	// Encode and Decode transform data frames after the handshake (CURVE boxes them); NULL
	// leaves them alone.
	Encode(m *msg.Msg) error
	Decode(m *msg.Msg) error
	// ZapMsgAvailable is called on the server side when the ZAP pipe may hold reply frames;
	// the mechanism reads and applies the reply. An error closes the connection.
	ZapMsgAvailable() error
	// ZapProperties are the properties the ZAP reply gave this connection: User-Id (even
	// when empty, as libzmq) and the reply's metadata. nil when no ZAP reply was received.
	ZapProperties() map[string]string
}

// MechanismOptions are the socket options a mechanism reads.
type MechanismOptions struct {
	SocketType options.Type
	RoutingID  []byte            // sent as Identity by REQ, DEALER and ROUTER
	Metadata   map[string]string // ZMQ_METADATA user properties, "X-" names
	// RecvRoutingID: the socket takes routing ids from peers (ROUTER), so Identity is recorded.
	RecvRoutingID bool
	// MaxMetadataSize bounds the peer's property list; 0 means DefaultMaxMetadataSize.
	MaxMetadataSize int

	// Security (libzmq options_t): AsServer is ZMQ_PLAIN_SERVER or ZMQ_CURVE_SERVER; keys
	// are 32 raw bytes each (the socket layer decodes Z85).
	AsServer       bool
	PlainUsername  string
	PlainPassword  string
	CurvePublicKey []byte
	CurveSecretKey []byte
	CurveServerKey []byte
	// GSSAPI (ZMQ_GSSAPI_*): our principal (empty: the default credentials), the service
	// principal a client connects to, their name types (0 host-based, 1 user name, 2 krb5
	// principal), and plaintext (no wrapping of READY and data).
	GSSAPIPrincipal          string
	GSSAPIServicePrincipal   string
	GSSAPIPrincipalNT        options.GSSAPINameType
	GSSAPIServicePrincipalNT options.GSSAPINameType
	GSSAPIPlaintext          bool
	// ZapDomain is ZMQ_ZAP_DOMAIN; ZapEnforceDomain is ZMQ_ZAP_ENFORCE_DOMAIN (a NULL server
	// then refuses peers when no ZAP handler is bound).
	ZapDomain        string
	ZapEnforceDomain bool
	// PeerAddress is the peer's numeric IP, the ZAP request's Address frame.
	PeerAddress string
	// ZAP is the session's pipe to the ZAP handler; nil means ZAP is never available.
	ZAP ZAPPipe
	// Event raises a monitor event on the engine's endpoint (HANDSHAKE_FAILED_AUTH with the
	// ZAP status code, HANDSHAKE_FAILED_NO_DETAIL); nil drops it.
	Event func(kind event.Kind, value int64)
}

// event raises a monitor event if the engine asked for them.
func (o *MechanismOptions) event(kind event.Kind, value int64) {
	if o.Event != nil {
		o.Event(kind, value)
	}
}

// peerProps records a peer's property list: it checks Socket-Type, keeps Identity when
// wanted and stores every property by name, the first of duplicates winning (libzmq
// parse_metadata inserts without overwriting; probed against 4.3.4).
type peerProps struct {
	props map[string]string
	rid   []byte
	ridOK bool
}

func (pp *peerProps) parse(list []byte, o *MechanismOptions) error {
	limit := metadataLimit(o)
	props := make(map[string]string)
	err := ParseProperties(list, limit, func(name, value []byte) error {
		switch {
		case string(name) == PropIdentity && o.RecvRoutingID:
			pp.rid, pp.ridOK = append([]byte{}, value...), true
		case string(name) == PropSocketType && !o.SocketType.Compatible(value):
			return ErrIncompatibleSocketType
		}
		if _, dup := props[string(name)]; !dup {
			props[string(name)] = string(value)
		}
		return nil
	})
	if err != nil {
		return err
	}
	pp.props = props
	return nil
}
