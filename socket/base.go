package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/pipe"
)

// noRecv is embedded by send-only types (PUSH, PUB): receiving is not supported.
type noRecv struct{}

func (noRecv) Recv(*msg.Msg) error      { return zerr.ErrNotSupported }
func (noRecv) HasIn() bool              { return false }
func (noRecv) ReadActivated(*pipe.Pipe) {}

// noSend is embedded by receive-only types (PULL): sending is not supported.
type noSend struct{}

func (noSend) Send(*msg.Msg) error       { return zerr.ErrNotSupported }
func (noSend) HasOut() bool              { return false }
func (noSend) WriteActivated(*pipe.Pipe) {}

// noHiccup is embedded by types that keep no per-connection state to restore on reconnect.
type noHiccup struct{}

func (noHiccup) Hiccuped(*pipe.Pipe) {}

// writeEmpty writes an empty message to p and flushes it (PROBE_ROUTER). A full pipe drops it,
// as in libzmq.
func writeEmpty(p *pipe.Pipe) {
	var m msg.Msg
	m.Reset()
	if p.Write(&m) {
		p.Flush()
	}
}
