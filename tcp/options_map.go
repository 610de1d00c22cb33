package tcp

import "github.com/zreactor/zmq/options"

// OptionsFrom maps a socket's options onto the TCP settings that Listen,
// Connect and Tune apply: keepalives, buffer sizes, TOS, TCP_MAXRT and the
// device. Settings options.Options does not carry (priority) keep their
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
	t.BindToDevice = o.BindToDevice
	return t
}
