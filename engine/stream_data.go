package engine

import (
	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/zmtp"
)

// The data phase: frames between the session and the wire once the handshake is done (the
// state table is at Stream.nextMsg). Going out, nextMsg pulls a frame from the session
// (pullAndEncode, which sends due heartbeats first and lets the mechanism encode; or
// pullMsgFromSession for legacy and raw connections) and fill encodes it into the batch
// (encodeTx). Coming in, each decoded frame goes to processMsg (decodeAndPush, which lets
// the mechanism decode and handles commands; or pushMsgToSession) and on to the session.
//
// Subscriptions of SUB and XSUB sockets travel between socket and engine in message form
// (0x01 to subscribe, 0x00 to cancel, then the topic) and leave in the peer's form: encodeTx
// writes a ZMTP 3.1 command header or the message as it is, without a copy. A boxing
// mechanism (CURVE) hides the frame from encodeTx, so subscriptionToCommand converts first.

// pullAndEncode produces data frames: a due PONG or PING first, then the session's frames.
func (e *Stream) pullAndEncode(m *msg.Msg) error {
	if e.pongDue || e.pingDue {
		e.heartbeatMsg(m)
		return e.mech.Encode(m)
	}
	if err := e.session.PullMsg(m); err != nil {
		return err
	}
	if e.boxed {
		e.subscriptionToCommand(m)
	}
	return e.mech.Encode(m)
}

// subscriptionToCommand gives a SUB/XSUB (un)subscription its ZMTP 3.1 wire form before a
// boxing mechanism (CURVE) hides it from encodeTx, which makes that form for every other
// mechanism without a copy: libzmq boxes SUBSCRIBE/CANCEL commands for 3.1 peers and the
// 0x01/0x00 frames for 3.0 ones. Subscriptions are rare, so the allocation is fine.
func (e *Stream) subscriptionToCommand(m *msg.Msg) {
	first := !e.pullMore
	e.pullMore = m.More()
	if !first || m.More() || !e.subscriber() || !e.version.SubscribeCommands() || m.IsCommand() {
		return
	}
	if b := m.Bytes(); len(b) > 0 && b[0] <= 1 {
		m.Init(zmtp.AppendSubscribe(nil, b[1:], b[0] == 0), msg.Command)
	}
}

// encodeTx encodes tx, sending our SUB/XSUB subscriptions in the peer's form (commands for
// ZMTP 3.1, 0x01/0x00 frames otherwise). It reports false when the batch is full.
func (e *Stream) encodeTx() bool {
	m := &e.tx
	f := m.Flags()
	if f&msg.Command != 0 {
		return e.enc.Encode(m)
	}
	first := !e.txMore
	if first && f&msg.More == 0 && e.handshaked && e.subscriber() {
		if b := m.Bytes(); len(b) > 0 && b[0] <= 1 {
			if !e.enc.EncodeSubscription(b[1:], b[0] == 0) {
				return false
			}
			e.txMore = false
			return true
		}
	}
	if !e.enc.Encode(m) {
		return false
	}
	e.txMore = f&msg.More != 0
	return true
}

// decodeAndPush delivers a data frame: heartbeat timers reset, commands handled, metadata
// attached, pushed to the session (ErrAgain: the caller keeps it).
func (e *Stream) decodeAndPush(m *msg.Msg) error {
	if err := e.mech.Decode(m); err != nil {
		// libzmq's CURVE decode raises HANDSHAKE_FAILED_PROTOCOL itself, handshake done or
		// not (fail raises handshake events only before it).
		if code := zmtp.CodeOf(err); code != zmtp.CodeNone {
			e.event(event.HandshakeFailedProtocol, int64(code))
		}
		return err
	}
	if e.timeoutTimer.Armed() || e.ttlTimer.Armed() || e.awaitingTraffic {
		e.heartbeatSeen()
	}
	if m.Flags()&msg.Command != 0 {
		if push, err := e.processCommand(m); !push {
			return err
		}
	} else if e.opts.MaxMultipartSize >= 0 {
		if err := e.countFrame(m); err != nil {
			return err
		}
	}
	m.SetMetadata(e.metadata)
	return e.session.PushMsg(m)
}

// processCommand handles a command received after the handshake and reports whether it goes
// to the session. SUBSCRIBE and CANCEL do (the session hands them to XPUB/PUB); PING is
// answered; ERROR ends the connection (RFC 37: a peer that receives ERROR must close); PONG,
// malformed and unknown commands are dropped silently, as libzmq does.
func (e *Stream) processCommand(m *msg.Msg) (bool, error) {
	c, _, _, err := zmtp.ParseCommand(m.Bytes())
	if err != nil {
		return false, nil
	}
	switch c {
	case zmtp.CmdSubscribe, zmtp.CmdCancel:
		return true, nil
	case zmtp.CmdPing:
		return false, e.onPing(m.Bytes())
	case zmtp.CmdError:
		reason, err := zmtp.ParseError(m.Bytes())
		if err != nil {
			return false, err
		}
		return false, &zmtp.PeerError{Reason: string(reason)}
	}
	return false, nil
}

// pullMsgFromSession sends the session's frames as they are (legacy and raw connections).
func (e *Stream) pullMsgFromSession(m *msg.Msg) error { return e.session.PullMsg(m) }

// pushMsgToSession delivers a data frame as it came (legacy and raw connections).
func (e *Stream) pushMsgToSession(m *msg.Msg) error {
	if e.opts.MaxMultipartSize >= 0 && !e.raw {
		if err := e.countFrame(m); err != nil {
			return err
		}
	}
	m.SetMetadata(e.metadata)
	return e.session.PushMsg(m)
}

// subscriber reports a SUB or XSUB socket, whose subscriptions the peer may want as commands.
func (e *Stream) subscriber() bool {
	return e.opts.Type == options.SUB || e.opts.Type == options.XSUB
}
