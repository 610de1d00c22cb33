package engine

import (
	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/sysio"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/socket"
	"golang.org/x/sys/unix"
)

var (
	// errMechanismUnsupported: the socket is configured for PLAIN or CURVE, which this
	// engine cannot run yet; failing beats silently downgrading to NULL.
	errMechanismUnsupported = protoErr(CodeNone, "security mechanism not implemented")
	// errHandshakeFailed: the mechanism reached its Failed state.
	errHandshakeFailed = protoErr(CodeNone, "security handshake failed")
)

// plugZMTP is zmtp_engine_t::plug_internal: handshake timer, our signature, then whatever
// the peer already sent.
func (e *Stream) plugZMTP() {
	if ivl := e.opts.HandshakeIvl; ivl > 0 {
		e.poller.AddTimer(ivl, e.events(), handshakeTimerID)
		e.hasHandshakeTimer = true
	}
	if err := e.greeting.Init(e.greetingConfig()); err != nil {
		e.fail(ReasonProtocol, err)
		return
	}
	e.greetingStage = true
	e.setPollIn()
	e.outEvent()
	e.inEvent()
}

func (e *Stream) greetingConfig() GreetingConfig {
	return GreetingConfig{
		SocketType: SocketType(e.opts.Type),
		RoutingID:  e.opts.RoutingID,
		Mechanism:  mechanismName(e.opts),
		// libzmq refuses ZMTP 1.0/2.0 peers whenever ZAP is enabled; LegacyOff refuses them
		// always (bytes from a port scanner would otherwise be read as ZMTP 1.0 messages).
		RefuseLegacy: e.opts.ZapDomain != "" || e.opts.LegacyOff,
	}
}

// mechanismName is the mechanism the options select, by libzmq's rules: setting a PLAIN
// option selects PLAIN, a CURVE server flag or server key selects CURVE.
func mechanismName(o *socket.Options) string {
	switch {
	case o.CurveServer || len(o.CurveServerKey) > 0:
		return "CURVE"
	case o.PlainServer || o.PlainUsername != "" || o.PlainPassword != "":
		return "PLAIN"
	}
	return "NULL"
}

// receiveGreeting reads the peer's greeting, never past its end (so no frame byte is read
// before the framing is known), and answers each stage. It returns true once the greeting is
// complete and the framing set up.
func (e *Stream) receiveGreeting() bool {
	var rest []byte // bytes read past the greeting: only an unversioned peer's, which start its frames
	for !e.greeting.Done() {
		n, err := sysio.Read(e.fd, e.greetBuf[:e.greeting.Want()])
		if err == unix.EAGAIN {
			return false
		}
		if err != nil {
			e.fail(ReasonConnection, err)
			return false
		}
		used, _ := e.greeting.In(e.greetBuf[:n]) // a failure shows as Done with Err
		rest = e.greetBuf[used:n]
		if len(e.greeting.Out()) > 0 {
			e.outEvent()
		}
	}
	if err := e.greeting.Err(); err != nil {
		e.fail(ReasonProtocol, err)
		return false
	}
	return e.startFraming(rest)
}

// sendGreeting writes our staged greeting bytes. It returns false while some remain (POLLOUT
// is then armed) or if the write failed.
func (e *Stream) sendGreeting() bool {
	for out := e.greeting.Out(); len(out) > 0; out = e.greeting.Out() {
		n, err := sysio.Write(e.fd, out)
		if err == unix.EAGAIN {
			e.setPollOut()
			return false
		}
		if err != nil {
			e.writeFailed = true
			e.resetPollOut()
			return false
		}
		e.greeting.Sent(n)
	}
	return true
}

// startFraming is libzmq's select_handshake_fun plus the handshake_vX functions: codecs for
// the peer's version, then either the legacy routing-id exchange or the mechanism handshake.
// rest are bytes read past the greeting.
func (e *Stream) startFraming(rest []byte) bool {
	v := e.greeting.Version()
	e.version = v
	e.greetingStage = false
	e.dec.Init(DecoderConfig{Version: v, MaxMsgSize: e.opts.MaxMsgSize, ZeroCopy: zeroCopyRecv,
		BufSize: inBufSize, MaxBufSize: inBufMaxSize})
	e.enc.Init(EncoderConfig{Version: v, MaxBatch: outBatchSize})
	switch {
	case v == V10Unversioned:
		e.startLegacy(true)
		e.dec.Feed(e.greeting.Replay())
		e.dec.Feed(rest)
	case v.Legacy():
		e.startLegacy(false)
	default:
		mech, err := newMechanism(e.opts)
		if err != nil {
			e.fail(ReasonProtocol, err)
			return false
		}
		e.mech = mech
		e.nextMsg = (*Stream).nextHandshakeCommand
		e.processMsg = (*Stream).processHandshakeCommand
	}
	e.outEvent() // our routing id, or the first handshake command
	return e.plugged
}

// newMechanism makes the security mechanism for our side. Only NULL exists so far.
func newMechanism(o *socket.Options) (Mechanism, error) {
	if mechanismName(o) != "NULL" {
		return nil, errMechanismUnsupported
	}
	return NewNullMechanism(MechanismOptions{
		SocketType:    SocketType(o.Type),
		RoutingID:     o.RoutingID,
		Metadata:      o.Metadata,
		RecvRoutingID: o.RecvRoutingID,
	}), nil
}

// nextHandshakeCommand produces the mechanism's next command, and switches to data once the
// mechanism is ready.
func (e *Stream) nextHandshakeCommand(m *msg.Msg) error {
	switch e.mech.Status() {
	case Ready:
		e.mechanismReady()
		return e.nextMsg(e, m)
	case Failed:
		return errHandshakeFailed
	}
	ok, err := e.mech.NextHandshakeCommand(m)
	if err != nil {
		return err
	}
	if !ok {
		return zerr.ErrAgain
	}
	m.SetFlags(msg.Command)
	return nil
}

// processHandshakeCommand feeds a received frame to the mechanism.
func (e *Stream) processHandshakeCommand(m *msg.Msg) error {
	if err := e.mech.ProcessHandshakeCommand(m); err != nil {
		return err
	}
	switch e.mech.Status() {
	case Ready:
		e.mechanismReady()
	case Failed:
		return errHandshakeFailed
	}
	e.kickOut = true // the mechanism may have something to say now, or data may flow
	return nil
}

// mechanismReady switches to data (libzmq mechanism_ready): heartbeats, the session told,
// the peer's routing id pushed first for ROUTER-like sockets, metadata compiled, handshake
// timer cancelled, HANDSHAKE_SUCCEEDED raised.
func (e *Stream) mechanismReady() {
	if e.handshaked {
		return
	}
	e.handshaked = true
	e.startHeartbeats()
	e.session.EngineReady()
	if e.opts.RecvRoutingID {
		id, _ := e.mech.PeerRoutingID()
		var rid msg.Msg
		rid.Init(id, msg.RoutingID)
		// The pipe was just made and routing ids do not count against its HWM; if it is
		// refused anyway the pipe is going away, as libzmq assumes.
		_ = e.session.PushMsg(&rid)
		e.session.Flush()
	}
	e.nextMsg = (*Stream).pullAndEncode
	e.processMsg = (*Stream).decodeAndPush
	e.metadata = e.buildMetadata(e.mech.PeerProperties())
	e.cancelHandshakeTimer()
	e.event(event.HandshakeSucceeded, 0)
}

func (e *Stream) cancelHandshakeTimer() {
	if e.hasHandshakeTimer {
		e.poller.CancelTimer(e.events(), handshakeTimerID)
		e.hasHandshakeTimer = false
	}
}

// pullAndEncode produces data frames: a due PONG or PING first, then the session's frames.
func (e *Stream) pullAndEncode(m *msg.Msg) error {
	if e.pongDue || e.pingDue {
		e.heartbeatMsg(m)
		return e.mech.Encode(m)
	}
	if err := e.session.PullMsg(m); err != nil {
		return err
	}
	return e.mech.Encode(m)
}

// decodeAndPush delivers a data frame: heartbeat timers reset, commands handled, metadata
// attached, pushed to the session (ErrAgain: the caller keeps it).
func (e *Stream) decodeAndPush(m *msg.Msg) error {
	if err := e.mech.Decode(m); err != nil {
		return err
	}
	if e.hasTimeoutTimer || e.hasTTLTimer {
		e.heartbeatSeen()
	}
	if m.Flags()&msg.Command != 0 {
		if push, err := e.processCommand(m); !push {
			return err
		}
	}
	m.SetMetadata(e.metadata)
	return e.session.PushMsg(m)
}

func (e *Stream) subscriber() bool {
	return e.opts.Type == socket.SUB || e.opts.Type == socket.XSUB
}
