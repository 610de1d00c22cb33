package zmq

import "github.com/zreactor/zmq/socket"

// SocketType is a socket type, numbered as in zmq.h.
type SocketType int

// The socket types.
const (
	PAIR   = SocketType(socket.PAIR)
	PUB    = SocketType(socket.PUB)
	SUB    = SocketType(socket.SUB)
	REQ    = SocketType(socket.REQ)
	REP    = SocketType(socket.REP)
	DEALER = SocketType(socket.DEALER)
	ROUTER = SocketType(socket.ROUTER)
	PULL   = SocketType(socket.PULL)
	PUSH   = SocketType(socket.PUSH)
	XPUB   = SocketType(socket.XPUB)
	XSUB   = SocketType(socket.XSUB)
	STREAM = SocketType(socket.STREAM)
)

func (t SocketType) String() string { return socket.Type(t).String() }

// Flag modifies Send and Recv, with the values of ZMQ_DONTWAIT and ZMQ_SNDMORE.
type Flag int

const (
	// DontWait makes a call return ErrAgain instead of blocking.
	DontWait Flag = 1
	// SndMore marks a frame as followed by more frames of the same message.
	SndMore Flag = 2
)
