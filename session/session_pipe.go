package session

import "github.com/zreactor/zmq/pipe"

// The session's pipe to its socket: how it is attached and bounded, and the pipe events the
// session receives as its pipes' pipe.EventSink (its ZAP pipe's included).

// AttachPipe gives the session its pipe to the socket, before it is launched (Connect without
// ZMQ_IMMEDIATE).
func (s *Session) AttachPipe(p *pipe.Pipe) {
	s.pipe = p
	p.SetEventSink(s)
	s.limitPipe(p)
}

// InboundBytes bounds the body bytes a session has passed to its socket and the socket has
// not read yet, besides RCVHWM (pipe.SetOutByteLimit): past it the engine stops reading and
// TCP pushes back. RCVHWM counts messages, so on its own a connection could queue 1,000 frames
// of any size (64 MiB of 64 KiB frames) whenever the application fell behind its I/O thread for
// a moment, which on a busy machine is all the time; a receiver's memory was its queue. libzmq
// documents that the actual RCVHWM limit "may be lower or higher, depending on socket
// transport". Only for the socket types whose peers block at their SNDHWM
// (Options.PeersBlockAtHWM: PULL, PAIR, REP): under a PUB or a ROUTER, a shallower queue
// would make the peer drop messages libzmq delivers. RCVHWM 0 (no limit) lifts it too.
const InboundBytes = 2 << 20

// OutboundBytes bounds the body bytes a socket has queued for a session and the session has not
// taken yet, the same way, for the socket types that block at SNDHWM (Options.BlocksAtHWM),
// and so that at least a tenth of SNDHWM in messages always fits: libzmq documents that
// SNDHWM's actual limit "may be as much as 90% lower depending on the flow of messages on the
// socket". A sender that outruns the wire then no longer fills 1,000 fresh bodies before the
// first one comes back (64 MiB of page faults for 64 KiB frames, a third of a 600 ms run
// here). Types that drop at SNDHWM (PUB, ROUTER...) keep it in messages only: a lower limit
// would drop messages libzmq delivers. SNDHWM 0 lifts it.
const OutboundBytes = 2 << 20

// limitPipe bounds the session's pipe in bytes: InboundBytes on the session's end (it writes
// to the socket) and OutboundBytes on the socket's, unless the queues conflate or the HWM of
// that direction is unlimited.
func (s *Session) limitPipe(p *pipe.Pipe) {
	if s.opts.EffectiveConflate() {
		return
	}
	if s.opts.RcvHWM > 0 && s.opts.PeersBlockAtHWM() {
		p.SetOutByteLimit(InboundBytes, false)
	}
	if s.opts.SndHWM > 0 && s.opts.BlocksAtHWM() {
		p.SetInByteLimit(OutboundBytes, true)
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
	// A raw connection (STREAM, ROUTER_RAW) ends with its pipe.
	if !s.IsTerminating() && s.opts.RawSocket {
		if s.engine != nil {
			s.engine.Terminate()
			s.engine = nil
		}
		s.Terminate()
	}
	s.finishTerm()
}
