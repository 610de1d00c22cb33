package zmtp

import "github.com/zreactor/zmq/msg"

// ZapEndpoint is where ZAP handlers bind (RFC 27).
const ZapEndpoint = "inproc://zeromq.zap.01"

// ZAPPipe is the session's pipe to the ZAP handler as a server-side mechanism sees it
// (libzmq session_base_t zap_connect, write_zap_msg, read_zap_msg). The session lives on the
// engine's I/O thread, so these are plain calls; when reply frames arrive the session calls
// the engine's ZapMsgAvailable, which hands on to Mechanism.ZapMsgAvailable.
type ZAPPipe interface {
	// ZapConnect opens the pipe to the handler bound at ZapEndpoint, once; later calls are
	// no-ops. It returns an error wrapping ECONNREFUSED when no handler is bound.
	ZapConnect() error
	// WriteZapMsg queues one request frame (More on all but the last); the frame without More
	// flushes the request. It fails only if the pipe is gone.
	WriteZapMsg(m *msg.Msg) error
	// ReadZapMsg takes one reply frame; zerr.ErrAgain when none has arrived yet.
	ReadZapMsg(m *msg.Msg) error
}
