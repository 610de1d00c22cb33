package tcp

import "golang.org/x/sys/unix"

// keepAliveOpts are the TCP-level keepalive settings, in libzmq's order. macOS calls the idle
// time TCP_KEEPALIVE, and libzmq uses it there for ZMQ_TCP_KEEPALIVE_IDLE.
func keepAliveOpts(o Options) [3]sockopt {
	return [3]sockopt{
		{unix.TCP_KEEPCNT, o.KeepAliveCnt, "TCP_KEEPCNT"},
		{unix.TCP_KEEPALIVE, o.KeepAliveIdle, "TCP_KEEPALIVE"},
		{unix.TCP_KEEPINTVL, o.KeepAliveIntvl, "TCP_KEEPINTVL"},
	}
}

// noSigpipe sets SO_NOSIGPIPE, as libzmq does on macOS: a write to a reset connection then
// fails with EPIPE without raising SIGPIPE (internal/sysio writes with plain write(2) here).
// Every socket made here has it already (sock_emulated.go); Tune sets it again for an fd from
// elsewhere.
func noSigpipe(fd int) error {
	return setInt(fd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1, "SO_NOSIGPIPE")
}

// sockNoSigpipe is noSigpipe with a bare errno, for the socket and accept hooks.
func sockNoSigpipe(fd int) error {
	return unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1)
}
