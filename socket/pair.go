package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/pipe"
)

// pairSocket is PAIR (libzmq pair_t, RFC 31): exactly one peer. Further pipes are terminated
// at once, so a second connection is refused.
type pairSocket struct {
	noHiccup
	p *pipe.Pipe
}

func (s *pairSocket) AttachPipe(p *pipe.Pipe, _, _ bool) {
	if s.p == nil {
		s.p = p
		return
	}
	p.Terminate(false)
}

func (s *pairSocket) PipeTerminated(p *pipe.Pipe) {
	if p == s.p {
		s.p = nil
	}
}

func (s *pairSocket) ReadActivated(*pipe.Pipe)  {}
func (s *pairSocket) WriteActivated(*pipe.Pipe) {}

func (s *pairSocket) Send(m *msg.Msg) error {
	if s.p == nil || !s.p.Write(m) {
		return zerr.ErrAgain
	}
	if !m.More() {
		s.p.Flush()
	}
	m.Reset()
	return nil
}

func (s *pairSocket) Recv(m *msg.Msg) error {
	if s.p == nil || !s.p.Read(m) {
		m.Reset()
		return zerr.ErrAgain
	}
	return nil
}

func (s *pairSocket) HasIn() bool  { return s.p != nil && s.p.CheckRead() }
func (s *pairSocket) HasOut() bool { return s.p != nil && s.p.CheckWrite() }
