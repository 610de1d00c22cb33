package socket

import (
	"bytes"

	"github.com/zreactor/zmq/msg"
)

// ZMTP 3.1 command bodies (name-length octet + name), as an engine may hand them over.
var (
	cmdSubscribe = []byte("\x09SUBSCRIBE")
	cmdCancel    = []byte("\x06CANCEL")
)

// parseSubscription recognises a subscription or cancellation in m: a data frame starting with
// 0x01 or 0x00 (ZMTP 3.0 and the socket API), or a SUBSCRIBE/CANCEL command frame (ZMTP 3.1).
// topic aliases m's body.
func parseSubscription(m *msg.Msg) (topic []byte, subscribe, ok bool) {
	b := m.Bytes()
	if m.IsCommand() {
		switch {
		case bytes.HasPrefix(b, cmdSubscribe):
			return b[len(cmdSubscribe):], true, true
		case bytes.HasPrefix(b, cmdCancel):
			return b[len(cmdCancel):], false, true
		}
		return nil, false, false
	}
	if len(b) > 0 && b[0] <= 1 {
		return b[1:], b[0] == 1, true
	}
	return nil, false, false
}

// subscriptionMsg builds the frame SUB and XSUB send and XPUB hands to its application:
// 0x01 (subscribe) or 0x00 (cancel) then the topic.
func subscriptionMsg(m *msg.Msg, topic []byte, subscribe bool) {
	b := m.InitSize(len(topic)+1, 0, false)
	b[0] = 0
	if subscribe {
		b[0] = 1
	}
	copy(b[1:], topic)
}
