package zmq

import "github.com/zreactor/zmq/options"

// SocketType is a socket type, numbered as in zmq.h.
type SocketType int

// The socket types.
const (
	PAIR   = SocketType(options.PAIR)
	PUB    = SocketType(options.PUB)
	SUB    = SocketType(options.SUB)
	REQ    = SocketType(options.REQ)
	REP    = SocketType(options.REP)
	DEALER = SocketType(options.DEALER)
	ROUTER = SocketType(options.ROUTER)
	PULL   = SocketType(options.PULL)
	PUSH   = SocketType(options.PUSH)
	XPUB   = SocketType(options.XPUB)
	XSUB   = SocketType(options.XSUB)
	STREAM = SocketType(options.STREAM)
)

func (t SocketType) String() string { return options.Type(t).String() }

// Flag modifies Send and Recv, with the values of ZMQ_DONTWAIT and ZMQ_SNDMORE.
type Flag int

const (
	// DontWait makes a call return ErrAgain instead of blocking.
	DontWait Flag = 1
	// SndMore marks a frame as followed by more frames of the same message.
	SndMore Flag = 2
)
