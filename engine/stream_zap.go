package engine

// ZapMsgAvailable is called by the session when the ZAP handler's reply may be readable
// (libzmq stream_engine_base_t::zap_msg_available): the mechanism applies it, then input and
// output resume, since the handshake may now go on.
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
	e.RestartOutput()
}
