package zmtp

import (
	"errors"

	"github.com/zreactor/zmq/internal/gss"
	"github.com/zreactor/zmq/msg"
)

// gssClientState is where a GSSAPI client stands (libzmq gssapi_client_t::state_t).
type gssClientState uint8

const (
	gssClientSendToken   gssClientState = iota // AP-REQ due in an INITIATE
	gssClientExpectToken                       // the server's INITIATE (AP-REP) awaited
	gssClientSendEmpty                         // the context is complete: an empty command is due
	gssClientExpectReady
	gssClientSendReady
	gssClientConnected
	gssClientFailed
)

// GSSAPIClient is the client side of the GSSAPI mechanism (RFC 38, libzmq gssapi_client_t),
// the Kerberos initiator: INITIATE with the AP-REQ for the service principal, the server's
// INITIATE with the AP-REP (mutual authentication is always asked for), an empty command
// (gss_init_sec_context completes with no token, and libzmq sends the empty command all the
// same), then READY both ways, wrapped in MESSAGE unless plaintext was asked for. After that
// every frame travels wrapped too.
//
// The credentials and the service ticket are fetched when the first command is due, on the
// I/O thread, as libzmq does: a KDC that is slow to answer holds that thread up.
type GSSAPIClient struct {
	gssBase
	state gssClientState
}

// NewGSSAPIClient prepares a GSSAPI client handshake with o's GSSAPI options.
func NewGSSAPIClient(o MechanismOptions) *GSSAPIClient {
	return &GSSAPIClient{gssBase: gssBase{opts: o, encrypt: !o.GSSAPIPlaintext}}
}

// Name returns "GSSAPI".
func (*GSSAPIClient) Name() string { return "GSSAPI" }

// BoxesFrames reports whether data frames travel wrapped in MESSAGE (not in plaintext mode).
func (c *GSSAPIClient) BoxesFrames() bool { return c.encrypt }

// NextHandshakeCommand yields INITIATE with the AP-REQ, the empty command once the AP-REP
// checked out, and READY after the server's READY.
func (c *GSSAPIClient) NextHandshakeCommand(m *msg.Msg) (bool, error) {
	switch c.state {
	case gssClientSendToken:
		tok, err := c.initiate()
		if err != nil {
			c.state = gssClientFailed
			return false, err
		}
		m.InitRef(appendGSSCommand(nil, gssInitiateName, tok), msg.Command)
		c.state = gssClientExpectToken
	case gssClientSendEmpty:
		m.Init(nil, msg.Command)
		c.state = gssClientExpectReady
	case gssClientSendReady:
		if err := c.readyCommand(m); err != nil {
			c.state = gssClientFailed
			return false, err
		}
		c.state = gssClientConnected
	default:
		return false, nil
	}
	return true, nil
}

// initiate gets the credentials and makes the first token.
//
// TODO(gssapi): credentials are acquired afresh for every connection (an AS exchange when
// they come from a client keytab, then a TGS exchange), where MIT keeps them in its ccache; a
// reconnecting swarm of clients costs the KDC two requests per connection.
func (c *GSSAPIClient) initiate() ([]byte, error) {
	if c.opts.GSSAPIServicePrincipal == "" {
		return nil, c.contextFailed(errors.New("no GSSAPI service principal"))
	}
	cred, err := gss.AcquireInitiator(c.credEnv(), c.opts.GSSAPIPrincipal, nameType(c.opts.GSSAPIPrincipalNT))
	if err != nil {
		return nil, c.contextFailed(err)
	}
	defer cred.Release()
	ctx, err := gss.NewInitiator(cred, c.opts.GSSAPIServicePrincipal, nameType(c.opts.GSSAPIServicePrincipalNT), gss.DefaultFlags)
	if err != nil {
		return nil, c.contextFailed(err)
	}
	tok, err := ctx.Step(nil)
	if err != nil {
		return nil, c.contextFailed(err)
	}
	c.ctx = ctx
	return tok, nil
}

// ProcessHandshakeCommand takes the server's INITIATE, then its READY.
func (c *GSSAPIClient) ProcessHandshakeCommand(m *msg.Msg) error {
	var err error
	switch c.state {
	case gssClientExpectToken:
		err = c.processToken(m.Bytes())
	case gssClientExpectReady:
		if err = c.processReady(m.Bytes()); err == nil {
			c.state = gssClientSendReady
		}
	default:
		err = ErrUnexpectedCommand
	}
	if err != nil {
		c.state = gssClientFailed
	}
	return err
}

// processToken checks the server's AP-REP; the context must be complete after it.
func (c *GSSAPIClient) processToken(body []byte) error {
	tok, err := parseGSSCommand(body, gssInitiateName, ErrGSSAPIInitiate)
	if err != nil {
		return err
	}
	out, err := c.ctx.Step(tok)
	if err != nil {
		return c.contextFailed(err)
	}
	if out != nil || !c.ctx.Established() {
		return c.contextFailed(errors.New("context not complete after the AP-REP"))
	}
	c.state = gssClientSendEmpty
	return nil
}

// Status is Ready once our READY is out, Failed after any error.
func (c *GSSAPIClient) Status() Status {
	switch c.state {
	case gssClientConnected:
		return Ready
	case gssClientFailed:
		return Failed
	}
	return Handshaking
}

// PeerProperties returns the properties of the server's READY.
func (c *GSSAPIClient) PeerProperties() map[string]string { return c.peer.props }

// PeerRoutingID returns the server's Identity when RecvRoutingID is set.
func (c *GSSAPIClient) PeerRoutingID() ([]byte, bool) { return c.peer.rid, c.peer.ridOK }

// Encode wraps a frame in a MESSAGE, unless plaintext.
func (c *GSSAPIClient) Encode(m *msg.Msg) error {
	if !c.encrypt {
		return nil
	}
	if c.state != gssClientConnected {
		return errGSSAPINotReady
	}
	return c.codec.encode(m)
}

// Decode unwraps a MESSAGE frame from the server, unless plaintext.
func (c *GSSAPIClient) Decode(m *msg.Msg) error {
	if !c.encrypt {
		return nil
	}
	if c.state != gssClientConnected {
		return errGSSAPINotReady
	}
	return c.codec.decode(m)
}

// ZapMsgAvailable does nothing: clients do not ask ZAP.
func (*GSSAPIClient) ZapMsgAvailable() error { return nil }

// ZapProperties returns nil: clients do not ask ZAP.
func (*GSSAPIClient) ZapProperties() map[string]string { return nil }

var _ Mechanism = (*GSSAPIClient)(nil)
