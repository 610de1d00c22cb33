package zmtp

import (
	"syscall"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
)

// plainServerState is where a PLAIN server stands (libzmq zap_client_common_handshake_t's
// states, which CURVE shares in libzmq).
type plainServerState uint8

const (
	plainWaitingForHello plainServerState = iota
	plainWaitingForZap
	plainSendingWelcome
	plainWaitingForInitiate
	plainSendingReady
	plainServerReady
	plainSendingError
	plainErrorSent
)

// PlainServer is the server side of PLAIN (RFC 24, libzmq plain_server_t). It takes HELLO,
// asks the ZAP handler about the username and password (there is no PLAIN without one: a
// server with no handler bound fails every handshake), and then answers as the handler
// decided: 200 WELCOME, then INITIATE and READY; 400 or 500 an ERROR with that code; 300 a
// silent close.
type PlainServer struct {
	opts  MechanismOptions
	state plainServerState
	zap   zapClient
	peer  peerProps
}

// NewPlainServer prepares the PLAIN server handshake; o.ZAP is the pipe to the handler.
func NewPlainServer(o MechanismOptions) *PlainServer {
	s := &PlainServer{opts: o}
	s.zap.o = &s.opts
	return s
}

// Name returns "PLAIN".
func (*PlainServer) Name() string { return "PLAIN" }

// BoxesFrames implements Mechanism: PLAIN leaves frames alone.
func (*PlainServer) BoxesFrames() bool { return false }

// NextHandshakeCommand yields WELCOME, READY or ERROR when one is due, nothing otherwise.
func (s *PlainServer) NextHandshakeCommand(m *msg.Msg) (bool, error) {
	switch s.state {
	case plainSendingWelcome:
		m.InitRef([]byte(plainWelcomePrefix), msg.Command)
		s.state = plainWaitingForInitiate
	case plainSendingReady:
		m.InitRef(AppendReady(nil, s.opts.SocketType, s.opts.RoutingID, s.opts.Metadata), msg.Command)
		s.state = plainServerReady
	case plainSendingError:
		m.InitRef(AppendError(nil, s.zap.Status()), msg.Command)
		s.state = plainErrorSent
	default:
		return false, nil
	}
	return true, nil
}

// ProcessHandshakeCommand takes HELLO, then INITIATE once WELCOME went out. Any frame at
// another time is ErrPlainSequence.
func (s *PlainServer) ProcessHandshakeCommand(m *msg.Msg) error {
	switch s.state {
	case plainWaitingForHello:
		return s.processHello(m.Bytes())
	case plainWaitingForInitiate:
		return s.processInitiate(m.Bytes())
	}
	return ErrPlainSequence
}

// processHello checks HELLO and sends the ZAP request. Without a ZAP handler libzmq raises
// HANDSHAKE_FAILED_NO_DETAIL with EFAULT and fails; so do we.
func (s *PlainServer) processHello(body []byte) error {
	user, pass, err := ParsePlainHello(body)
	if err != nil {
		return err
	}
	if !s.zap.connect() {
		s.opts.event(event.HandshakeFailedNoDetail, int64(syscall.EFAULT))
		return ErrZapUnavailable
	}
	if err := s.zap.sendRequest("PLAIN", user, pass); err != nil {
		return err
	}
	s.state = plainWaitingForZap
	// The reply is rarely in yet; libzmq tries anyway, and so do we (an in-process handler
	// may have answered already).
	return s.receiveZapReply()
}

// receiveZapReply applies the ZAP reply if it is complete (libzmq handle_zap_status_code):
// 200 goes on with WELCOME, 300 fails silently, 400 and 500 send ERROR first.
func (s *PlainServer) receiveZapReply() error {
	done, err := s.zap.receiveReply()
	if err != nil || !done {
		return err
	}
	switch s.zap.Status()[0] {
	case '2':
		s.state = plainSendingWelcome
	case '3':
		// A temporary failure closes without ERROR (RFC 26), as libzmq does for PLAIN too.
		s.state = plainErrorSent
	default:
		s.state = plainSendingError
	}
	return nil
}

// processInitiate records the client's properties. libzmq's PLAIN server raises no
// protocol event for a bad property list, so neither error carries a code.
func (s *PlainServer) processInitiate(body []byte) error {
	if !hasPrefix(body, plainInitiatePrefix) {
		return ErrUnexpectedCommand
	}
	err := s.peer.parse(body[len(plainInitiatePrefix):], &s.opts)
	switch {
	case err == ErrInvalidMetadata || err == ErrMetadataTooLarge:
		return ErrPlainInitiateMetadata
	case err != nil:
		return err // ErrIncompatibleSocketType: no event either
	}
	s.state = plainSendingReady
	return nil
}

// ZapMsgAvailable applies the ZAP reply once it is complete. A call while no reply is
// awaited is ignored: libzmq asserts it never happens, and a pipe notification that came
// late is no reason to drop the connection.
func (s *PlainServer) ZapMsgAvailable() error {
	if s.state != plainWaitingForZap {
		return nil
	}
	return s.receiveZapReply()
}

// Status is Ready once READY went out, Failed once the ERROR went out (or at once after a
// ZAP 300), Handshaking otherwise.
func (s *PlainServer) Status() Status {
	switch s.state {
	case plainServerReady:
		return Ready
	case plainErrorSent:
		return Failed
	}
	return Handshaking
}

// PeerProperties returns the properties of the client's INITIATE.
func (s *PlainServer) PeerProperties() map[string]string { return s.peer.props }

// PeerRoutingID returns the client's Identity when RecvRoutingID is set.
func (s *PlainServer) PeerRoutingID() ([]byte, bool) { return s.peer.rid, s.peer.ridOK }

// Encode is a no-op: PLAIN leaves data frames alone.
func (*PlainServer) Encode(*msg.Msg) error { return nil }

// Decode is a no-op: PLAIN leaves data frames alone.
func (*PlainServer) Decode(*msg.Msg) error { return nil }

// ZapProperties returns User-Id and the ZAP reply's metadata, nil before the reply.
func (s *PlainServer) ZapProperties() map[string]string { return s.zap.Properties() }

var _ Mechanism = (*PlainServer)(nil)
