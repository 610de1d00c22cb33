package socket

import (
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/pipe"
)

// pullSocket is PULL (libzmq pull_t, RFC 30): fair queuing from every peer.
type pullSocket struct {
	noSend
	noHiccup
	fq fq
}

func (s *pullSocket) AttachPipe(p *pipe.Pipe, _, _ bool) { s.fq.attach(p) }
func (s *pullSocket) ReadActivated(p *pipe.Pipe)         { s.fq.activated(p) }
func (s *pullSocket) PipeTerminated(p *pipe.Pipe)        { s.fq.pipeTerminated(p) }
func (s *pullSocket) Recv(m *msg.Msg) error              { return s.fq.recv(m) }
func (s *pullSocket) HasIn() bool                        { return s.fq.hasIn() }
