package zmq

import (
	"time"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/mailbox"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/pipe"
	"github.com/zreactor/zmq/poller"
	"github.com/zreactor/zmq/socket"
)

// Socket is a ZeroMQ socket: libzmq's socket_base_t. It must be used by one goroutine at a time.
// It lives on its own mailbox slot: commands for it and for its pipe ends are processed on the
// calling goroutine during Send, Recv and the other methods, and by the reaper after Close.
type Socket struct {
	own.Own
	ctx  *Context
	mb   *mailbox.Mailbox[object.Command]
	opts options.Options
	impl socket.Impl

	pipes        []*pipe.Pipe
	endpoints    map[string][]endpointRef // endpoint -> what Bind/Connect made for it
	lastEndpoint string
	monitor      *monitor // raised on I/O threads; safe for concurrent use

	rcvMore       bool // the last frame received had More set
	lastPooled    bool // the last frame received had a pooled body (RecvMsg hands that to Msg.Free)
	ctxTerminated bool // the context is closing: calls answer ErrTerminated
	closed        bool // Close was called
	destroyed     bool // teardown finished; the reaper may release it
	reaping       *reapedSocket
	parked        []*pipe.Pipe   // far ends of inproc connections nobody bound, dropped by Close
	cmd           object.Command // the command being processed; a field so it does not escape

	scratch   msg.Msg   // frame being sent or received, reused so the hot path does not allocate
	recvArena msg.Arena // small received frames are copied here for the caller
	sendArena msg.Arena // bodies of frames to send are carved here while their pool is empty
}

// endpointRef is what one Bind or Connect created: an owned object (listener or session), a
// pipe (inproc, or a connecting session's pipe), or both.
type endpointRef struct {
	child object.Sink
	pipe  *pipe.Pipe
}

func newSocket(c *Context, t SocketType) (*Socket, error) {
	st := options.Type(t)
	if !st.Valid() {
		return nil, zerr.With(zerr.ErrInvalid, "socket type %d", int(t))
	}
	mb, err := mailbox.New[object.Command]()
	if err != nil {
		return nil, err
	}
	s := &Socket{ctx: c, mb: mb, opts: options.Defaults(st), endpoints: make(map[string][]endpointRef),
		monitor: &monitor{}}
	if !c.cfg.blocky {
		s.opts.Linger = 0
	}
	s.opts.IPv6 = c.cfg.ipv6
	if s.impl, err = socket.New(st, &s.opts); err != nil {
		mb.Close()
		return nil, err
	}
	s.Init(c, c.allocSlot(mb), s, s)
	return s, nil
}

// Type returns the socket's type.
func (s *Socket) Type() SocketType { return SocketType(s.opts.Type) }

// String describes the socket for logs.
func (s *Socket) String() string { return "zmq." + s.Type().String() + " socket" }

// check is the entry test of every public method: closed sockets and a closing context.
func (s *Socket) check() error {
	if s.closed {
		return ErrNotSocket
	}
	if s.ctxTerminated {
		return ErrTerminated
	}
	return nil
}

// Close is zmq_close: the socket is handed to the reaper, which terminates its pipes and
// endpoints; pending outbound messages are still sent for up to the socket's Linger. Close
// returns at once; Context.Close waits for lingering sockets.
func (s *Socket) Close() error {
	if s.closed {
		return ErrNotSocket
	}
	s.closed = true
	s.SetLinger(s.opts.Linger) // own.Own's linger: handed down to sessions
	s.parked = s.ctx.inproc.unregisterAll(s)
	// Reap is queued before socketClosed can stop the reaper when this is the last socket.
	s.SendReap(s.ctx.reaper, s)
	s.ctx.socketClosed(s)
	return nil
}

// stop is called by Context.Close from another goroutine: the Stop command is processed by the
// socket's goroutine, which then answers ErrTerminated.
func (s *Socket) stop() {
	s.ctx.SendCommand(s.ThreadID(), object.Command{Dest: s, Kind: object.Stop})
}

// ProcessCommand handles commands addressed to the socket itself.
func (s *Socket) ProcessCommand(c *object.Command) {
	switch c.Kind {
	case object.Stop:
		s.ctxTerminated = true
	case object.Bind:
		s.attachPipe(c.Obj.(*pipe.Pipe), false, false)
		s.ProcessSeqnum()
	case object.InprocConnected:
		s.ProcessSeqnum()
	case object.TermEndpoint:
		s.termEndpoint(c.Str)
	case object.Plug:
		// sockets are not plugged; commands of the ownership protocol go below
	default:
		s.Own.ProcessCommand(c)
	}
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
	p.SetEventSink(s)
	s.pipes = append(s.pipes, p)
	s.impl.AttachPipe(p, subscribeToAll, locallyInitiated)
	// A pipe that arrives while the socket is going down is terminated at once.
	if s.IsTerminating() {
		s.RegisterTermAcks(1)
		p.Terminate(false)
	}
}

// ReadActivated implements pipe.EventSink.
func (s *Socket) ReadActivated(p *pipe.Pipe) { s.impl.ReadActivated(p) }

// WriteActivated implements pipe.EventSink.
func (s *Socket) WriteActivated(p *pipe.Pipe) { s.impl.WriteActivated(p) }

// Hiccuped implements pipe.EventSink.
func (s *Socket) Hiccuped(p *pipe.Pipe) { s.impl.Hiccuped(p) }

// PipeTerminated implements pipe.EventSink: the pipe is gone from both ends.
func (s *Socket) PipeTerminated(p *pipe.Pipe) {
	s.impl.PipeTerminated(p)
	for i, q := range s.pipes {
		if q == p {
			last := len(s.pipes) - 1
			s.pipes[i], s.pipes[last] = s.pipes[last], nil
			s.pipes = s.pipes[:last]
			break
		}
	}
	s.forgetPipeEndpoint(p)
	if s.IsTerminating() {
		s.UnregisterTermAck()
	}
}

// processTerm is socket_base_t::process_term: no new inproc peers, every pipe told to end, then
// the children (listeners, sessions) with the linger.
func (s *Socket) processTerm(linger time.Duration) {
	// Connections parked for a binder that never came end here: each had counted a seqnum
	// that no inproc_connected will balance, and its far end terminates on our thread.
	for _, far := range s.parked {
		s.ProcessSeqnum()
		far.Terminate(false)
	}
	s.parked = nil
	for _, p := range s.pipes {
		p.Terminate(false)
	}
	s.RegisterTermAcks(len(s.pipes))
	s.Own.ProcessTerm(linger)
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
	s.processTerm(s.Linger())
	rs.InEvent()
}

// Plugged implements own.Hooks; sockets are never plugged.
func (s *Socket) Plugged() {}

// Destroyed implements own.Hooks: the teardown is complete.
// The monitor stops only now, as in libzmq, so the teardown's own events (DISCONNECTED,
// CLOSED) are still reported before MONITOR_STOPPED.
func (s *Socket) Destroyed() {
	s.destroyed = true
	s.monitor.stop()
}

// release frees the socket's mailbox and slot once the reaper is done with it.
func (s *Socket) release() {
	s.ctx.freeSlot(s.ThreadID())
	s.mb.Close()
}
