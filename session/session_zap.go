package session

import (
	"syscall"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
)

// errZapNotConnected: a ZAP request or reply without a pipe to the handler (libzmq's
// ENOTCONN from write_zap_msg/read_zap_msg), e.g. after the handler closed.
var errZapNotConnected = &zerr.Error{Errno: syscall.ENOTCONN, Text: "no pipe to the ZAP handler"}

// ZapConnect implements zmtp.ZAPPipe: it connects to the ZAP handler once; later calls
// are no-ops while the pipe lasts. It fails with an error wrapping ECONNREFUSED when no
// handler is bound.
func (s *Session) ZapConnect() error {
	if s.zapPipe != nil {
		return nil
	}
	// Config.ZapConnect (set by the root package) looks the handler up in the context's
	// inproc registry, makes a pipe pair with unlimited HWMs whose end 0 is ours and end 1
	// the handler's, sends end 1 to the handler and writes the empty routing id first when
	// the handler records routing ids (libzmq session_base_t::zap_connect).
	if s.cfg.ZapConnect == nil {
		return zerr.With(zerr.ErrConnRefused, "the socket cannot reach a ZAP handler")
	}
	p, err := s.cfg.ZapConnect(s)
	if err != nil {
		return err
	}
	p.SetEventSink(s)
	// Termination never waits for unread replies: a reply nobody will read is worthless.
	p.SetNoDelay()
	// The handler's reply must wake us: a read attempt on the empty pipe puts its reader to
	// sleep, so the handler's flush sends activate_read (libzmq relies on the mechanism's
	// first read for this).
	p.CheckRead()
	s.zapPipe = p
	if s.pending {
		// Connected while terminating: the request will go nowhere, and termination waits
		// for this pipe like any other.
		p.Terminate(false)
	}
	return nil
}

// WriteZapMsg implements zmtp.ZAPPipe: it queues one request frame and publishes the
// request with its last frame.
func (s *Session) WriteZapMsg(m *msg.Msg) error {
	if s.zapPipe == nil || !s.zapPipe.Write(m) {
		return errZapNotConnected
	}
	if !m.More() {
		s.zapPipe.Flush()
	}
	m.Reset()
	return nil
}

// ReadZapMsg implements zmtp.ZAPPipe: one reply frame, or zerr.ErrAgain when none has
// arrived (the engine's ZapMsgAvailable is called when one does).
func (s *Session) ReadZapMsg(m *msg.Msg) error {
	if s.zapPipe == nil {
		return errZapNotConnected
	}
	if !s.zapPipe.Read(m) {
		return zerr.ErrAgain
	}
	return nil
}

// zapReadActivated: the handler's reply may be readable.
func (s *Session) zapReadActivated() {
	if s.engine != nil {
		s.engine.ZapMsgAvailable()
	}
}
