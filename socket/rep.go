package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// repSocket is REP (libzmq rep_t, RFC 28): a ROUTER that receives one request at a time and
// must answer it before receiving the next. The request's envelope (routing ids up to the empty
// delimiter) is copied straight to the reply pipe, so the application sees only the body and
// the reply finds its way back.
type repSocket struct {
	*routerSocket
	sendingReply  bool // the request was fully read; the reply is due
	requestBegins bool // the next frame read starts a request
}

func newRep(opts *options.Options) *repSocket {
	r := newRouter(opts)
	r.isREP = true
	return &repSocket{routerSocket: r, requestBegins: true}
}

func (s *repSocket) Send(m *msg.Msg) error {
	if !s.sendingReply {
		return zerr.ErrFSM
	}
	more := m.More()
	if err := s.routerSocket.Send(m); err != nil {
		return err
	}
	if !more {
		s.sendingReply = false
	}
	return nil
}

func (s *repSocket) Recv(m *msg.Msg) error {
	if s.sendingReply {
		return zerr.ErrFSM
	}
	if s.requestBegins {
		if err := s.copyEnvelope(m); err != nil {
			return err
		}
		s.requestBegins = false
	}
	if err := s.routerSocket.Recv(m); err != nil {
		return err
	}
	if !m.More() {
		s.sendingReply = true
		s.requestBegins = true
	}
	return nil
}

// copyEnvelope moves the routing frames of the next request, delimiter included, into the reply
// pipe. A message that ends before its delimiter is malformed: what was copied is rolled back
// and the next message is tried.
func (s *repSocket) copyEnvelope(m *msg.Msg) error {
	for {
		if err := s.routerSocket.Recv(m); err != nil {
			return err
		}
		if !m.More() {
			s.rollback()
			continue
		}
		bottom := m.Size() == 0
		s.routerSocket.Send(m) // cannot fail: REP's router is never MANDATORY
		if bottom {
			return nil
		}
	}
}

func (s *repSocket) HasIn() bool  { return !s.sendingReply && s.routerSocket.HasIn() }
func (s *repSocket) HasOut() bool { return s.sendingReply && s.routerSocket.HasOut() }
