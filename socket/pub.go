package socket

import "github.com/zreactor/zmq/options"

// PUB is XPUB with the application's side of subscriptions cut off (libzmq pub_t): Recv is not
// supported, subscriptions and messages from subscribers are consumed silently, and pipes are
// set not to wait for unread input when they terminate.

func newPub(opts *options.Options) *xpubSocket { return newXPub(opts, true) }
