package session

import "time"

// processTerm is session_base_t::process_term: with a pipe, let the engine send what is queued
// for up to linger before the session ends.
func (s *Session) processTerm(linger time.Duration) {
	if s.pipe == nil && s.zapPipe == nil && len(s.terminating) == 0 {
		s.Own.ProcessTerm(0)
		return
	}
	s.pending = true
	if s.dead {
		linger = 0
	}
	if s.zapPipe != nil {
		s.zapPipe.Terminate(false)
	}
	if s.pipe != nil {
		if linger > 0 {
			s.thread.Poller().AddTimer(linger, s, lingerTimerID)
			s.lingerTimer = true
		}
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

// TimerEvent implements poller.Events: the linger ran out, drop what is still queued.
func (s *Session) TimerEvent(id int) {
	if id != lingerTimerID {
		return
	}
	s.lingerTimer = false
	if s.pipe != nil {
		s.pipe.Terminate(false)
	}
}
