package zmtp

import (
	"github.com/zreactor/zmq/internal/gss"
	"github.com/zreactor/zmq/msg"
)

// gssServerState is where a GSSAPI server stands (libzmq gssapi_server_t::state_t).
type gssServerState uint8

const (
	gssServerExpectToken gssServerState = iota // the client's INITIATE (AP-REQ) awaited
	gssServerSendToken                         // our INITIATE (AP-REP), or an empty command, due
	gssServerExpectEmpty                       // the client's empty command awaited
	gssServerWaitZap
	gssServerSendReady
	gssServerExpectReady
	gssServerConnected
	gssServerClosing // ZAP denied: close without ERROR
	gssServerFailed
)

// GSSAPIServer is the server side of the GSSAPI mechanism (RFC 38, libzmq gssapi_server_t),
// the Kerberos acceptor: it takes the client's INITIATE, answers with an INITIATE carrying the
// AP-REP (or an empty command when the client asked for no mutual authentication), takes the
// client's empty command, asks the ZAP handler (mechanism "GSSAPI", the client's principal as
// the credential) if one is bound, and exchanges READY.
//
// A ZAP denial closes the connection without ERROR and delivers nothing, as libzmq does after
// 4.3.4 (4.3.4 itself raises HANDSHAKE_FAILED_AUTH and lets the client in anyway).
// Without a handler every authenticated client is accepted (libzmq ignores
// ZAP_ENFORCE_DOMAIN for GSSAPI, and so do we).
type GSSAPIServer struct {
	gssBase
	state gssServerState
	reply []byte // our answer to the AP-REQ; nil means an empty command
	zap   zapClient
}

// NewGSSAPIServer prepares a GSSAPI server handshake; o.ZAP is the pipe to the handler.
func NewGSSAPIServer(o MechanismOptions) *GSSAPIServer {
	s := &GSSAPIServer{gssBase: gssBase{opts: o, encrypt: !o.GSSAPIPlaintext}}
	s.zap.o = &s.opts
	return s
}

// Name returns "GSSAPI".
func (*GSSAPIServer) Name() string { return "GSSAPI" }

// BoxesFrames reports whether data frames travel wrapped in MESSAGE (not in plaintext mode).
func (s *GSSAPIServer) BoxesFrames() bool { return s.encrypt }

// NextHandshakeCommand yields our INITIATE (or the empty command), then READY once the
// client's empty command arrived and ZAP, if any, agreed.
func (s *GSSAPIServer) NextHandshakeCommand(m *msg.Msg) (bool, error) {
	switch s.state {
	case gssServerSendToken:
		if s.reply != nil {
			m.InitRef(appendGSSCommand(nil, gssInitiateName, s.reply), msg.Command)
		} else {
			m.Init(nil, msg.Command)
		}
		s.reply = nil
		s.state = gssServerExpectEmpty
	case gssServerSendReady:
		if err := s.readyCommand(m); err != nil {
			s.state = gssServerFailed
			return false, err
		}
		s.state = gssServerExpectReady
	default:
		return false, nil
	}
	return true, nil
}

// ProcessHandshakeCommand takes the client's INITIATE, its empty command, then its READY.
func (s *GSSAPIServer) ProcessHandshakeCommand(m *msg.Msg) error {
	var err error
	switch s.state {
	case gssServerExpectToken:
		err = s.processToken(m.Bytes())
	case gssServerExpectEmpty:
		// libzmq reads this command without looking at it; its client sends it empty, and
		// anything else is refused here.
		if m.Size() != 0 {
			err = ErrUnexpectedCommand
			break
		}
		err = s.askZap()
	case gssServerExpectReady:
		if err = s.processReady(m.Bytes()); err == nil {
			s.state = gssServerConnected
		}
	default:
		err = ErrUnexpectedCommand
	}
	if err != nil {
		s.state = gssServerFailed
	}
	return err
}

// processToken accepts the client's AP-REQ with our keytab (KRB5_KTNAME), restricted to our
// principal if one is set.
func (s *GSSAPIServer) processToken(body []byte) error {
	tok, err := parseGSSCommand(body, gssInitiateName, ErrGSSAPIInitiate)
	if err != nil {
		return err
	}
	cred, err := gss.AcquireAcceptor(s.credEnv(), s.opts.GSSAPIPrincipal, nameType(s.opts.GSSAPIPrincipalNT))
	if err != nil {
		return s.contextFailed(err)
	}
	ctx, err := gss.NewAcceptor(cred)
	if err != nil {
		return s.contextFailed(err)
	}
	if s.reply, err = ctx.Step(tok); err != nil {
		return s.contextFailed(err)
	}
	s.ctx = ctx
	s.state = gssServerSendToken
	return nil
}

// askZap sends the ZAP request when a handler is bound; without one the client is in.
func (s *GSSAPIServer) askZap() error {
	if !s.zap.connect() {
		s.state = gssServerSendReady
		return nil
	}
	if err := s.zap.sendRequest("GSSAPI", []byte(s.ctx.PeerName().String())); err != nil {
		return err
	}
	s.state = gssServerWaitZap
	return s.receiveZapReply()
}

// receiveZapReply applies the ZAP reply once complete: 200 goes on to READY, anything else
// closes (the zapClient raised HANDSHAKE_FAILED_AUTH).
func (s *GSSAPIServer) receiveZapReply() error {
	done, err := s.zap.receiveReply()
	if err != nil || !done {
		return err
	}
	if s.zap.Status()[0] == '2' {
		s.state = gssServerSendReady
	} else {
		s.state = gssServerClosing
	}
	return nil
}

// ZapMsgAvailable applies the ZAP reply once it is complete; ignored while none is awaited.
func (s *GSSAPIServer) ZapMsgAvailable() error {
	if s.state != gssServerWaitZap {
		return nil
	}
	err := s.receiveZapReply()
	if err != nil {
		s.state = gssServerFailed
	}
	return err
}

// Status is Ready once the client's READY arrived, Failed after a ZAP denial or an error.
func (s *GSSAPIServer) Status() Status {
	switch s.state {
	case gssServerConnected:
		return Ready
	case gssServerClosing, gssServerFailed:
		return Failed
	}
	return Handshaking
}

// PeerProperties returns the properties of the client's READY.
func (s *GSSAPIServer) PeerProperties() map[string]string { return s.peer.props }

// PeerRoutingID returns the client's Identity when RecvRoutingID is set.
func (s *GSSAPIServer) PeerRoutingID() ([]byte, bool) { return s.peer.rid, s.peer.ridOK }

// PeerPrincipal is the authenticated client's principal ("zclient@REALM"), empty before the
// AP-REQ was accepted.
func (s *GSSAPIServer) PeerPrincipal() string {
	if s.ctx == nil {
		return ""
	}
	return s.ctx.PeerName().String()
}

// Encode wraps a frame in a MESSAGE, unless plaintext.
func (s *GSSAPIServer) Encode(m *msg.Msg) error {
	if !s.encrypt {
		return nil
	}
	if s.state != gssServerConnected {
		return errGSSAPINotReady
	}
	return s.codec.encode(m)
}

// Decode unwraps a MESSAGE frame from the client, unless plaintext.
func (s *GSSAPIServer) Decode(m *msg.Msg) error {
	if !s.encrypt {
		return nil
	}
	if s.state != gssServerConnected {
		return errGSSAPINotReady
	}
	return s.codec.decode(m)
}

// ZapProperties returns User-Id and the ZAP reply's metadata, nil without a reply.
func (s *GSSAPIServer) ZapProperties() map[string]string { return s.zap.Properties() }

var _ Mechanism = (*GSSAPIServer)(nil)
