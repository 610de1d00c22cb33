package tcp

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// keepAliveOpts are the TCP-level keepalive settings, in libzmq's order.
func keepAliveOpts(o Options) [3]sockopt {
	return [3]sockopt{
		{unix.TCP_KEEPCNT, o.KeepAliveCnt, "TCP_KEEPCNT"},
		{unix.TCP_KEEPIDLE, o.KeepAliveIdle, "TCP_KEEPIDLE"},
		{unix.TCP_KEEPINTVL, o.KeepAliveIntvl, "TCP_KEEPINTVL"},
	}
}

// setMaxRT sets TCP_USER_TIMEOUT to d in whole milliseconds; d under 1 ms leaves the default.
func setMaxRT(fd int, d time.Duration) error {
	if ms := int(d / time.Millisecond); ms > 0 {
		return setInt(fd, unix.IPPROTO_TCP, unix.TCP_USER_TIMEOUT, ms, "TCP_USER_TIMEOUT")
	}
	return nil
}

// tuneOS applies the Linux-only settings: SO_PRIORITY and SO_BINDTODEVICE.
func tuneOS(fd int, o Options) error {
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
