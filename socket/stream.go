package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// streamSocket is STREAM (libzmq stream_t): raw TCP connections, each named by an automatic
// routing id. Every message is two frames, routing id then payload. The engine below delivers
// a zero-length payload when a connection opens or closes (STREAM_NOTIFY); the application
// closes a connection by sending it a zero-length payload, which terminates the pipe: the
// session then closes the connection as it does for any pipe its socket terminates.
type streamSocket struct {
	noHiccup
	opts *options.Options
	rt   routingTable
	fq   fq

	prefetched    bool
	idSent        bool
	prefetchedID  msg.Msg
	prefetchedMsg msg.Msg

	currentOut *pipe.Pipe
	moreOut    bool
}

func newStream(opts *options.Options) *streamSocket {
	return &streamSocket{opts: opts, rt: newRoutingTable(opts), fq: newFQ()}
}

func (s *streamSocket) AttachPipe(p *pipe.Pipe, _, locallyInitiated bool) {
	id := s.rt.takeConnectRID(locallyInitiated)
	if id == nil || s.rt.lookup(id) != nil {
		id = s.rt.autoID()
		// libzmq publishes the id of the newest connection as the socket's ZMQ_ROUTING_ID, which
		// is how an application learns the id of the connection it just opened.
		s.opts.RoutingID = append(s.opts.RoutingID[:0], id...)
	}
	s.rt.add(id, p)
	s.fq.attach(p)
}

func (s *streamSocket) PipeTerminated(p *pipe.Pipe) {
	s.rt.erase(p)
	s.fq.pipeTerminated(p)
	if p == s.currentOut {
		s.currentOut = nil
	}
}

func (s *streamSocket) ReadActivated(p *pipe.Pipe) { s.fq.activated(p) }
func (s *streamSocket) WriteActivated(*pipe.Pipe)  {}

func (s *streamSocket) Send(m *msg.Msg) error {
	if !s.moreOut {
		return s.sendRoutingID(m)
	}
	// The payload is always the last frame: raw TCP has no message boundaries to carry MORE.
	m.ClearFlags(msg.More)
	s.moreOut = false
	p := s.currentOut
	s.currentOut = nil
	if p != nil {
		sendRaw(p, m)
	}
	m.Reset()
	return nil
}

func (s *streamSocket) sendRoutingID(m *msg.Msg) error {
	if m.More() {
		op := s.rt.lookup(m.Bytes())
		if op == nil {
			return zerr.ErrHostUnreachable
		}
		if !op.p.CheckWrite() {
			return zerr.ErrAgain
		}
		s.currentOut = op.p
	}
	// Even a lone routing id (no MORE) makes the next frame a payload, as in libzmq.
	s.moreOut = true
	m.Reset()
	return nil
}

func (s *streamSocket) Recv(m *msg.Msg) error {
	if !s.prefetched && !s.prefetch() {
		m.Reset()
		return zerr.ErrAgain
	}
	if !s.idSent {
		*m, s.idSent = s.prefetchedID, true
		s.prefetchedID.Reset()
		return nil
	}
	*m, s.prefetched = s.prefetchedMsg, false
	s.prefetchedMsg.Reset()
	return nil
}

// prefetch reads the next payload and prepares its routing-id frame.
func (s *streamSocket) prefetch() bool {
	p, err := s.fq.recvPipe(&s.prefetchedMsg)
	if err != nil {
		return false
	}
	s.prefetchedMsg.ClearFlags(msg.More)
	s.prefetchedID.Init(p.RoutingID(), msg.More)
	s.prefetchedID.SetMetadata(s.prefetchedMsg.Metadata())
	s.prefetched, s.idSent = true, false
	return true
}

func (s *streamSocket) HasIn() bool { return s.prefetched || s.prefetch() }

// HasOut is always true: whether a send succeeds depends on the connection it names.
func (s *streamSocket) HasOut() bool { return true }
