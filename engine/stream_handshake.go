package engine

import (
	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/sysio"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/zmtp"
	"golang.org/x/sys/unix"
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

func (e *Stream) greetingConfig() zmtp.GreetingConfig {
	return zmtp.GreetingConfig{
		SocketType: e.opts.Type,
		RoutingID:  e.opts.RoutingID,
		Mechanism:  e.opts.Mechanism.String(),
		// libzmq refuses ZMTP 1.0/2.0 peers whenever ZAP is enabled; LegacyOff refuses them
		// always (bytes from a port scanner would otherwise be read as ZMTP 1.0 messages).
		RefuseLegacy: e.opts.ZapEnabled() || e.opts.LegacyOff,
	}
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
	e.dec.Init(zmtp.DecoderConfig{Version: v, MaxMsgSize: e.frameLimit(), BufSize: inBufSize, MaxBufSize: inBufMaxSize})
	e.enc.Init(zmtp.EncoderConfig{Version: v, MaxBatch: outBatchSize})
	switch {
	case v == zmtp.V10Unversioned:
		e.startLegacy(true)
		e.dec.Feed(e.greeting.Replay())
		e.dec.Feed(rest)
	case v.Legacy():
		e.startLegacy(false)
	default:
		mech, err := e.newMechanism()
		if err != nil {
			e.fail(ReasonProtocol, err)
			return false
		}
		e.mech = mech
		e.boundHandshakeInput()
		e.nextMsg = (*Stream).nextHandshakeCommand
		e.processMsg = (*Stream).processHandshakeCommand
	}
	e.outEvent() // our routing id, or the first handshake command
	if e.mechanismFailed() {
		// A NULL server whose ZAP handler answered at once has just sent its ERROR.
		e.fail(ReasonProtocol, zmtp.ErrHandshakeFailed)
	}
	return e.plugged
}

// newMechanism makes our side of the security mechanism the options select (libzmq
// zmtp_engine_t::handshake_v3_x); the greeting already checked that the peer's is the same.
// Server-side mechanisms reach the ZAP handler through the session and raise their monitor
// events on our endpoint.
func (e *Stream) newMechanism() (zmtp.Mechanism, error) {
	o := e.opts
	mo := zmtp.MechanismOptions{
		SocketType:       o.Type,
		RoutingID:        o.RoutingID,
		Metadata:         o.Metadata,
		RecvRoutingID:    o.RecvRoutingID,
		AsServer:         o.AsServer,
		PlainUsername:    o.PlainUsername,
		PlainPassword:    o.PlainPassword,
		CurvePublicKey:   o.CurvePublicKey,
		CurveSecretKey:   o.CurveSecretKey,
		CurveServerKey:   o.CurveServerKey,
		ZapDomain:        o.ZapDomain,
		ZapEnforceDomain: o.ZapEnforceDomain,
		PeerAddress:      e.cfg.PeerAddress,
		Event:            func(k event.Kind, v int64) { e.event(k, v) },

		GSSAPIPrincipal:          o.GSSAPIPrincipal,
		GSSAPIServicePrincipal:   o.GSSAPIServicePrincipal,
		GSSAPIPrincipalNT:        o.GSSAPIPrincipalNT,
		GSSAPIServicePrincipalNT: o.GSSAPIServicePrincipalNT,
		GSSAPIPlaintext:          o.GSSAPIPlaintext,
	}
	if e.session != nil {
		mo.ZAP = e.session
	}
	switch {
	case o.Mechanism == options.MechPlain && o.AsServer:
		return zmtp.NewPlainServer(mo), nil
	case o.Mechanism == options.MechPlain:
		return zmtp.NewPlainClient(mo), nil
	case o.Mechanism == options.MechCurve && o.AsServer:
		return zmtp.NewCurveServer(mo)
	case o.Mechanism == options.MechCurve:
		return zmtp.NewCurveClient(mo)
	case o.Mechanism == options.MechGSSAPI && o.AsServer:
		return zmtp.NewGSSAPIServer(mo), nil
	case o.Mechanism == options.MechGSSAPI:
		return zmtp.NewGSSAPIClient(mo), nil
	}
	return zmtp.NewNullMechanism(mo), nil
}

// mechanismFailed reports whether the security handshake ended in failure: an ERROR was
// exchanged (or, with ZAP status 300, the connection is simply to be dropped).
func (e *Stream) mechanismFailed() bool {
	return e.plugged && e.mech != nil && !e.handshaked && e.mech.Status() == zmtp.Failed
}

// nextHandshakeCommand produces the mechanism's next command, and switches to data once the
// mechanism is ready.
func (e *Stream) nextHandshakeCommand(m *msg.Msg) error {
	switch e.mech.Status() {
	case zmtp.Ready:
		e.mechanismReady()
		return e.nextMsg(e, m)
	case zmtp.Failed:
		e.failFromFill(zmtp.ErrHandshakeFailed)
		return zmtp.ErrHandshakeFailed
	}
	ok, err := e.mech.NextHandshakeCommand(m)
	if err != nil {
		// A mechanism that cannot go on (a NULL server whose enforced ZAP domain has no
		// handler) closes the connection; libzmq only stops writing and leaves the peer
		// waiting for the handshake timer.
		e.failFromFill(err)
		return err
	}
	if !ok {
		return zerr.ErrAgain
	}
	m.SetFlags(msg.Command)
	return nil
}

// failFromFill ends the engine from inside fill once every byte encoded so far is written:
// closing is safe there only with nothing encoded (fill then finds the batch empty). With
// bytes pending, output stops after them and the caller that made the mechanism fail closes
// (startFraming, processHandshakeCommand, ZapMsgAvailable), or else the handshake timer.
func (e *Stream) failFromFill(err error) {
	if e.enc.Buffered() == 0 {
		e.fail(ReasonProtocol, err)
	}
}

// processHandshakeCommand feeds a received frame to the mechanism. Whatever the mechanism
// has to say in answer is written at once (libzmq restarts output here too), so that a
// failure found while answering, a ZAP denial already in, still gets its ERROR out before the
// connection closes.
func (e *Stream) processHandshakeCommand(m *msg.Msg) error {
	if err := e.mech.ProcessHandshakeCommand(m); err != nil {
		return err
	}
	if e.mech.Status() == zmtp.Ready {
		e.mechanismReady()
		e.kickOut = true // data may flow: written once the batch of input is decoded
		return nil
	}
	e.outEvent()
	if !e.plugged || e.mech.Status() == zmtp.Failed {
		return zmtp.ErrHandshakeFailed // the caller's fail is a no-op once unplugged
	}
	if !e.handshaked { // answering may have completed the handshake (mechanismReady)
		e.boundHandshakeInput()
	}
	return nil
}

// handshakeBoundFloor is the least the handshake bound allows: a frame that fits the read
// buffer costs no memory the connection does not hold already, so up to this size a
// malformed command reaches the mechanism, which reports it as libzmq does (a HELLO one byte
// long is MALFORMED_COMMAND_HELLO, an INITIATE instead of HELLO UNEXPECTED_COMMAND).
const handshakeBoundFloor = inBufSize

// boundHandshakeInput bounds the next frame to what the mechanism can take next (at least
// handshakeBoundFloor), or to MaxMsgSize if that is smaller: before authentication the peer
// must not make us read and hold more than the handshake needs (zmtp/handshake_bound.go).
// The decoder reads the next header only after this frame is processed, so the bound
// always applies to it.
func (e *Stream) boundHandshakeInput() {
	limit, err := int64(max(e.mech.MaxHandshakeCommand(), handshakeBoundFloor)), zmtp.ErrHandshakeCommandSize
	if m := e.opts.MaxMsgSize; m >= 0 && m <= limit {
		limit, err = m, zmtp.ErrMsgSize
	}
	e.dec.SetMaxMsgSize(limit, err)
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
	e.boxed = e.mech.BoxesFrames()
	e.dec.SetMaxMsgSize(e.frameLimit(), nil) // the handshake's bound is lifted
	e.nextMsg = (*Stream).pullAndEncode
	e.processMsg = (*Stream).decodeAndPush
	e.metadata = e.buildMetadata(e.mech.PeerProperties(), e.mech.ZapProperties())
	e.cancelHandshakeTimer()
	e.event(event.HandshakeSucceeded, 0)
}

func (e *Stream) cancelHandshakeTimer() {
	if e.hasHandshakeTimer {
		e.poller.CancelTimer(e.events(), handshakeTimerID)
		e.hasHandshakeTimer = false
	}
}
