package session

import (
	"syscall"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/pipe"
)

// ZapConnector is what a session needs of the socket it serves to reach a ZAP handler (the
// root package's *Socket implements it, the session type-asserts Config.Socket): it looks up
// the handler bound at engine.ZapEndpoint in the context's inproc registry, makes a pipe pair
// with unlimited HWMs whose end 0 belongs to the session and end 1 to the handler, sends end 1
// to the handler, and writes the empty routing id first when the handler records routing ids
// (libzmq session_base_t::zap_connect). It runs on the session's I/O thread.
type ZapConnector interface {
	// ConnectZAP returns the session's end of the new pipe; the caller sets its event sink.
	// The error wraps ECONNREFUSED when no handler is bound, EINVAL when the socket bound
	// there is neither REP nor ROUTER.
	ConnectZAP(parent pipe.Parent) (*pipe.Pipe, error)
}

// errZapNotConnected: a ZAP request or reply without a pipe to the handler (libzmq's
// ENOTCONN from write_zap_msg/read_zap_msg), e.g. after the handler closed.
var errZapNotConnected = &zerr.Error{Errno: syscall.ENOTCONN, Text: "no pipe to the ZAP handler"}

// ZapConnect implements engine.ZAPPipe: it connects to the ZAP handler once; later calls
// are no-ops while the pipe lasts. It fails with an error wrapping ECONNREFUSED when no
// handler is bound.
func (s *Session) ZapConnect() error {
	if s.zapPipe != nil {
		return nil
	}
	zc, ok := s.socket.(ZapConnector)
	if !ok {
		return zerr.With(zerr.ErrConnRefused, "the socket cannot reach a ZAP handler")
	}
	p, err := zc.ConnectZAP(s)
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

// WriteZapMsg implements engine.ZAPPipe: it queues one request frame and publishes the
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

// ReadZapMsg implements engine.ZAPPipe: one reply frame, or zerr.ErrAgain when none has
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
