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
	KeepAliveCnt int
	// KeepAliveIdle is ZMQ_TCP_KEEPALIVE_IDLE in seconds (TCP_KEEPIDLE),
	// -1 for the OS default; applied only when KeepAlive is not -1.
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
	// Priority is ZMQ_PRIORITY (SO_PRIORITY); 0 leaves it.
	Priority int
	// MaxRT is ZMQ_TCP_MAXRT (TCP_USER_TIMEOUT, in whole milliseconds):
	// how long sent data may stay unacknowledged before the connection is
	// dropped; <= 0 leaves the OS default.
	MaxRT time.Duration
	// BindToDevice is ZMQ_BINDTODEVICE (SO_BINDTODEVICE, needs
	// CAP_NET_RAW); "" leaves the socket unbound to any device.
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
	if ms := int(o.MaxRT / time.Millisecond); ms > 0 {
		if err := setInt(fd, unix.IPPROTO_TCP, unix.TCP_USER_TIMEOUT, ms, "TCP_USER_TIMEOUT"); err != nil {
			return err
		}
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
	return setOptional(fd, unix.IPPROTO_TCP, []sockopt{
		{unix.TCP_KEEPCNT, o.KeepAliveCnt, "TCP_KEEPCNT"},
		{unix.TCP_KEEPIDLE, o.KeepAliveIdle, "TCP_KEEPIDLE"},
		{unix.TCP_KEEPINTVL, o.KeepAliveIntvl, "TCP_KEEPINTVL"},
	})
}

// tuneBeforeConnect applies the settings that must be in place before the
// handshake: the receive buffer decides the window scale announced in the
// SYN, and a listener's settings are inherited by the sockets it accepts.
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
	if o.Priority != 0 {
		if err := setInt(fd, unix.SOL_SOCKET, unix.SO_PRIORITY, o.Priority, "SO_PRIORITY"); err != nil {
			return err
		}
	}
	if o.BindToDevice != "" {
		if err := unix.BindToDevice(fd, o.BindToDevice); err != nil {
			return os.NewSyscallError("setsockopt(SO_BINDTODEVICE)", err)
		}
	}
	return nil
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
