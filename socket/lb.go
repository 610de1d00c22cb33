package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/pipe"
)

// lb is the load balancer behind PUSH, DEALER and REQ (libzmq's lb_t): round robin over the
// pipes that accept messages, keeping every frame of a message on the pipe its first frame took.
//
// pipes[:active] are the pipes believed writable; a pipe that refuses a write moves behind them
// until WriteActivated brings it back.
type lb struct {
	pipes    pipeArray
	active   int
	current  int
	more     bool // a message is half written to pipes[current]
	dropping bool // its pipe died mid-message: swallow frames up to the last one
}

func newLB() lb { return lb{pipes: pipeArray{s: slotLB}} }

func (l *lb) attach(p *pipe.Pipe) {
	l.pipes.push(p)
	l.activated(p)
}

func (l *lb) pipeTerminated(p *pipe.Pipe) {
	i := l.pipes.index(p)
	// The rest of a message whose first frames went to p cannot go anywhere else.
	if i == l.current && l.more {
		l.dropping = true
	}
	if i < l.active {
		l.active--
		l.pipes.swap(i, l.active)
		if l.current == l.active {
			l.current = 0
		}
	}
	l.pipes.erase(p)
}

func (l *lb) activated(p *pipe.Pipe) {
	l.pipes.swap(l.pipes.index(p), l.active)
	l.active++
}

// deactivateCurrent moves pipes[current] out of the active prefix.
func (l *lb) deactivateCurrent() {
	l.active--
	if l.current < l.active {
		l.pipes.swap(l.current, l.active)
	} else {
		l.current = 0
	}
}

// send writes m to the next pipe; see sendPipe.
func (l *lb) send(m *msg.Msg) error {
	_, err := l.sendPipe(m)
	return err
}

// sendPipe writes m to the current pipe and returns that pipe (nil while dropping). It returns
// zerr.ErrAgain when no pipe accepts messages, and ErrAgainDropped when a pipe refused a frame
// in the middle of a message (it is terminating): the rest of that message is then dropped.
func (l *lb) sendPipe(m *msg.Msg) (*pipe.Pipe, error) {
	if l.dropping {
		l.more = m.More()
		l.dropping = l.more
		m.Reset()
		return nil, nil
	}
	for l.active > 0 {
		if l.pipes.pipes[l.current].Write(m) {
			break
		}
		if l.more {
			l.pipes.pipes[l.current].Rollback()
			l.dropping = m.More()
			l.more = false
			return nil, ErrAgainDropped
		}
		l.deactivateCurrent()
	}
	if l.active == 0 {
		return nil, zerr.ErrAgain
	}
	p := l.pipes.pipes[l.current]
	l.more = m.More()
	if !l.more {
		p.Flush()
		l.current++
		if l.current >= l.active {
			l.current = 0
		}
	}
	m.Reset()
	return p, nil
}

// hasOut reports whether some pipe accepts a message now.
func (l *lb) hasOut() bool {
	if l.more {
		return true
	}
	for l.active > 0 {
		if l.pipes.pipes[l.current].CheckWrite() {
			return true
		}
		l.active--
		l.pipes.swap(l.current, l.active)
		if l.current == l.active {
			l.current = 0
		}
	}
	return false
}
