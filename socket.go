package zmq

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/mailbox"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/pipe"
	"github.com/zreactor/zmq/socket"
)

// Socket is a ZeroMQ socket: libzmq's socket_base_t. It must be used by one goroutine at a time.
// It lives on its own mailbox slot: commands for it and for its pipe ends are processed on the
// calling goroutine during Send, Recv and the other methods, and by the reaper after Close.
type Socket struct {
	guard useGuard // catches a second goroutine; lets Close come from one (guard.go)
	own   own.Own  // socket_base_t's own_t part; its methods stay off Socket (socket_core.go)
	ctx   *Context
	mb    *mailbox.Mailbox[object.Command]
	opts  options.Options
	impl  socket.Impl

	pipes        []*pipe.Pipe
	endpoints    map[string][]endpointRef // endpoint -> what Bind/Connect made for it
	lastEndpoint string
	monitor      *monitor // raised on I/O threads; safe for concurrent use
	id           uint64   // the socket's number in its context, for statistics and logs

	retired    pipe.Counts  // totals of the pipes that are gone (stats.go)
	finalStats *SocketStats // the statistics at Close; what Stats returns afterwards

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
	if c.cfg.waits == waitsScheduler {
		mb.Park()
	}
	s := &Socket{ctx: c, mb: mb, opts: options.Defaults(st), endpoints: make(map[string][]endpointRef),
		id: c.lastSocketID.Add(1)}
	s.monitor = &monitor{logger: c.cfg.logger, socket: s.label()}
	if !c.cfg.blocky {
		s.opts.Linger = 0
	}
	s.opts.IPv6 = c.cfg.ipv6
	if s.impl, err = socket.New(st, &s.opts); err != nil {
		mb.Close()
		return nil, err
	}
	s.own.Init(c.router(), c.allocSlot(mb), s.core(), s.core())
	s.own.SetLinger(s.opts.Linger)
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
//
// Close may be called from another goroutine while the owner is blocked in a call on the
// socket, as with net.Conn: that call returns ErrNotSocket first.
func (s *Socket) Close() error {
	if s.guard.closing.Swap(true) {
		return ErrNotSocket
	}
	s.takeForClose()
	defer s.exit()
	final := s.snapshot()
	s.finalStats = &final
	s.closed = true
	s.parked = s.ctx.inproc.unregisterAll(s)
	s.ctx.closeSocket(s)
	return nil
}

// stop is called by Context.Close from another goroutine, while the socket is still in the
// context's set (so its slot is live): the Stop command is processed by the socket's
// goroutine, which then answers ErrTerminated.
func (s *Socket) stop() {
	s.ctx.sendCommand(s.own.ThreadID(), object.Command{Dest: s.core(), Kind: object.Stop})
}
