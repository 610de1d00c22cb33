package socket

import (
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// Impl is one socket type's behaviour: libzmq's socket_base_t virtual functions (xsend, xrecv,
// xattach_pipe, ...). The root package's Socket owns the pipes' lifecycle, blocking, mailbox and
// endpoints, and calls these hooks on the socket's own goroutine only.
type Impl interface {
	// AttachPipe adds a new pipe. subscribeToAll is set for pipes from ZMTP 1.0 peers of PUB
	// and XPUB; locallyInitiated is true for pipes created by this socket's Connect.
	AttachPipe(p *pipe.Pipe, subscribeToAll, locallyInitiated bool)
	// Send routes one frame. On success the socket type has taken m's content and m is reset.
	// It returns zerr.ErrAgain when the frame cannot be routed now (the base may block and
	// retry), or another error (ErrFSM, ErrHostUnreachable, ErrNotSupported) which the base returns.
	Send(m *msg.Msg) error
	// Recv fills m with the next frame, or returns zerr.ErrAgain.
	Recv(m *msg.Msg) error
	// HasIn reports whether Recv would succeed now.
	HasIn() bool
	// HasOut reports whether Send would succeed now.
	HasOut() bool
	// ReadActivated is called when a pipe that had nothing to read has messages again.
	ReadActivated(p *pipe.Pipe)
	// WriteActivated is called when a pipe that was full accepts messages again.
	WriteActivated(p *pipe.Pipe)
	// Hiccuped is called when the peer end of p reconnected (SUB resends its subscriptions).
	Hiccuped(p *pipe.Pipe)
	// PipeTerminated is called once when p is gone; the socket type must forget it.
	PipeTerminated(p *pipe.Pipe)
}

// OptionSetter is implemented by socket types with options of their own (SUBSCRIBE, ROUTER_MANDATORY...).
// SetOption returns handled=false for options it does not know, so the base can answer EINVAL.
type OptionSetter interface {
	SetOption(opt Option, val []byte) (handled bool, err error)
}

// Option names a type-specific option passed to OptionSetter.
type Option int

// Type-specific options.
const (
	Subscribe Option = iota + 1
	Unsubscribe
)

// New returns the behaviour for socket type t. opts is the owning socket's live option set:
// the implementation reads it on every call, so later changes (ROUTER_MANDATORY, ...) apply.
func New(t options.Type, opts *options.Options) (Impl, error) { return newImpl(t, opts) }
