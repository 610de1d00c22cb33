package engine

import (
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/zmtp"
)

// MaxMultipartSize (beyond libzmq, whose MAXMSGSIZE bounds frames only) bounds a whole
// inbound message: countFrame adds each data frame to the message in progress, at least
// msg.InlineSize bytes for a frame (what queueing it costs), and fails the connection as a
// frame over MaxMsgSize does once the message passes the bound. Between frames the decoder
// is told what the message has left (frameLimit), so a frame that would take it past is
// refused at its header, before its body is read.

// multipartSlack is what the header check allows beyond what the message has left: room for
// a command between two frames (a PING) and for a boxing mechanism's overhead, since flags
// and size are only known for sure once the frame is in (CURVE boxes them). countFrame makes
// the exact check.
const multipartSlack = 512

// countFrame adds data frame m to the message in progress.
func (e *Stream) countFrame(m *msg.Msg) error {
	e.msgBytes += int64(max(m.Size(), msg.InlineSize))
	if e.msgBytes > e.opts.MaxMultipartSize {
		return zmtp.ErrMsgSize
	}
	if !m.More() {
		e.msgBytes = 0
	}
	e.dec.SetMaxMsgSize(e.frameLimit(), nil)
	return nil
}

// frameLimit is the most the next frame may declare: MaxMsgSize, and what MaxMultipartSize
// leaves of the message in progress.
func (e *Stream) frameLimit() int64 {
	limit := e.opts.MaxMsgSize
	if total := e.opts.MaxMultipartSize; total >= 0 {
		if rest := total - e.msgBytes + multipartSlack; limit < 0 || rest < limit {
			limit = rest
		}
	}
	return limit
}
