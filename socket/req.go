package socket

import (
	"encoding/binary"
	"math/rand/v2"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// reqSocket is REQ (libzmq req_t, RFC 28): a DEALER that alternates strictly between sending a
// request and receiving its reply, prepends the empty delimiter frame (and, with REQ_CORRELATE,
// a request id frame before it), and accepts a reply only from the pipe the request went to.
// REQ_RELAXED lets a new request be sent before the reply came; the old reply is then ignored.
type reqSocket struct {
	dealerSocket
	receivingReply bool       // the whole request went out; a reply is due
	messageBegins  bool       // the next frame starts a message (request or reply)
	replyPipe      *pipe.Pipe // pipe the current request went to
	requestID      uint32
}

func newReq(opts *options.Options) *reqSocket {
	return &reqSocket{dealerSocket: newDealer(opts), messageBegins: true, requestID: rand.Uint32()}
}

func (s *reqSocket) Send(m *msg.Msg) error {
	if s.receivingReply {
		if !s.opts.ReqRelaxed {
			return zerr.ErrFSM
		}
		s.receivingReply = false
		s.messageBegins = true
	}
	if s.messageBegins {
		if err := s.sendEnvelope(); err != nil {
			return err
		}
	}
	more := m.More()
	if err := s.lb.send(m); err != nil {
		return err
	}
	if !more {
		s.receivingReply = true
		s.messageBegins = true
	}
	return nil
}

// sendEnvelope starts a request: the optional request id, then the empty delimiter.
func (s *reqSocket) sendEnvelope() error {
	s.replyPipe = nil
	var f msg.Msg
	if s.opts.ReqCorrelate {
		s.requestID++
		// Host byte order, as libzmq copies the uint32 with memcpy.
		binary.NativeEndian.PutUint32(f.InitSize(4, msg.More, false), s.requestID)
		p, err := s.lb.sendPipe(&f)
		if err != nil {
			return err
		}
		s.replyPipe = p
	}
	f.InitSize(0, msg.More, false)
	p, err := s.lb.sendPipe(&f)
	if err != nil {
		return err
	}
	s.replyPipe = p
	s.messageBegins = false
	// Drop every reply already waiting: a late answer to an earlier request must not pass for
	// the answer to this one.
	for s.fq.recv(&f) == nil {
	}
	return nil
}

func (s *reqSocket) Recv(m *msg.Msg) error {
	if !s.receivingReply {
		return zerr.ErrFSM
	}
	for s.messageBegins {
		ok, err := s.recvEnvelope(m)
		if err != nil {
			return err
		}
		if ok {
			s.messageBegins = false
		}
	}
	if err := s.recvReplyPipe(m); err != nil {
		return err
	}
	if !m.More() {
		s.receivingReply = false
		s.messageBegins = true
	}
	return nil
}

// recvEnvelope reads the request id (when correlating) and the delimiter of the next reply.
// It reports false, having skipped the whole message, when they are not as expected.
func (s *reqSocket) recvEnvelope(m *msg.Msg) (bool, error) {
	if s.opts.ReqCorrelate {
		if err := s.recvReplyPipe(m); err != nil {
			return false, err
		}
		b := m.Bytes()
		if !m.More() || len(b) != 4 || binary.NativeEndian.Uint32(b) != s.requestID {
			s.skipRest(m)
			return false, nil
		}
	}
	if err := s.recvReplyPipe(m); err != nil {
		return false, err
	}
	if !m.More() || m.Size() != 0 {
		s.skipRest(m)
		return false, nil
	}
	return true, nil
}

// skipRest drops the remaining frames of the message whose frame m holds.
func (s *reqSocket) skipRest(m *msg.Msg) {
	for m.More() {
		if s.recvReplyPipe(m) != nil {
			return
		}
	}
}

// recvReplyPipe reads the next frame from the reply pipe, discarding frames from other pipes.
func (s *reqSocket) recvReplyPipe(m *msg.Msg) error {
	for {
		p, err := s.fq.recvPipe(m)
		if err != nil {
			return err
		}
		if s.replyPipe == nil || p == s.replyPipe {
			return nil
		}
	}
}

func (s *reqSocket) HasIn() bool {
	return s.receivingReply && s.fq.hasIn()
}

func (s *reqSocket) HasOut() bool {
	if s.receivingReply && !s.opts.ReqRelaxed {
		return false
	}
	return s.lb.hasOut()
}

func (s *reqSocket) PipeTerminated(p *pipe.Pipe) {
	if s.replyPipe == p {
		s.replyPipe = nil
	}
	s.dealerSocket.PipeTerminated(p)
}
