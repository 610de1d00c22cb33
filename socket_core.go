package zmq

import (
	"time"

	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/pipe"
	"github.com/zreactor/zmq/poller"
)

// socketCore is the socket as the machinery sees it: a node of the ownership tree, the
// destination of commands and the sink of its pipes' events (libzmq's socket_base_t below its
// public calls). It is a conversion of Socket, so handing it out allocates nothing, and its
// exported methods, which the interfaces of the lower packages require, never show on Socket.
type socketCore Socket

// core returns s as the machinery sees it.
func (s *Socket) core() *socketCore { return (*socketCore)(s) }

func (c *socketCore) sock() *Socket { return (*Socket)(c) }

// ThreadID implements object.Sink: the socket's mailbox slot.
func (c *socketCore) ThreadID() int { return c.own.ThreadID() }

// IncSeqnum implements object.Counted: a plug, own or bind command is on its way here.
func (c *socketCore) IncSeqnum() { c.own.IncSeqnum() }

// OwnBase implements own.Owned.
func (c *socketCore) OwnBase() *own.Own { return &c.own }

// ProcessCommand implements object.Sink for commands addressed to the socket itself.
func (c *socketCore) ProcessCommand(cmd *object.Command) {
	s := c.sock()
	switch cmd.Kind {
	case object.Stop:
		s.ctxTerminated = true
	case object.Bind:
		s.attachPipe(cmd.Obj.(*pipe.Pipe), false, false)
		s.own.ProcessSeqnum()
	case object.InprocConnected:
		s.own.ProcessSeqnum()
	case object.TermEndpoint:
		s.termEndpoint(cmd.Str)
	case object.Plug:
		// sockets are not plugged; commands of the ownership protocol go below
	default:
		s.own.ProcessCommand(cmd)
	}
}

// ReadActivated implements pipe.EventSink.
func (c *socketCore) ReadActivated(p *pipe.Pipe) { c.impl.ReadActivated(p) }

// WriteActivated implements pipe.EventSink.
func (c *socketCore) WriteActivated(p *pipe.Pipe) { c.impl.WriteActivated(p) }

// Hiccuped implements pipe.EventSink.
func (c *socketCore) Hiccuped(p *pipe.Pipe) { c.impl.Hiccuped(p) }

// PipeTerminated implements pipe.EventSink: the pipe is gone from both ends.
func (c *socketCore) PipeTerminated(p *pipe.Pipe) {
	s := c.sock()
	s.impl.PipeTerminated(p)
	s.retire(p)
	for i, q := range s.pipes {
		if q == p {
			last := len(s.pipes) - 1
			s.pipes[i], s.pipes[last] = s.pipes[last], nil
			s.pipes = s.pipes[:last]
			break
		}
	}
	s.forgetPipeEndpoint(p)
	if s.own.IsTerminating() {
		s.own.UnregisterTermAck()
	}
}

// Plugged implements own.Hooks; sockets are never plugged.
func (c *socketCore) Plugged() {}

// Destroyed implements own.Hooks: the teardown is complete.
// The monitor stops only now, as in libzmq, so the teardown's own events (DISCONNECTED,
// CLOSED) are still reported before MONITOR_STOPPED.
func (c *socketCore) Destroyed() {
	c.destroyed = true
	c.monitor.stop()
}

// processCommands handles what is in the mailbox, first waiting up to timeout for a command
// (0: do not wait). It returns ErrTerminated once the context is closing.
func (s *Socket) processCommands(timeout time.Duration) error {
	if timeout != 0 {
		c, err := s.mb.Recv(timeout)
		if err == nil {
			s.cmd = c
			c.Dest.ProcessCommand(&s.cmd)
			s.cmd = object.Command{}
		}
	}
	if s.mb.Pending() {
		s.drainCommands(false)
	}
	if s.ctxTerminated {
		return ErrTerminated
	}
	return nil
}

// drainCommands processes every queued command. The application side takes them with
// TryRecvAwake: it polls its mailbox on every call and marks itself asleep only when it blocks
// (in Recv), so I/O threads write its eventfd only when it really waits. The reaper takes them
// with TryRecv, which marks it asleep for its poller.
func (s *Socket) drainCommands(markAsleep bool) {
	for {
		var c object.Command
		var ok bool
		if markAsleep {
			c, ok = s.mb.TryRecv()
		} else {
			c, ok = s.mb.TryRecvAwake()
		}
		if !ok {
			return
		}
		s.cmd = c
		c.Dest.ProcessCommand(&s.cmd)
		s.cmd = object.Command{}
	}
}

// attachPipe adds a pipe to the socket and to its type's routing.
func (s *Socket) attachPipe(p *pipe.Pipe, subscribeToAll, locallyInitiated bool) {
	p.SetEventSink(s.core())
	s.pipes = append(s.pipes, p)
	s.impl.AttachPipe(p, subscribeToAll, locallyInitiated)
	// A pipe that arrives while the socket is going down is terminated at once.
	if s.own.IsTerminating() {
		s.own.RegisterTermAcks(1)
		p.Terminate(false)
	}
}

// processTerm is socket_base_t::process_term: no new inproc peers, every pipe told to end, then
// the children (listeners, sessions) with the linger.
func (s *Socket) processTerm(linger time.Duration) {
	// Connections parked for a binder that never came end here: each had counted a seqnum
	// that no inproc_connected will balance, and its far end terminates on our thread.
	for _, far := range s.parked {
		s.own.ProcessSeqnum()
		far.Terminate(false)
	}
	s.parked = nil
	for _, p := range s.pipes {
		p.Terminate(false)
	}
	s.own.RegisterTermAcks(len(s.pipes))
	s.own.ProcessTerm(linger)
}

// startReaping runs on the reaper thread: the reaper polls the socket's mailbox from now on.
func (s *Socket) startReaping(p *poller.Poller, r *reaper) {
	rs := &reapedSocket{s: s, r: r, p: p}
	s.reaping = rs
	h, err := p.AddFd(s.mb.Fd(), rs)
	if err != nil {
		panic("zmq: reaper cannot poll a socket mailbox: " + err.Error())
	}
	rs.handle = h
	p.SetPollIn(h)
	s.processTerm(s.opts.Linger)
	rs.InEvent()
}

// release frees the socket's mailbox and slot once the reaper is done with it.
func (s *Socket) release() {
	s.ctx.freeSlot(s.own.ThreadID())
	s.mb.Close()
}
