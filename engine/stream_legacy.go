package engine

import (
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// startLegacy sets up a ZMTP 1.0/2.0 connection (libzmq handshake_v1_0_unversioned,
// handshake_v1_0, handshake_v2_0): no mechanism and no commands; each side's first frame is
// its routing id. For an unversioned peer our routing id already went out with the greeting
// (our signature was its header). Such peers never subscribe, so PUB and XPUB get a
// subscribe-all injected. The connection is usable at once: no HANDSHAKE_SUCCEEDED (libzmq
// raises none for legacy peers), and the handshake timer is cancelled here as libzmq 4.3.5
// does (4.3.4 forgets, and drops such peers after HANDSHAKE_IVL: libzmq #4106).
func (e *Stream) startLegacy(unversioned bool) {
	if unversioned {
		e.nextMsg = (*Stream).pullMsgFromSession
		e.subscriptionRequired = e.opts.Type == options.PUB || e.opts.Type == options.XPUB
	} else {
		e.nextMsg = (*Stream).routingIDMsg
	}
	e.processMsg = (*Stream).processRoutingIDMsg
	e.handshaked = true
	e.cancelHandshakeTimer()
	e.metadata = e.buildMetadata(nil)
	e.session.EngineReady()
}

// routingIDMsg produces our routing id frame, then hands over to the session.
func (e *Stream) routingIDMsg(m *msg.Msg) error {
	m.Init(e.opts.RoutingID, 0)
	e.nextMsg = (*Stream).pullMsgFromSession
	return nil
}

// processRoutingIDMsg takes the peer's first frame as its routing id: pushed with the
// RoutingID flag for ROUTER-like sockets, dropped otherwise.
func (e *Stream) processRoutingIDMsg(m *msg.Msg) error {
	if e.opts.RecvRoutingID {
		m.ClearFlags(msg.More)
		m.SetFlags(msg.RoutingID)
		// A fresh pipe always takes it (routing ids do not count against the HWM).
		_ = e.session.PushMsg(m)
	}
	if e.subscriptionRequired {
		var sub msg.Msg
		sub.Init([]byte{1}, 0) // 0x01 and no topic: everything
		_ = e.session.PushMsg(&sub)
	}
	e.session.Flush()
	e.processMsg = (*Stream).pushMsgToSession
	return nil
}
