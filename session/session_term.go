package session

import "time"

// processTerm is session_base_t::process_term: let the engine send what is queued, and what
// it holds, for up to linger before the session ends.
func (s *Session) processTerm(linger time.Duration) {
	s.pending = true
	if s.dead {
		linger = 0
	}
	s.lingers = linger != 0
	if linger > 0 {
		// Bounds the wait for the pipe's queue and for the engine's last bytes.
		s.thread.Poller().AddTimer(linger, s, lingerTimerID)
		s.lingerTimer = true
	}
	if s.pipe == nil && s.zapPipe == nil && len(s.terminating) == 0 {
		// The pipe ended first (the socket closed it), but the engine may still be writing
		// its last frames.
		s.finishTerm()
		return
	}
	if s.zapPipe != nil {
		s.zapPipe.Terminate(false)
	}
	if s.pipe != nil {
		// With a linger the delimiter goes behind the queued messages; without, they are dropped.
		s.pipe.Terminate(linger != 0)
		// No engine will read the pipe, so nothing would see the delimiter otherwise.
		if s.engine == nil {
			s.pipe.CheckRead()
		}
	}
}

// InEvent implements poller.Events; sessions register no fd.
func (s *Session) InEvent() {}

// OutEvent implements poller.Events.
func (s *Session) OutEvent() {}

// TimerEvent implements poller.Events: the linger ran out, drop what is still queued, in the
// pipe or unwritten in the engine.
func (s *Session) TimerEvent(id int) {
	if id != lingerTimerID {
		return
	}
	s.lingerTimer = false
	s.lingers = false
	if s.pipe != nil {
		s.pipe.Terminate(false)
	}
	if s.draining {
		s.draining = false
		s.finishTerm()
	}
}

// finishTerm ends a terminating session once its pipes are gone and, while it lingers, once
// the engine has written what it took from the pipe (engine/stream_drain.go): a frame cut off
// there would never reach the peer, which may be waiting for it (a REQ for its reply, say).
func (s *Session) finishTerm() {
	if !s.pending || s.draining || s.pipe != nil || s.zapPipe != nil || len(s.terminating) > 0 {
		return
	}
	if s.lingers && s.engine != nil && s.engine.Drain(s.engineFlushed) {
		s.draining = true
		return
	}
	s.pending = false
	s.cancelLinger()
	s.Own.ProcessTerm(0)
}

// engineFlushed is the engine's Drain callback.
func (s *Session) engineFlushed() {
	s.draining = false
	s.finishTerm()
}

// cancelLinger stops the linger timer, if it runs.
func (s *Session) cancelLinger() {
	if s.lingerTimer {
		s.thread.Poller().CancelTimer(s, lingerTimerID)
		s.lingerTimer = false
	}
}
