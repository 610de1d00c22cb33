package zmtp

import "github.com/zreactor/zmq/msg"

// plainClientState is where a PLAIN client stands (libzmq plain_client_t::state_t).
type plainClientState uint8

const (
	plainSendingHello plainClientState = iota
	plainWaitingForWelcome
	plainSendingInitiate
	plainWaitingForReady
	plainClientReady
	plainErrorReceived
)

// PlainClient is the client side of PLAIN (RFC 24, libzmq plain_client_t): it sends HELLO
// with the username and password, waits for WELCOME, sends INITIATE with our properties and
// waits for READY with the server's. An ERROR from the server while it waits ends the
// handshake (*PeerError).
type PlainClient struct {
	opts  MechanismOptions
	state plainClientState
	peer  peerProps
}

// NewPlainClient prepares the PLAIN client handshake with o's username, password and
// properties.
func NewPlainClient(o MechanismOptions) *PlainClient { return &PlainClient{opts: o} }

// Name returns "PLAIN".
func (*PlainClient) Name() string { return "PLAIN" }

// BoxesFrames implements Mechanism: PLAIN leaves frames alone.
func (*PlainClient) BoxesFrames() bool { return false }

// NextHandshakeCommand yields HELLO first, INITIATE once WELCOME arrived, nothing otherwise.
// Credentials over 255 bytes are ErrPlainCredentials.
func (c *PlainClient) NextHandshakeCommand(m *msg.Msg) (bool, error) {
	switch c.state {
	case plainSendingHello:
		u, p := c.opts.PlainUsername, c.opts.PlainPassword
		if len(u) > 255 || len(p) > 255 {
			return false, ErrPlainCredentials
		}
		m.InitRef(AppendPlainHello(nil, u, p), msg.Command)
		c.state = plainWaitingForWelcome
	case plainSendingInitiate:
		m.InitRef(AppendBasicProperties([]byte(plainInitiatePrefix), c.opts.SocketType, c.opts.RoutingID, c.opts.Metadata), msg.Command)
		c.state = plainWaitingForReady
	default:
		return false, nil
	}
	return true, nil
}

// ProcessHandshakeCommand takes WELCOME, READY or ERROR, each only when it is due
// (ErrUnexpectedCommand otherwise, and for any other command).
func (c *PlainClient) ProcessHandshakeCommand(m *msg.Msg) error {
	body := m.Bytes()
	switch {
	case hasPrefix(body, plainWelcomePrefix):
		return c.processWelcome(body)
	case hasPrefix(body, plainReadyPrefix):
		return c.processReady(body)
	case hasPrefix(body, plainErrorPrefix):
		return c.processError(body)
	case hasPrefix(body, plainLibzmqErrorPrefix):
		return c.processError(append([]byte(plainErrorPrefix), body[len(plainLibzmqErrorPrefix):]...))
	}
	return ErrUnexpectedCommand
}

// processWelcome accepts a WELCOME with nothing after its name.
func (c *PlainClient) processWelcome(body []byte) error {
	if c.state != plainWaitingForWelcome {
		return ErrUnexpectedCommand
	}
	if len(body) != len(plainWelcomePrefix) {
		return ErrPlainMalformedWelcome
	}
	c.state = plainSendingInitiate
	return nil
}

// processReady records the server's properties. libzmq raises INVALID_METADATA for any
// fault in them, an incompatible Socket-Type included.
func (c *PlainClient) processReady(body []byte) error {
	if c.state != plainWaitingForReady {
		return ErrUnexpectedCommand
	}
	err := c.peer.parse(body[len(plainReadyPrefix):], &c.opts)
	switch {
	case err == ErrIncompatibleSocketType:
		return ErrPlainReadySocketType
	case err != nil:
		return err // ErrInvalidMetadata or ErrMetadataTooLarge: INVALID_METADATA already
	}
	c.state = plainClientReady
	return nil
}

// processError takes the server's ERROR while we wait for WELCOME or READY.
func (c *PlainClient) processError(body []byte) error {
	if c.state != plainWaitingForWelcome && c.state != plainWaitingForReady {
		return ErrUnexpectedCommand
	}
	reason, err := ParseError(body)
	if err != nil {
		return err
	}
	c.state = plainErrorReceived
	return &PeerError{Reason: string(reason)}
}

// Status is Ready once READY arrived, Failed once an ERROR did.
func (c *PlainClient) Status() Status {
	switch c.state {
	case plainClientReady:
		return Ready
	case plainErrorReceived:
		return Failed
	}
	return Handshaking
}

// PeerProperties returns the properties of the server's READY.
func (c *PlainClient) PeerProperties() map[string]string { return c.peer.props }

// PeerRoutingID returns the server's Identity when RecvRoutingID is set.
func (c *PlainClient) PeerRoutingID() ([]byte, bool) { return c.peer.rid, c.peer.ridOK }

// Encode is a no-op: PLAIN leaves data frames alone.
func (*PlainClient) Encode(*msg.Msg) error { return nil }

// Decode is a no-op: PLAIN leaves data frames alone.
func (*PlainClient) Decode(*msg.Msg) error { return nil }

// ZapMsgAvailable is a no-op: the client side never asks ZAP.
func (*PlainClient) ZapMsgAvailable() error { return nil }

// ZapProperties returns nil: the client side never asks ZAP.
func (*PlainClient) ZapProperties() map[string]string { return nil }

var _ Mechanism = (*PlainClient)(nil)
