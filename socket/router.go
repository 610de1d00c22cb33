package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// routerSocket is ROUTER (libzmq router_t, RFC 28): every incoming message is prefixed with the
// routing id of its pipe, and the first frame of every outgoing message names the pipe to
// send it to. REP is built on it.
//
// A pipe's routing id is, in order of preference: the CONNECT_ROUTING_ID set for the connect
// that created it; an id already stored on the pipe by whoever created it; the first message
// read from the pipe (the peer's announced Identity, pushed by the session as libzmq's does),
// or an automatic id when that is empty. A pipe whose first message has not arrived yet stays
// anonymous until it does.
//
// With ROUTER_RAW (Options.RawSocket on a ROUTER, deprecated in libzmq for STREAM) the
// connections speak no ZMTP: each gets an automatic id at once, every payload is one frame,
// and an empty payload sent closes the connection, as on STREAM (sendRaw).
type routerSocket struct {
	noHiccup
	opts *options.Options
	rt   routingTable
	fq   fq
	anon map[*pipe.Pipe]struct{} // pipes waiting for their peer's routing id

	// Inbound: a message whose routing-id frame is handed out first.
	prefetched     bool
	idSent         bool
	prefetchedID   msg.Msg
	prefetchedMsg  msg.Msg
	currentIn      *pipe.Pipe
	terminateCurIn bool // handover: terminate currentIn once its message is fully read
	moreIn         bool

	// Outbound.
	currentOut *pipe.Pipe
	moreOut    bool

	isREP bool // REP: no MANDATORY (a label write must not fail)
}

func newRouter(opts *options.Options) *routerSocket {
	return &routerSocket{opts: opts, rt: newRoutingTable(opts), fq: newFQ(),
		anon: make(map[*pipe.Pipe]struct{})}
}

func (s *routerSocket) mandatory() bool { return s.opts.RouterMandatory && !s.isREP }

func (s *routerSocket) AttachPipe(p *pipe.Pipe, _, locallyInitiated bool) {
	if s.opts.ProbeRouter {
		writeEmpty(p)
	}
	if s.identifyPeer(p, locallyInitiated) {
		s.fq.attach(p)
	} else {
		s.anon[p] = struct{}{}
	}
}

func (s *routerSocket) PipeTerminated(p *pipe.Pipe) {
	if _, ok := s.anon[p]; ok {
		delete(s.anon, p)
		return
	}
	s.rt.erase(p)
	s.fq.pipeTerminated(p)
	p.Rollback()
	if p == s.currentOut {
		s.currentOut = nil
	}
	if p == s.currentIn {
		s.currentIn, s.terminateCurIn = nil, false
	}
}

func (s *routerSocket) ReadActivated(p *pipe.Pipe) {
	if _, ok := s.anon[p]; !ok {
		s.fq.activated(p)
		return
	}
	if s.identifyPeer(p, false) {
		delete(s.anon, p)
		s.fq.attach(p)
	}
}

// WriteActivated needs no bookkeeping: the routing table does not track writability.
func (s *routerSocket) WriteActivated(*pipe.Pipe) {}

// identifyPeer names p and reports whether it could (false: the peer's id has not arrived).
func (s *routerSocket) identifyPeer(p *pipe.Pipe, locallyInitiated bool) bool {
	if id := s.rt.takeConnectRID(locallyInitiated); id != nil && s.rt.lookup(id) == nil {
		s.rt.add(id, p)
		return true
	}
	if s.opts.RawSocket {
		// A raw peer announces nothing: its first message is data.
		s.rt.add(s.rt.autoID(), p)
		return true
	}
	id := p.RoutingID()
	if len(id) == 0 {
		var m msg.Msg
		if !p.Read(&m) {
			return false
		}
		id = m.Bytes()
	}
	if len(id) == 0 {
		s.rt.add(s.rt.autoID(), p)
		return true
	}
	if old := s.rt.lookup(id); old != nil {
		if !s.opts.RouterHandover {
			return false // the duplicate peer stays anonymous and is never read (libzmq #4503)
		}
		s.handOver(old.p)
	}
	s.rt.add(id, p)
	return true
}

// handOver renames old so a newcomer can take its id, and terminates it.
func (s *routerSocket) handOver(old *pipe.Pipe) {
	s.rt.rename(old)
	if old == s.currentIn {
		s.terminateCurIn = true
	} else {
		old.Terminate(true)
	}
}

func (s *routerSocket) Send(m *msg.Msg) error {
	if !s.moreOut {
		return s.sendRoutingID(m)
	}
	if s.opts.RawSocket {
		return s.sendRaw(m)
	}
	s.moreOut = m.More()
	if s.currentOut == nil {
		m.Reset()
		return nil
	}
	if !s.currentOut.Write(m) {
		// The HWM was checked on the routing-id frame, so the pipe is going away: undo the
		// frames already written, REP's labels included.
		s.currentOut.Rollback()
		s.currentOut = nil
	} else if !s.moreOut {
		s.currentOut.Flush()
		s.currentOut = nil
	}
	m.Reset()
	return nil
}

// sendRaw sends a ROUTER_RAW payload: always the last frame, since raw bytes carry no MORE.
func (s *routerSocket) sendRaw(m *msg.Msg) error {
	m.ClearFlags(msg.More)
	s.moreOut = false
	if s.currentOut != nil {
		sendRaw(s.currentOut, m)
		s.currentOut = nil
	}
	m.Reset()
	return nil
}

// sendRoutingID handles the first frame of a message: it selects the pipe.
func (s *routerSocket) sendRoutingID(m *msg.Msg) error {
	// A lone routing id with nothing after it is ignored.
	if m.More() {
		s.moreOut = true
		if op := s.rt.lookup(m.Bytes()); op != nil {
			s.currentOut = op.p
			if !s.currentOut.CheckWrite() {
				full := !s.currentOut.CheckHWM()
				if s.mandatory() {
					s.currentOut, s.moreOut = nil, false
					if full {
						return zerr.ErrAgain
					}
					return zerr.ErrHostUnreachable
				}
				s.currentOut.CountDropped() // the message is dropped, as libzmq does
				s.currentOut = nil
			}
		} else if s.mandatory() {
			s.moreOut = false
			return zerr.ErrHostUnreachable
		}
	}
	m.Reset()
	return nil
}

// rollback drops the frames of the message being sent (REP, on a malformed request).
func (s *routerSocket) rollback() {
	if s.currentOut != nil {
		s.currentOut.Rollback()
		s.currentOut = nil
	}
	// libzmq leaves moreOut set when the pipe was full; the next request's routing id would
	// then be taken for a body frame.
	s.moreOut = false
}

func (s *routerSocket) Recv(m *msg.Msg) error {
	if s.prefetched {
		if !s.idSent {
			*m, s.idSent = s.prefetchedID, true
			s.prefetchedID.Reset()
		} else {
			*m, s.prefetched = s.prefetchedMsg, false
			s.prefetchedMsg.Reset()
		}
		s.moreIn = m.More()
		if !s.moreIn {
			s.endMessageIn()
		}
		return nil
	}
	p, err := s.recvData(m)
	if err != nil {
		return err
	}
	if s.moreIn {
		s.moreIn = m.More()
		if !s.moreIn {
			s.endMessageIn()
		}
		return nil
	}
	// First frame: keep it and hand out the routing id first.
	s.prefetchedMsg, s.prefetched, s.currentIn = *m, true, p
	s.setIDFrame(m, p, s.prefetchedMsg.Metadata())
	s.idSent = true
	s.moreIn = true
	return nil
}

// recvData reads the next frame, skipping routing-id messages a session sends again after a
// reconnect (libzmq assumes the peer keeps its id).
func (s *routerSocket) recvData(m *msg.Msg) (*pipe.Pipe, error) {
	for {
		p, err := s.fq.recvPipe(m)
		if err != nil || m.Flags()&msg.RoutingID == 0 {
			return p, err
		}
	}
}

// setIDFrame makes m the routing-id frame for a message from p.
func (s *routerSocket) setIDFrame(m *msg.Msg, p *pipe.Pipe, md *msg.Metadata) {
	m.Init(p.RoutingID(), msg.More)
	m.SetMetadata(md)
}

// endMessageIn finishes an inbound message, terminating a handed-over pipe if it was its.
func (s *routerSocket) endMessageIn() {
	if s.terminateCurIn && s.currentIn != nil {
		s.currentIn.Terminate(true)
	}
	s.terminateCurIn = false
	s.currentIn = nil
}

func (s *routerSocket) HasIn() bool {
	if s.moreIn || s.prefetched {
		return true
	}
	p, err := s.recvData(&s.prefetchedMsg)
	if err != nil {
		return false
	}
	s.setIDFrame(&s.prefetchedID, p, s.prefetchedMsg.Metadata())
	s.prefetched, s.idSent, s.currentIn = true, false, p
	return true
}

// HasOut is always true unless ROUTER_MANDATORY: where a message goes depends on its first frame.
func (s *routerSocket) HasOut() bool {
	if !s.mandatory() {
		return true
	}
	for _, op := range s.rt.out {
		if op.p.CheckHWM() {
			return true
		}
	}
	return false
}
