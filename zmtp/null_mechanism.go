package zmtp

import (
	"syscall"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
)

// NullMechanism is ZMTP's NULL security (RFC 23, libzmq null_mechanism_t): each side sends
// READY with its properties as soon as the greeting is done, in no particular order, and the
// handshake is complete once both READYs have crossed.
//
// With a ZapDomain set, either side first asks the ZAP handler (mechanism "NULL", no
// credentials) and holds its READY until the reply: 200 sends READY, 400 and 500 send ERROR
// with the code instead, 300 sends nothing. A missing handler is ignored unless
// ZapEnforceDomain is set, which then fails the handshake (libzmq 4.3.4).
type NullMechanism struct {
	opts       MechanismOptions
	ready      []byte // our READY body, built once
	sentReady  bool
	sentError  bool // our ERROR went out (or, after a ZAP 300, nothing will)
	gotReady   bool
	gotError   bool
	zapSent    bool
	zapReplied bool
	zap        zapClient
	peer       peerProps
}

// NewNullMechanism prepares the NULL handshake for a socket with these options.
func NewNullMechanism(o MechanismOptions) *NullMechanism {
	n := &NullMechanism{opts: o, ready: AppendReady(nil, o.SocketType, o.RoutingID, o.Metadata)}
	n.zap.o = &n.opts
	return n
}

// Name returns "NULL".
func (n *NullMechanism) Name() string { return "NULL" }

// BoxesFrames implements Mechanism: NULL leaves frames alone.
func (*NullMechanism) BoxesFrames() bool { return false }

// NextHandshakeCommand yields our READY once, after the ZAP verdict when a ZapDomain is set
// (libzmq sends the ZAP request from here, the first time the engine asks). A denial yields
// ERROR instead, or nothing for 300.
func (n *NullMechanism) NextHandshakeCommand(m *msg.Msg) (bool, error) {
	if n.sentReady || n.sentError {
		return false, nil
	}
	if n.opts.ZapDomain != "" && !n.zapReplied {
		if ok, err := n.askZap(); !ok {
			return false, err
		}
	}
	if n.zapReplied {
		if st := n.zap.Status(); st != "200" {
			n.sentError = true
			if st == "300" {
				return false, nil // a temporary failure closes silently
			}
			m.Init(AppendError(nil, st), msg.Command)
			return true, nil
		}
	}
	n.sentReady = true
	m.InitRef(n.ready, msg.Command)
	return true, nil
}

// askZap sends the ZAP request and tries for the reply. It returns true when the handshake
// may go on now: the reply is in, or there is no handler and the domain is not enforced.
func (n *NullMechanism) askZap() (bool, error) {
	if n.zapSent {
		return false, nil // the reply is still due; ZapMsgAvailable takes it
	}
	if !n.zap.connect() {
		if n.opts.ZapEnforceDomain {
			n.opts.event(event.HandshakeFailedNoDetail, int64(syscall.EFAULT))
			return false, ErrZapUnavailable
		}
		return true, nil
	}
	if err := n.zap.sendRequest("NULL"); err != nil {
		return false, err
	}
	n.zapSent = true
	done, err := n.zap.receiveReply()
	if err != nil || !done {
		return false, err
	}
	n.zapReplied = true
	return true, nil
}

// ProcessHandshakeCommand takes the peer's READY or ERROR. Anything after one of them, or
// any other command, is ErrUnexpectedCommand; an ERROR is returned as *PeerError. The peer's
// READY is taken even while our ZAP request is pending, as libzmq does.
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

// Status is Ready once READY went both ways, Failed once a command went each way and they
// were not both READY, Handshaking otherwise.
func (n *NullMechanism) Status() Status {
	switch {
	case n.sentReady && n.gotReady:
		return Ready
	case (n.sentReady || n.sentError) && (n.gotReady || n.gotError):
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

// ZapMsgAvailable takes the ZAP reply once it is complete; the engine then asks
// NextHandshakeCommand for READY or ERROR. A call with no reply awaited is ignored (libzmq
// returns EFSM, on a path its pipes never take).
func (n *NullMechanism) ZapMsgAvailable() error {
	if !n.zapSent || n.zapReplied {
		return nil
	}
	done, err := n.zap.receiveReply()
	if err != nil {
		return err
	}
	n.zapReplied = done
	return nil
}

// ZapProperties returns User-Id and the ZAP reply's metadata, nil without a reply.
func (n *NullMechanism) ZapProperties() map[string]string { return n.zap.Properties() }

var _ Mechanism = (*NullMechanism)(nil)
