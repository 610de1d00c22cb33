package session

import (
	"github.com/zreactor/zmq/engine"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

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

func (s *Session) cancelLinger() {
	if s.lingerTimer {
		s.thread.Poller().CancelTimer(s, lingerTimerID)
		s.lingerTimer = false
	}
}

// ReadActivated implements pipe.EventSink: the socket queued messages.
func (s *Session) ReadActivated(p *pipe.Pipe) {
	if p == s.zapPipe && p != nil {
		s.zapReadActivated()
		return
	}
	if p != s.pipe {
		return // a pipe dropped on reconnect
	}
	if s.engine == nil {
		s.pipe.CheckRead()
		return
	}
	s.engine.RestartOutput()
}

// WriteActivated implements pipe.EventSink: the socket read enough to make room.
func (s *Session) WriteActivated(p *pipe.Pipe) {
	if p == s.pipe && s.engine != nil {
		s.engine.RestartInput()
	}
}

// Hiccuped implements pipe.EventSink; sessions never receive hiccups.
func (s *Session) Hiccuped(*pipe.Pipe) {}

// PipeTerminated implements pipe.EventSink.
func (s *Session) PipeTerminated(p *pipe.Pipe) {
	switch p {
	case s.pipe:
		s.pipe = nil // a linger timer (set only once terminating) stays for finishTerm
	case s.zapPipe:
		s.zapPipe = nil
	default:
		delete(s.terminating, p)
	}
	// A STREAM connection ends with its pipe.
	if !s.IsTerminating() && s.opts.RawSocket {
		if s.engine != nil {
			s.engine.Terminate()
			s.engine = nil
		}
		s.Terminate()
	}
	s.finishTerm()
}
