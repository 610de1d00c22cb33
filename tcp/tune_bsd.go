//go:build dragonfly || freebsd || netbsd

package tcp

import "golang.org/x/sys/unix"

// keepAliveOpts are the TCP-level keepalive settings, in libzmq's order.
func keepAliveOpts(o Options) [3]sockopt {
	return [3]sockopt{
		{unix.TCP_KEEPCNT, o.KeepAliveCnt, "TCP_KEEPCNT"},
		{unix.TCP_KEEPIDLE, o.KeepAliveIdle, "TCP_KEEPIDLE"},
		{unix.TCP_KEEPINTVL, o.KeepAliveIntvl, "TCP_KEEPINTVL"},
	}
}

// noSigpipe does nothing: internal/sysio writes with MSG_NOSIGNAL here.
func noSigpipe(int) error { return nil }
