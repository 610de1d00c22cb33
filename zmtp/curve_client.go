package zmtp

import (
	"crypto/rand"
	"io"

	"github.com/zreactor/zmq/msg"
)

// curveClientState is where a CURVE client stands (libzmq curve_client_t::state_t).
type curveClientState uint8

const (
	curveSendHello curveClientState = iota
	curveExpectWelcome
	curveSendInitiate
	curveExpectReady
	curveConnected
	curveErrorReceived
)

// CurveClient is the client side of CURVE (RFC 25 ZMTP-CURVE over RFC 26 CurveZMQ, libzmq
// curve_client_t): HELLO, then WELCOME from the server, INITIATE with our vouch and
// properties, READY with the server's; after that every frame travels boxed in MESSAGE.
// Our long-term secret is erased once INITIATE has vouched with it, the transient secret
// once the session key is derived.
type CurveClient struct {
	opts   MechanismOptions
	state  curveClientState
	rng    io.Reader
	public [32]byte // C, our long-term public key
	secret [32]byte // c, erased after INITIATE
	server [32]byte // S, the server's long-term public key
	// Transient keys: C' and c' ours (c' erased once the session key exists), S' the server's.
	cnPublic, cnSecret, cnServer [32]byte
	cookie                       [curveCookieSize]byte // from WELCOME, returned in INITIATE
	codec                        curveCodec
	peer                         peerProps
}

// NewCurveClient prepares a CURVE client handshake. It needs CurvePublicKey,
// CurveSecretKey and CurveServerKey of 32 bytes each, else it returns ErrCurveKey.
func NewCurveClient(o MechanismOptions) (*CurveClient, error) {
	return newCurveClient(o, rand.Reader)
}

// newCurveClient takes its randomness (transient keys, vouch nonce) from rng, which tests
// make deterministic.
func newCurveClient(o MechanismOptions, rng io.Reader) (*CurveClient, error) {
	c := &CurveClient{opts: o, rng: rng}
	c.codec.sendPrefix, c.codec.recvPrefix = curveNonceMessageC, curveNonceMessageS
	for _, k := range [...]struct {
		dst *[32]byte
		src []byte
	}{{&c.public, o.CurvePublicKey}, {&c.secret, o.CurveSecretKey}, {&c.server, o.CurveServerKey}} {
		if err := loadCurveKey(k.dst, k.src); err != nil {
			zeroAll(&c.secret)
			return nil, err
		}
	}
	if err := curveKeypair(rng, &c.cnPublic, &c.cnSecret); err != nil {
		zeroAll(&c.secret)
		return nil, err
	}
	return c, nil
}

// Name returns "CURVE".
func (c *CurveClient) Name() string { return "CURVE" }

// BoxesFrames implements Mechanism: every data frame travels in a MESSAGE box.
func (*CurveClient) BoxesFrames() bool { return true }

// NextHandshakeCommand yields HELLO first, and INITIATE once WELCOME has been processed.
func (c *CurveClient) NextHandshakeCommand(m *msg.Msg) (bool, error) {
	var err error
	switch c.state {
	case curveSendHello:
		if err = c.produceHello(m); err == nil {
			c.state = curveExpectWelcome
		}
	case curveSendInitiate:
		if err = c.produceInitiate(m); err == nil {
			c.state = curveExpectReady
		}
	default:
		return false, nil
	}
	return err == nil, err
}

// ProcessHandshakeCommand takes WELCOME after HELLO, READY after INITIATE, and ERROR after
// either; anything else is ErrUnexpectedCommand. An ERROR is returned as *PeerError.
func (c *CurveClient) ProcessHandshakeCommand(m *msg.Msg) error {
	body := m.Bytes()
	cmd, _, _, err := ParseCommand(body)
	if err != nil {
		// libzmq matches the command prefixes only: a truncated name is none of them.
		return ErrUnexpectedCommand
	}
	switch {
	case cmd == CmdWelcome && c.state == curveExpectWelcome:
		return c.processWelcome(body)
	case cmd == CmdReady && c.state == curveExpectReady:
		return c.processReady(body)
	case cmd == CmdError && (c.state == curveExpectWelcome || c.state == curveExpectReady):
		reason, err := ParseError(body)
		if err != nil {
			return err
		}
		c.state = curveErrorReceived
		return &PeerError{Reason: string(reason)}
	}
	return ErrUnexpectedCommand
}

// Status is Ready once READY was accepted, Failed once ERROR was received.
func (c *CurveClient) Status() Status {
	switch c.state {
	case curveConnected:
		return Ready
	case curveErrorReceived:
		return Failed
	}
	return Handshaking
}

// PeerProperties returns the properties in the server's READY.
func (c *CurveClient) PeerProperties() map[string]string { return c.peer.props }

// PeerRoutingID returns the server's Identity when RecvRoutingID is set.
func (c *CurveClient) PeerRoutingID() ([]byte, bool) { return c.peer.rid, c.peer.ridOK }

// Encode boxes a data frame or command into a MESSAGE frame (flags 00).
func (c *CurveClient) Encode(m *msg.Msg) error {
	if c.state != curveConnected {
		return errCurveNotReady
	}
	return c.codec.encode(m)
}

// Decode opens a MESSAGE frame from the server into the frame it carries.
func (c *CurveClient) Decode(m *msg.Msg) error {
	if c.state != curveConnected {
		return errCurveNotReady
	}
	return c.codec.decode(m)
}

// ZapMsgAvailable does nothing: clients do not ask ZAP.
func (c *CurveClient) ZapMsgAvailable() error { return nil }

// ZapProperties returns nil: clients do not ask ZAP.
func (c *CurveClient) ZapProperties() map[string]string { return nil }

var _ Mechanism = (*CurveClient)(nil)
