package own

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/zreactor/zmq/object"
)

// Owned is implemented by every object that takes part in the ownership tree. The concrete type
// embeds Own and routes the commands it does not handle itself to Own.ProcessCommand.
type Owned interface {
	object.Counted
	// OwnBase returns the embedded Own.
	OwnBase() *Own
}

// Hooks are the concrete object's reactions to tree events. Each is optional.
type Hooks interface {
	// Plugged runs when the object starts on its home thread (libzmq's process_plug).
	Plugged()
	// Destroyed runs once termination is complete (libzmq's process_destroy): release resources.
	Destroyed()
}

// Own is the embeddable ownership state.
type Own struct {
	object.Object
	self         Owned
	hooks        Hooks
	owner        object.Sink
	owned        map[object.Sink]struct{}
	sentSeq      atomic.Uint64 // counted commands (object.Counted) sent to this object, from any thread
	processedSeq uint64        // of those, how many were processed here
	termAcks     int           // acknowledgements still expected
	terminating  bool
	destroyed    bool
	linger       time.Duration // linger passed to children when this object is the root of a teardown
}

// Init prepares o; self is the concrete object that embeds o, hooks its reactions (may be nil).
func (o *Own) Init(r object.Router, tid int, self Owned, hooks Hooks) {
	o.Object.Init(r, tid)
	o.self, o.hooks = self, hooks
	o.owned = make(map[object.Sink]struct{})
	o.linger = -1
}

// OwnBase returns o; it lets concrete types satisfy Owned through embedding.
func (o *Own) OwnBase() *Own { return o }

// SetLinger sets the linger this object hands to its children when it starts a teardown.
func (o *Own) SetLinger(d time.Duration) { o.linger = d }

// Linger returns the linger set with SetLinger.
func (o *Own) Linger() time.Duration { return o.linger }

// Owner is the object that owns o, or nil for a root.
func (o *Own) Owner() object.Sink { return o.owner }

// IsTerminating reports whether o has started its termination.
func (o *Own) IsTerminating() bool { return o.terminating }

// IncSeqnum counts a command about to be sent to o (object.Counted). Any thread may call it.
func (o *Own) IncSeqnum() { o.sentSeq.Add(1) }

// LaunchChild makes child o's child and plugs it on its home thread.
func (o *Own) LaunchChild(child Owned) {
	cb := child.OwnBase()
	if cb.owner != nil {
		panic("own: child already has an owner")
	}
	cb.owner = o.self
	o.SendPlug(child)
	o.SendOwn(o.self, child)
}

// TermChild asks child to terminate, as if it had asked itself.
func (o *Own) TermChild(child object.Sink) { o.processTermReq(child) }

// Terminate starts o's teardown: a root terminates itself with its own linger, a child asks its
// owner to terminate it.
func (o *Own) Terminate() {
	if o.terminating {
		return
	}
	if o.owner == nil {
		o.ProcessTerm(o.linger)
		return
	}
	o.SendTermReq(o.owner, o.self)
}

// RegisterTermAcks adds n to the acknowledgements o waits for before it may finish.
func (o *Own) RegisterTermAcks(n int) { o.termAcks += n }

// UnregisterTermAck records one acknowledgement.
func (o *Own) UnregisterTermAck() {
	if o.termAcks <= 0 {
		panic("own: term ack without a registered wait")
	}
	o.termAcks--
	o.checkTermAcks()
}

// ProcessCommand handles the commands of the ownership protocol; concrete types pass on to it
// the commands they do not handle themselves.
func (o *Own) ProcessCommand(c *object.Command) {
	switch c.Kind {
	case object.Plug:
		if h := o.hooks; h != nil {
			h.Plugged()
		}
		o.ProcessSeqnum()
	case object.Own:
		o.processOwn(c.Obj.(object.Sink))
		o.ProcessSeqnum()
	case object.TermReq:
		o.processTermReq(c.Obj.(object.Sink))
	case object.Term:
		o.ProcessTerm(time.Duration(c.N))
	case object.TermAck:
		o.UnregisterTermAck()
	default:
		panic(fmt.Sprintf("own: %T cannot process %v", o.self, c.Kind))
	}
}

// ProcessTerm terminates every child with the given linger and finishes o once they are gone.
// Concrete types that must do work first (a session flushing its pipe) handle the Term command
// themselves and call ProcessTerm when done.
func (o *Own) ProcessTerm(linger time.Duration) {
	if o.terminating {
		panic("own: double termination")
	}
	for child := range o.owned {
		o.SendTerm(child, linger)
	}
	o.RegisterTermAcks(len(o.owned))
	clear(o.owned)
	o.terminating = true
	o.checkTermAcks()
}

// ProcessSeqnum records that one counted command (plug, own, bind, inproc_connected) was
// processed; concrete types call it after handling such a command themselves.
func (o *Own) ProcessSeqnum() {
	o.processedSeq++
	o.checkTermAcks()
}

func (o *Own) processOwn(child object.Sink) {
	// A child launched while we are already going down is told to go at once, with no linger.
	if o.terminating {
		o.RegisterTermAcks(1)
		o.SendTerm(child, 0)
		return
	}
	o.owned[child] = struct{}{}
}

func (o *Own) processTermReq(child object.Sink) {
	if o.terminating {
		return // the child was already told to terminate
	}
	if _, ok := o.owned[child]; !ok {
		return // already asked
	}
	delete(o.owned, child)
	o.RegisterTermAcks(1)
	// This object is the root of a partial teardown, so its linger applies.
	o.SendTerm(child, o.linger)
}

func (o *Own) checkTermAcks() {
	if !o.terminating || o.processedSeq != o.sentSeq.Load() || o.termAcks != 0 {
		return
	}
	if o.destroyed {
		panic("own: object finished twice")
	}
	o.destroyed = true
	if o.owner != nil {
		o.SendTermAck(o.owner)
	}
	if h := o.hooks; h != nil {
		h.Destroyed()
	}
}
