package engine

import "github.com/zreactor/zmq/msg"

// NullMechanism is ZMTP's NULL security (RFC 23, libzmq null_mechanism_t without ZAP): each
// side sends READY with its properties as soon as the greeting is done, in no particular
// order, and the handshake is complete once both READYs have crossed.
type NullMechanism struct {
	opts      MechanismOptions
	ready     []byte // our READY body, built once
	sentReady bool
	gotReady  bool
	gotError  bool
	peer      peerProps
}

// NewNullMechanism prepares the NULL handshake for a socket with these options.
func NewNullMechanism(o MechanismOptions) *NullMechanism {
	return &NullMechanism{opts: o, ready: AppendReady(nil, o.SocketType, o.RoutingID, o.Metadata)}
}

// Name returns "NULL".
func (n *NullMechanism) Name() string { return "NULL" }

// NextHandshakeCommand yields our READY once.
func (n *NullMechanism) NextHandshakeCommand(m *msg.Msg) (bool, error) {
	if n.sentReady {
		return false, nil
	}
	n.sentReady = true
	m.InitRef(n.ready, msg.Command)
	return true, nil
}

// ProcessHandshakeCommand takes the peer's READY or ERROR. Anything after one of them, or
// any other command, is ErrUnexpectedCommand; an ERROR is returned as *PeerError.
func (n *NullMechanism) ProcessHandshakeCommand(m *msg.Msg) error {
	if n.gotReady || n.gotError {
		return ErrUnexpectedCommand
	}
	c, _, data, err := ParseCommand(m.Bytes())
	if err != nil {
		// libzmq compares the "\5READY"/"\5ERROR" prefixes only, so a short frame is simply
		// not one of them.
		return ErrUnexpectedCommand
	}
	switch c {
	case CmdReady:
		n.gotReady = true
		return n.peer.parse(data, &n.opts)
	case CmdError:
		reason, err := ParseError(m.Bytes())
		if err != nil {
			return err
		}
		n.gotError = true
		return &PeerError{Reason: string(reason)}
	}
	return ErrUnexpectedCommand
}

// Status is Ready once READY went both ways, Failed once an ERROR was received and our
// READY sent, Handshaking otherwise.
func (n *NullMechanism) Status() Status {
	switch {
	case n.sentReady && n.gotReady:
		return Ready
	case n.sentReady && n.gotError:
		return Failed
	}
	return Handshaking
}

// PeerProperties returns the properties from the peer's READY.
func (n *NullMechanism) PeerProperties() map[string]string { return n.peer.props }

// PeerRoutingID returns the peer's Identity when RecvRoutingID is set.
func (n *NullMechanism) PeerRoutingID() ([]byte, bool) { return n.peer.rid, n.peer.ridOK }

// Encode is a no-op for NULL.
func (n *NullMechanism) Encode(*msg.Msg) error { return nil }

// Decode is a no-op for NULL.
func (n *NullMechanism) Decode(*msg.Msg) error { return nil }

// ZapMsgAvailable is a no-op until NULL uses ZAP.
func (n *NullMechanism) ZapMsgAvailable() error { return nil }

// ZapProperties returns nil until NULL uses ZAP.
func (n *NullMechanism) ZapProperties() map[string]string { return nil }

var _ Mechanism = (*NullMechanism)(nil)
