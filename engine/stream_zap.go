package engine

import (
	"github.com/zreactor/zmq/zmtp"
)

// ZapMsgAvailable is called by the session when the ZAP handler's reply may be readable
// (libzmq stream_engine_base_t::zap_msg_available): the mechanism applies it, then input and
// output resume, since the handshake may now go on.
//
// A denial makes the mechanism answer with an ERROR and fail. Where libzmq then waits for the
// client to hang up, we write the ERROR and close at once, so that a client that never
// closes cannot hold the connection; the mechanism has raised HANDSHAKE_FAILED_AUTH already.
func (e *Stream) ZapMsgAvailable() {
	if !e.plugged || e.mech == nil {
		return
	}
	if err := e.mech.ZapMsgAvailable(); err != nil {
		e.fail(ReasonProtocol, err)
		return
	}
	if e.inputStopped && !e.RestartInput() {
		return
	}
	// Output now, even with POLLOUT armed (a write then simply meets EAGAIN again): an
	// ERROR must be out before we close.
	e.outEvent()
	if e.mechanismFailed() {
		e.fail(ReasonProtocol, zmtp.ErrHandshakeFailed)
	}
}
