package socket

import (
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// dealerSocket is DEALER (libzmq dealer_t, RFC 28): round robin out, fair queuing in, no
// envelope handling. REQ is built on it.
type dealerSocket struct {
	noHiccup
	opts *options.Options
	lb   lb
	fq   fq
}

func newDealer(opts *options.Options) dealerSocket {
	return dealerSocket{opts: opts, lb: newLB(), fq: newFQ()}
}

func (s *dealerSocket) AttachPipe(p *pipe.Pipe, _, _ bool) {
	if s.opts.ProbeRouter {
		writeEmpty(p)
	}
	s.fq.attach(p)
	s.lb.attach(p)
}

func (s *dealerSocket) ReadActivated(p *pipe.Pipe)  { s.fq.activated(p) }
func (s *dealerSocket) WriteActivated(p *pipe.Pipe) { s.lb.activated(p) }

func (s *dealerSocket) PipeTerminated(p *pipe.Pipe) {
	s.fq.pipeTerminated(p)
	s.lb.pipeTerminated(p)
}

func (s *dealerSocket) Send(m *msg.Msg) error { return s.lb.send(m) }
func (s *dealerSocket) Recv(m *msg.Msg) error { return s.fq.recv(m) }
func (s *dealerSocket) HasIn() bool           { return s.fq.hasIn() }
func (s *dealerSocket) HasOut() bool          { return s.lb.hasOut() }
