package session

import (
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/pipe"
	"time"
)

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
