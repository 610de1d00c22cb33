package session

import (
	"github.com/zreactor/zmq/engine"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// The session and its engine: what the session needs of the engine (Engine), and the
// session as the engine sees it (engine.Session): frames both ways, readiness, and the
// engine's failure, after which an active session reconnects.

// Engine is what a session needs of the engine attached to it (libzmq's i_engine).
type Engine interface {
	// Plug starts the engine on the session's I/O thread.
	Plug(t *iothread.Thread, s engine.Session)
	// Terminate stops the engine and closes its connection at once.
	Terminate()
	// RestartInput resumes reading after PushMsg said the pipe was full; false if the engine
	// failed meanwhile (it has then reported EngineError).
	RestartInput() bool
	// RestartOutput resumes writing now that the pipe has messages again.
	RestartOutput()
	// HasHandshakeStage is false for engines that are ready at once (raw STREAM sockets).
	HasHandshakeStage() bool
	// ZapMsgAvailable reports that the ZAP handler's reply may be readable.
	ZapMsgAvailable()
	// Drain reports whether the engine still holds frames or bytes taken from the session;
	// if so it calls done once they are written (never if it fails or is terminated first).
	Drain(done func()) bool
}

// PullMsg implements engine.Session.
func (s *Session) PullMsg(m *msg.Msg) error {
	if s.pipe == nil || !s.pipe.Read(m) {
		return zerr.ErrAgain
	}
	s.incompleteIn = m.More()
	return nil
}

// PushMsg implements engine.Session. Commands other than subscriptions stop here.
func (s *Session) PushMsg(m *msg.Msg) error {
	if m.IsCommand() && !isSubscription(m) {
		return nil
	}
	if s.pipe != nil && s.pipe.Write(m) {
		m.Reset()
		return nil
	}
	return zerr.ErrAgain
}

// isSubscription tells SUBSCRIBE and CANCEL commands, which the socket handles, from others.
func isSubscription(m *msg.Msg) bool {
	b := m.Bytes()
	return (len(b) >= 10 && string(b[:10]) == "\x09SUBSCRIBE") || (len(b) >= 7 && string(b[:7]) == "\x06CANCEL")
}

// Flush implements engine.Session.
func (s *Session) Flush() {
	if s.pipe != nil {
		s.pipe.Flush()
	}
}

// EngineReady implements engine.Session: the connection is usable, so it gets a pipe if it
// has none (ZMQ_IMMEDIATE, or a passive session).
func (s *Session) EngineReady() {
	if s.pipe != nil || s.IsTerminating() {
		return
	}
	hwms, conflate := s.opts.PipeParams(s.opts.RcvHWM, s.opts.SndHWM)
	pipes := pipe.NewPair([2]pipe.Parent{s, s.socket}, s.Router(), hwms, conflate)
	pipes[0].SetEventSink(s)
	s.pipe = pipes[0]
	s.limitPipe(s.pipe)
	s.SendBind(s.socket, pipes[1], true)
}

// EngineError implements engine.Session: the engine is gone. An active session reconnects after
// connection and timeout errors; a protocol error, or a passive session, ends the session.
func (s *Session) EngineError(handshaked bool, reason engine.ErrorReason) {
	s.engine = nil
	if !handshaked && s.opts.ReconnectStop&options.ReconnectStopHandshakeFailed != 0 {
		reason = engine.ReasonProtocol // ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED: no reconnect
	}
	if s.pipe != nil {
		s.cleanPipes()
	}
	switch {
	case reason != engine.ReasonProtocol && s.cfg.Active:
		s.reconnect()
	case s.pending:
		if s.pipe != nil {
			s.pipe.Terminate(false)
		}
		if s.zapPipe != nil {
			s.zapPipe.Terminate(false)
		}
	default:
		// Nobody will ever take what is queued for this connection, so no linger can help:
		// the session drops it when its termination comes (libzmq would wait forever with
		// an infinite linger, and Context.Close with it).
		s.dead = true
		s.Terminate()
	}
	// Just in case only a delimiter is left in a pipe: reading it moves termination on.
	if s.pipe != nil {
		s.pipe.CheckRead()
	}
	if s.zapPipe != nil {
		s.zapPipe.CheckRead()
	}
	// A session waiting for the engine's last bytes waits no more: they are lost.
	if s.draining {
		s.draining = false
		s.finishTerm()
	}
}

// cleanPipes drops what the lost connection left half done: an unfinished outbound multipart
// is rolled back, the rest of a half-read one is discarded, so it is never resumed on the next
// connection.
func (s *Session) cleanPipes() {
	s.pipe.Rollback()
	s.pipe.Flush()
	var m msg.Msg
	for s.incompleteIn {
		if s.PullMsg(&m) != nil {
			break
		}
	}
}

func (s *Session) reconnect() {
	// With ZMQ_IMMEDIATE the queue must not outlive the connection: messages are only ever
	// queued to live peers.
	if s.pipe != nil && s.opts.Immediate {
		s.pipe.Hiccup()
		s.pipe.Terminate(false)
		s.terminating[s.pipe] = struct{}{}
		s.pipe = nil
		s.cancelLinger()
	}
	if s.opts.ReconnectIvl > 0 {
		s.startConnecting(true)
	} else {
		s.SendTermEndpoint(s.socket, s.cfg.Endpoint)
	}
	// Subscribers resend their subscriptions on the new connection.
	if s.pipe != nil && (s.opts.Type == options.SUB || s.opts.Type == options.XSUB) {
		s.pipe.Hiccup()
	}
}
