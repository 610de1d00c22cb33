package pipe

import (
	"sync/atomic"

	"github.com/zreactor/zmq/object"
)

// EventSink is the owner of a pipe end (a socket or a session), told about the pipe's events on
// the pipe's home thread. libzmq's i_pipe_events.
type EventSink interface {
	// ReadActivated: the pipe has messages again after a Read or CheckRead found none.
	ReadActivated(p *Pipe)
	// WriteActivated: the pipe accepts messages again after Write or CheckWrite hit the HWM.
	WriteActivated(p *Pipe)
	// Hiccuped: the reader replaced its queue; unread messages towards it were dropped.
	Hiccuped(p *Pipe)
	// PipeTerminated: both ends agreed to terminate; drop every reference to p. Called once.
	PipeTerminated(p *Pipe)
}

// Parent is the object a pipe end belongs to; the end lives on the parent's home thread.
type Parent interface {
	ThreadID() int
}

// Pipe is one end of a pipe pair (libzmq's pipe_t): it reads its inbound queue, writes its
// peer's inbound queue, and talks to the peer with commands. All methods except ThreadID must
// be called on the pipe's home thread.
type Pipe struct {
	object.Object
	tid atomic.Int64 // home thread; atomic because the peer reads it to address commands

	inQ  *msgQueue // messages from the peer; nil once this end is finished with it
	outQ *msgQueue // the peer's inbound queue; nil once the peer may drop it
	peer *Pipe
	sink EventSink

	inActive  bool // false after a read found nothing, until activate_read
	outActive bool // false after a write hit the HWM, until activate_write

	hwm         int // outbound high water mark in messages, 0 = unlimited
	lwm         int // send activate_write every lwm messages read, 0 = never
	inHWMBoost  int // inproc: peer's HWM added to ours; -1 = not set
	outHWMBoost int
	conflate    bool // the inbound queue conflates (HWM has no meaning then)
	outConflate bool // the outbound queue conflates

	msgsRead      uint64 // complete messages read from inQ
	unreported    int    // messages read since the last activate_write
	msgsWritten   uint64 // complete messages written to outQ
	peersMsgsRead uint64 // the peer's msgsRead, as last reported by activate_write

	// The byte limit (SetOutByteLimit): body bytes of complete messages, counted like the
	// messages. Frames of a message in progress are added when its last frame is.
	byteLimit      uint64 // outbound: bytes written that the peer has not read; 0 = none
	keepTenth      bool   // outbound: the byte limit lets a tenth of the HWM through
	byteReport     uint64 // inbound: report after this many bytes read; 0 = never
	bytesWritten   uint64
	peersBytesRead uint64
	bytesRead      uint64
	unreportedB    uint64 // bytes read since the last activate_write
	partW, partR   uint64 // bytes of the message in progress, writer's and reader's side

	state      state
	delay      bool // on termination, read pending inbound messages before acking
	wroteDelim bool // this end's delimiter is in outQ (must follow a hiccup)
	routingID  []byte
	serverRID  uint32
	id         uint32

	// For statistics (pipe_stats.go), owned like the counts above.
	dropped  uint64 // messages the owner dropped because this end was full (CountDropped)
	endpoint string // the Bind or Connect endpoint the pipe serves
	remote   string // the peer's address, when the pipe's connection was accepted

	// Data is free for the owning socket or session (fair-queue index, subscription state, ...).
	Data any
}

// NewPair creates two connected pipe ends. End i lives on parents[i]'s thread; hwms[i] limits
// the messages end i may have written that end 1-i has not read yet (0 = unlimited), and end
// 1-i reports progress every (hwms[i]+1)/2 messages; conflate[i] makes end i's inbound queue
// keep only the newest message, in which case the HWM towards it is ignored.
//
// Each end starts with its reader awake: its owner must try to read it once (as sockets do on
// attach) before it can expect ReadActivated.
func NewPair(parents [2]Parent, router object.Router, hwms [2]int, conflate [2]bool) [2]*Pipe {
	queues := [2]*msgQueue{newQueue(conflate[0]), newQueue(conflate[1])}
	var p [2]*Pipe
	for i := range p {
		p[i] = &Pipe{
			inQ: queues[i], outQ: queues[1-i],
			inActive: true, outActive: true, delay: true, state: active,
			inHWMBoost: -1, outHWMBoost: -1,
			conflate: conflate[i], outConflate: conflate[1-i],
		}
		p[i].Init(router, parents[i].ThreadID())
		p[i].tid.Store(int64(parents[i].ThreadID()))
	}
	p[0].peer, p[1].peer = p[1], p[0]
	p[0].SetHWMs(hwms[1], hwms[0])
	p[1].SetHWMs(hwms[0], hwms[1])
	return p
}

// ThreadID is the slot of the pipe's home thread; safe from any thread.
func (p *Pipe) ThreadID() int { return int(p.tid.Load()) }

// SetThreadID moves the pipe to another home thread (inproc bind-after-connect). The caller
// must make sure no command is in flight to the old thread.
func (p *Pipe) SetThreadID(tid int) { p.tid.Store(int64(tid)) }

// SetEventSink sets the owner told about this end's events.
func (p *Pipe) SetEventSink(s EventSink) { p.sink = s }

// SetNoDelay makes a termination requested by the peer drop unread inbound messages instead of
// waiting for the owner to read them (for owners that never read, like PUSH).
func (p *Pipe) SetNoDelay() { p.delay = false }

// SetRoutingID stores the peer's routing id (ROUTER); the bytes are copied.
func (p *Pipe) SetRoutingID(id []byte) { p.routingID = append(p.routingID[:0], id...) }

// RoutingID is the routing id stored with SetRoutingID, owned by the pipe.
func (p *Pipe) RoutingID() []byte { return p.routingID }

// SetServerSocketRoutingID stores the id a SERVER socket assigned to this pipe.
func (p *Pipe) SetServerSocketRoutingID(id uint32) { p.serverRID = id }

// ServerSocketRoutingID is the id stored with SetServerSocketRoutingID.
func (p *Pipe) ServerSocketRoutingID() uint32 { return p.serverRID }

// SetID stores the integer id a ROUTER-like socket stamps on messages from this pipe.
func (p *Pipe) SetID(id uint32) { p.id = id }

// ID is the integer id stored with SetID.
func (p *Pipe) ID() uint32 { return p.id }

// ProcessCommand handles the peer's commands on the pipe's home thread.
func (p *Pipe) ProcessCommand(c *object.Command) {
	switch c.Kind {
	case object.ActivateRead:
		p.processActivateRead()
	case object.ActivateWrite:
		p.processActivateWrite(uint64(c.N), uint64(c.M))
	case object.Hiccup:
		p.processHiccup(c.Obj.(*msgQueue))
	case object.PipeTerm:
		p.processPipeTerm()
	case object.PipeTermAck:
		p.processPipeTermAck()
	case object.PipeHWM:
		p.SetHWMs(int(c.N), int(c.M))
	default:
		panic("pipe: unexpected command " + c.Kind.String())
	}
}
