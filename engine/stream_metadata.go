package engine

import "github.com/zreactor/zmq/msg"

// PropPeerAddress is the property holding the peer's numeric IP (libzmq
// ZMQ_MSG_PROPERTY_PEER_ADDRESS).
const PropPeerAddress = "Peer-Address"

// buildMetadata compiles the properties every received frame carries (libzmq
// mechanism_ready's properties_t): the peer's READY properties under their wire names
// (Socket-Type, Identity, X-...) and Peer-Address. It is built once per connection and shared
// by pointer, so attaching it to a frame costs nothing. nil when there is nothing to say.
func (e *Stream) buildMetadata(peer map[string]string) *msg.Metadata {
	props := make(map[string]string, len(peer)+1)
	for k, v := range peer {
		props[k] = v
	}
	if e.cfg.PeerAddress != "" {
		props[PropPeerAddress] = e.cfg.PeerAddress
	}
	if len(props) == 0 {
		return nil
	}
	return msg.NewMetadata(props)
}
