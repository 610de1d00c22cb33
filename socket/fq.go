package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/pipe"
)

// fq is the fair queue behind PULL, DEALER, ROUTER, SUB and friends (libzmq's fq_t): round robin
// over the pipes that have messages, reading every frame of a message from the pipe that gave
// its first frame.
//
// pipes[:active] are the pipes believed readable; a pipe found empty moves behind them until
// ReadActivated brings it back.
type fq struct {
	pipes   pipeArray
	active  int
	current int
	more    bool       // a message is half read from pipes[current]
	lastIn  *pipe.Pipe // pipe the last complete message came from (metadata, XPUB manual)
}

func newFQ() fq { return fq{pipes: pipeArray{s: slotFQ}} }

func (f *fq) attach(p *pipe.Pipe) {
	f.pipes.push(p)
	f.pipes.swap(f.active, f.pipes.size()-1)
	f.active++
}

func (f *fq) pipeTerminated(p *pipe.Pipe) {
	i := f.pipes.index(p)
	if i < f.active {
		f.active--
		f.pipes.swap(i, f.active)
		if f.current == f.active {
			f.current = 0
		}
	}
	f.pipes.erase(p)
	if f.lastIn == p {
		f.lastIn = nil
	}
}

func (f *fq) activated(p *pipe.Pipe) {
	f.pipes.swap(f.pipes.index(p), f.active)
	f.active++
}

// deactivateCurrent moves pipes[current] out of the active prefix; the pipe swapped in takes
// its turn, so current need not advance.
func (f *fq) deactivateCurrent() {
	f.active--
	f.pipes.swap(f.current, f.active)
	if f.current == f.active {
		f.current = 0
	}
}

func (f *fq) recv(m *msg.Msg) error {
	_, err := f.recvPipe(m)
	return err
}

// recvPipe reads the next frame into m and returns the pipe it came from, or zerr.ErrAgain.
func (f *fq) recvPipe(m *msg.Msg) (*pipe.Pipe, error) {
	for f.active > 0 {
		p := f.pipes.pipes[f.current]
		if p.Read(m) {
			f.more = m.More()
			if !f.more {
				f.lastIn = p
				f.current = (f.current + 1) % f.active
			}
			return p, nil
		}
		// The frames of a message are flushed together, so a half-read message cannot run dry
		// unless the pipe is being torn down; then the reader just moves on.
		f.more = false
		f.deactivateCurrent()
	}
	m.Reset()
	return nil, zerr.ErrAgain
}

// hasIn reports whether a frame can be read now.
func (f *fq) hasIn() bool {
	if f.more {
		return true
	}
	for f.active > 0 {
		if f.pipes.pipes[f.current].CheckRead() {
			return true
		}
		f.deactivateCurrent()
	}
	return false
}
