package engine

import (
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/zmtp"
)

// Session is what a stream engine needs from the session it is attached to (libzmq's
// session_base_t as seen from stream_engine_t). The session lives on the same I/O thread, so
// these are plain calls.
type Session interface {
	// PullMsg fills m with the next frame to send; it returns zerr.ErrAgain when there is none
	// (the session calls the engine's RestartOutput when there is more).
	PullMsg(m *msg.Msg) error
	// PushMsg hands over a received frame; it returns zerr.ErrAgain when the pipe is full, and
	// the engine stops reading until the session calls RestartInput.
	PushMsg(m *msg.Msg) error
	// Flush publishes the frames pushed so far to the socket.
	Flush()
	// EngineReady reports a completed handshake (for ZMQ_IMMEDIATE pipe creation).
	EngineReady()
	// EngineError reports that the engine stopped; it has already closed its fd and left the
	// poller. handshaked tells whether the ZMTP handshake had completed.
	EngineError(handshaked bool, reason ErrorReason)
	// ZAPPipe: server-side mechanisms talk to the ZAP handler through the session.
	zmtp.ZAPPipe
}

// ErrorReason classifies an engine failure, as libzmq's error_reason_t: the session reconnects
// after connection and timeout errors but not after protocol errors.
type ErrorReason int

const (
	// ReasonConnection: read or write failed, or the peer closed the connection.
	ReasonConnection ErrorReason = iota
	// ReasonTimeout: handshake timer, heartbeat timeout or the peer's TTL ran out.
	ReasonTimeout
	// ReasonProtocol: the peer broke ZMTP (bad greeting, mechanism, metadata, frame, ERROR...).
	ReasonProtocol
)

func (r ErrorReason) String() string {
	switch r {
	case ReasonConnection:
		return "connection error"
	case ReasonTimeout:
		return "timeout"
	default:
		return "protocol error"
	}
}
