package tcp

import "github.com/zreactor/zmq/options"

// OptionsFrom maps a socket's options onto the TCP settings that Listen,
// Connect and Tune apply: keepalives, buffer sizes, TOS and TCP_MAXRT.
// Settings options.Options does not carry (priority, device) keep their
// defaults.
func OptionsFrom(o *options.Options) Options {
	t := DefaultOptions()
	t.KeepAlive = o.TCPKeepalive
	t.KeepAliveCnt = o.TCPKeepaliveCnt
	t.KeepAliveIdle = o.TCPKeepaliveIdle
	t.KeepAliveIntvl = o.TCPKeepaliveIntvl
	t.SndBuf, t.RcvBuf = o.SndBuf, o.RcvBuf
	t.TOS = o.TOS
	t.MaxRT = o.TCPMaxRT
	return t
}
