package tcp

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// Options are the per-socket TCP settings, in libzmq's encoding so that the
// socket options map onto them one to one. The zero Options is not the
// default (it would turn keepalives off and shrink buffers to the kernel's
// minimum): start from DefaultOptions.
type Options struct {
	// KeepAlive is ZMQ_TCP_KEEPALIVE: -1 leaves SO_KEEPALIVE and the three
	// settings below to the OS, 0 turns keepalives off, 1 on.
	KeepAlive int
	// KeepAliveCnt is ZMQ_TCP_KEEPALIVE_CNT (TCP_KEEPCNT), -1 for the OS
	// default. Like libzmq, it is applied only when KeepAlive is not -1.
	// OpenBSD has no per-socket keepalive settings: there this and the two
	// below are ignored, as libzmq ignores them.
	KeepAliveCnt int
	// KeepAliveIdle is ZMQ_TCP_KEEPALIVE_IDLE in seconds (TCP_KEEPIDLE;
	// TCP_KEEPALIVE on macOS, as libzmq), -1 for the OS default; applied
	// only when KeepAlive is not -1.
	KeepAliveIdle int
	// KeepAliveIntvl is ZMQ_TCP_KEEPALIVE_INTVL in seconds (TCP_KEEPINTVL),
	// -1 for the OS default; applied only when KeepAlive is not -1.
	KeepAliveIntvl int
	// SndBuf and RcvBuf are ZMQ_SNDBUF and ZMQ_RCVBUF in bytes
	// (SO_SNDBUF, SO_RCVBUF), -1 for the OS default. Linux doubles the
	// value it stores and clamps it to its limits.
	SndBuf, RcvBuf int
	// TOS is ZMQ_TOS (IP_TOS, and IPV6_TCLASS on IPv6 sockets); 0 leaves it.
	TOS int
	// Priority is ZMQ_PRIORITY (SO_PRIORITY); 0 leaves it. Linux only:
	// elsewhere a non-zero Priority fails Listen, Connect and Tune with
	// ENOTSUP (libzmq has no ZMQ_PRIORITY there).
	Priority int
	// MaxRT is ZMQ_TCP_MAXRT (TCP_USER_TIMEOUT, in whole milliseconds):
	// how long sent data may stay unacknowledged before the connection is
	// dropped; <= 0 leaves the OS default. Linux only: elsewhere it is
	// ignored, as libzmq ignores it where there is no TCP_USER_TIMEOUT.
	MaxRT time.Duration
	// BindToDevice is ZMQ_BINDTODEVICE (SO_BINDTODEVICE, needs
	// CAP_NET_RAW); "" leaves the socket unbound to any device. Linux only:
	// elsewhere a non-empty name fails with ENOTSUP, as in libzmq.
	BindToDevice string
}

// DefaultOptions returns libzmq's defaults: everything left to the OS.
func DefaultOptions() Options {
	return Options{
		KeepAlive: -1, KeepAliveCnt: -1, KeepAliveIdle: -1, KeepAliveIntvl: -1,
		SndBuf: -1, RcvBuf: -1,
	}
}

// Tune applies o to a connected or accepted fd, as libzmq does after accept
// and connect: TCP_NODELAY always (ZMTP batches at its own level, Nagle
// would only add latency), keepalives, TCP_USER_TIMEOUT, and the settings
// Listen and Connect already apply before bind or connect (buffers, TOS,
// priority, device), so that Tune alone suffices for an fd from elsewhere
// (ZMQ_USE_FD). The first failing setsockopt ends it, with the option named.
func Tune(fd int, o Options) error {
	if err := setInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1, "TCP_NODELAY"); err != nil {
		return err
	}
	if err := tuneKeepAlive(fd, o); err != nil {
		return err
	}
	if err := setMaxRT(fd, o.MaxRT); err != nil {
		return err
	}
	return tuneBeforeConnect(fd, o)
}

func tuneKeepAlive(fd int, o Options) error {
	if o.KeepAlive == -1 {
		return nil
	}
	if err := setInt(fd, unix.SOL_SOCKET, unix.SO_KEEPALIVE, o.KeepAlive, "SO_KEEPALIVE"); err != nil {
		return err
	}
	opts := keepAliveOpts(o)
	return setOptional(fd, unix.IPPROTO_TCP, opts[:])
}

// tuneBeforeConnect applies the settings that must be in place before the
// handshake: the receive buffer decides the window scale announced in the
// SYN, and a listener's settings are inherited by the sockets it accepts.
// The OS-specific ones (priority, device, SO_NOSIGPIPE) are tuneOS's.
func tuneBeforeConnect(fd int, o Options) error {
	if err := setOptional(fd, unix.SOL_SOCKET, []sockopt{
		{unix.SO_SNDBUF, o.SndBuf, "SO_SNDBUF"},
		{unix.SO_RCVBUF, o.RcvBuf, "SO_RCVBUF"},
	}); err != nil {
		return err
	}
	if err := setTOS(fd, o.TOS); err != nil {
		return err
	}
	return tuneOS(fd, o)
}

// setTOS sets IP_TOS and, on IPv6 sockets, IPV6_TCLASS; an IPv4 socket
// refuses the latter with ENOPROTOOPT, which libzmq ignores too.
func setTOS(fd, tos int) error {
	if tos == 0 {
		return nil
	}
	if err := setInt(fd, unix.IPPROTO_IP, unix.IP_TOS, tos, "IP_TOS"); err != nil {
		return err
	}
	err := unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_TCLASS, tos)
	if err != nil && err != unix.ENOPROTOOPT && err != unix.EINVAL {
		return os.NewSyscallError("setsockopt(IPV6_TCLASS)", err)
	}
	return nil
}

// sockopt is one integer option; value -1 means "leave the OS default".
type sockopt struct {
	opt, value int
	name       string
}

func setOptional(fd, level int, opts []sockopt) error {
	for _, o := range opts {
		if o.value == -1 {
			continue
		}
		if err := setInt(fd, level, o.opt, o.value, o.name); err != nil {
			return err
		}
	}
	return nil
}

func setInt(fd, level, opt, value int, name string) error {
	if err := unix.SetsockoptInt(fd, level, opt, value); err != nil {
		return os.NewSyscallError("setsockopt("+name+")", err)
	}
	return nil
}
