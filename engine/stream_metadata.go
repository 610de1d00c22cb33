package engine

import "github.com/zreactor/zmq/msg"

// PropPeerAddress is the property holding the peer's numeric IP (libzmq
// ZMQ_MSG_PROPERTY_PEER_ADDRESS).
const PropPeerAddress = "Peer-Address"

// buildMetadata compiles the properties every received frame carries (libzmq
// mechanism_ready's properties_t): Peer-Address, the ZAP handler's (User-Id and its metadata)
// and the peer's READY or INITIATE properties under their wire names (Socket-Type, Identity,
// X-...). layers are given lowest precedence first, the peer's properties then the ZAP
// handler's: as in libzmq, what the handler says about a peer wins over what the peer says
// about itself, and Peer-Address wins over both. It is built once per connection and shared
// by pointer, so attaching it to a frame costs nothing. nil when there is nothing to say.
func (e *Stream) buildMetadata(layers ...map[string]string) *msg.Metadata {
	n := 1
	for _, l := range layers {
		n += len(l)
	}
	props := make(map[string]string, n)
	for _, l := range layers {
		for k, v := range l {
			props[k] = v
		}
	}
	if e.cfg.PeerAddress != "" {
		props[PropPeerAddress] = e.cfg.PeerAddress
	}
	if len(props) == 0 {
		return nil
	}
	return msg.NewMetadata(props)
}
