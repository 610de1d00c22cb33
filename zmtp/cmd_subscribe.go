package zmtp

import "github.com/zreactor/zmq/msg"

// Subscription is what a received frame means to XPUB/PUB.
type Subscription uint8

// Subscription kinds.
const (
	NotSubscription Subscription = iota
	Subscribe
	Cancel
)

// AppendSubscribe appends a ZMTP 3.1 SUBSCRIBE (or, with cancel, CANCEL) command body for
// topic. Encoder.EncodeSubscription picks this form or the 3.0 one per peer.
func AppendSubscribe(dst []byte, topic []byte, cancel bool) []byte {
	if cancel {
		dst = appendCommandName(dst, CmdCancel)
	} else {
		dst = appendCommandName(dst, CmdSubscribe)
	}
	return append(dst, topic...)
}

// ParseSubscription classifies a received frame: a SUBSCRIBE/CANCEL command (ZMTP 3.1), or a
// message frame starting with 0x01/0x00 (ZMTP 3.0 and older; libzmq XPUB accepts both forms
// from any peer). topic aliases body. Other frames are NotSubscription. A command frame too
// short for its name is ErrMalformedCommand.
func ParseSubscription(flags msg.Flags, body []byte) (Subscription, []byte, error) {
	if flags&msg.Command == 0 {
		if len(body) == 0 || body[0] > 1 {
			return NotSubscription, nil, nil
		}
		if body[0] == 1 {
			return Subscribe, body[1:], nil
		}
		return Cancel, body[1:], nil
	}
	c, _, data, err := ParseCommand(body)
	switch {
	case err != nil:
		return NotSubscription, nil, err
	case c == CmdSubscribe:
		return Subscribe, data, nil
	case c == CmdCancel:
		return Cancel, data, nil
	}
	return NotSubscription, nil, nil
}
