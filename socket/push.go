package socket

import (
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/pipe"
)

// pushSocket is PUSH (libzmq push_t, RFC 30): round robin to the peers that have room.
type pushSocket struct {
	noRecv
	noHiccup
	lb lb
}

func (s *pushSocket) AttachPipe(p *pipe.Pipe, _, _ bool) {
	// Nobody reads this pipe's inbound side, so termination must not wait for it.
	p.SetNoDelay()
	s.lb.attach(p)
}

func (s *pushSocket) WriteActivated(p *pipe.Pipe) { s.lb.activated(p) }
func (s *pushSocket) PipeTerminated(p *pipe.Pipe) { s.lb.pipeTerminated(p) }
func (s *pushSocket) Send(m *msg.Msg) error       { return s.lb.send(m) }
func (s *pushSocket) HasOut() bool                { return s.lb.hasOut() }
