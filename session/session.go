package session

import (
	"time"

	"github.com/zreactor/zmq/engine"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/pipe"
)

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

// ConnecterFactory makes the connecter of an active session. delayed asks it to wait for the
// reconnect interval before its first attempt (used after a connection was lost).
type ConnecterFactory func(s *Session, delayed bool) own.Owned

// ZapConnector connects a session to the ZAP handler of its socket's context (libzmq
// session_base_t::zap_connect, whose registry lookup lives in the root package here). It
// makes a pipe pair whose end 0 is parent's and returns that end, having handed end 1 to the
// handler; it runs on the session's I/O thread. Its error wraps ECONNREFUSED when no handler
// is bound, EINVAL for a handler that is neither REP nor ROUTER.
type ZapConnector func(parent pipe.Parent) (*pipe.Pipe, error)

// Config describes a new session.
type Config struct {
	Thread     *iothread.Thread // home I/O thread
	Socket     object.Counted   // the socket the session serves: it receives the pipe (bind)
	Options    options.Options  // the socket's options at Bind/Connect time
	Endpoint   string           // the endpoint as given to Connect, or the listener's
	Active     bool             // made by Connect: reconnects
	Connecter  ConnecterFactory // active sessions only
	ZapConnect ZapConnector     // reaches the ZAP handler; nil: none can ever be found
}

const lingerTimerID = 0x20

// Session is libzmq's session_base_t.
type Session struct {
	own.Own
	cfg    Config
	thread *iothread.Thread
	socket object.Counted
	opts   *options.Options

	pipe        *pipe.Pipe
	zapPipe     *pipe.Pipe              // to the ZAP handler, once a mechanism asked (session_zap.go)
	terminating map[*pipe.Pipe]struct{} // pipes dropped on reconnect, still finishing
	engine      Engine

	incompleteIn bool // the last frame pulled had More set: the rest must follow or be dropped
	pending      bool // termination waits for the pipe to finish
	lingers      bool // the termination under way has a linger: queued frames still go out
	draining     bool // termination waits for the engine to write what it took (Engine.Drain)
	lingerTimer  bool
	dead         bool // the engine failed for good: queued messages have nowhere to go
}

// New makes a session; launch it with the owner's LaunchChild.
func New(r object.Router, cfg Config) *Session {
	s := &Session{cfg: cfg, thread: cfg.Thread, socket: cfg.Socket, terminating: map[*pipe.Pipe]struct{}{}}
	s.opts = &s.cfg.Options
	s.Init(r, cfg.Thread.ThreadID(), s, s)
	s.SetLinger(cfg.Options.Linger)
	return s
}

// Endpoint is the endpoint the session serves.
func (s *Session) Endpoint() string { return s.cfg.Endpoint }

// Options are the options the session was made with.
func (s *Session) Options() *options.Options { return s.opts }

// Thread is the session's I/O thread.
func (s *Session) Thread() *iothread.Thread { return s.thread }

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

// ProcessCommand handles the session's commands on its I/O thread.
func (s *Session) ProcessCommand(c *object.Command) {
	switch c.Kind {
	case object.Attach:
		s.processAttach(c.Obj.(Engine))
	case object.Term:
		s.processTerm(time.Duration(c.N))
	case object.ConnFailed:
		s.SendTermEndpoint(s.socket, s.cfg.Endpoint)
	default:
		s.Own.ProcessCommand(c)
	}
}

// Plugged implements own.Hooks: an active session starts connecting.
func (s *Session) Plugged() {
	if s.cfg.Active {
		s.startConnecting(false)
	}
}

// Destroyed implements own.Hooks.
func (s *Session) Destroyed() {
	if s.lingerTimer {
		s.thread.Poller().CancelTimer(s, lingerTimerID)
		s.lingerTimer = false
	}
	if s.engine != nil {
		s.engine.Terminate()
		s.engine = nil
	}
}

func (s *Session) startConnecting(delayed bool) {
	s.LaunchChild(s.cfg.Connecter(s, delayed))
}

func (s *Session) processAttach(e Engine) {
	s.engine = e
	if !e.HasHandshakeStage() {
		s.EngineReady()
	}
	e.Plug(s.thread, s)
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
