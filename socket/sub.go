package socket

import (
	"github.com/zreactor/zmq/msg"

	"github.com/zreactor/zmq/options"
)

// SUB is XSUB with two differences (libzmq sub_t): the application subscribes through the
// Subscribe/Unsubscribe options instead of sending subscription frames (Send is not
// supported), and incoming messages are filtered locally against the subscriptions.

func newSub(opts *options.Options) *xsubSocket { return newXSub(opts, true) }

// SetOption handles SUB's Subscribe and Unsubscribe; XSUB has no such options.
func (s *xsubSocket) SetOption(opt Option, val []byte) (bool, error) {
	if !s.isSub || (opt != Subscribe && opt != Unsubscribe) {
		return false, nil
	}
	var m msg.Msg
	subscriptionMsg(&m, val, opt == Subscribe)
	return true, s.xsend(&m)
}

// match applies SUB's local filter to a first frame.
func (s *xsubSocket) match(m *msg.Msg) bool {
	if !s.isSub {
		return true
	}
	return s.subs.check(m.Bytes()) != s.opts.InvertMatching
}
