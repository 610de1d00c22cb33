package main

import (
	"fmt"
	"net/netip"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

func sockaddr(ep string) (unix.Sockaddr, error) {
	ap, err := netip.ParseAddrPort(strings.TrimPrefix(ep, "tcp://"))
	if err != nil || !ap.Addr().Is4() {
		return nil, fmt.Errorf("bad IPv4 endpoint %q", ep)
	}
	return &unix.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}, nil
}

func newSocket() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	return fd, nil
}

// listenAccept binds ep, announces readiness and accepts one connection.
func listenAccept(ep string) (int, error) {
	sa, err := sockaddr(ep)
	if err != nil {
		return -1, err
	}
	ln, err := newSocket()
	if err != nil {
		return -1, err
	}
	defer unix.Close(ln)
	_ = unix.SetsockoptInt(ln, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
	if err := unix.Bind(ln, sa); err != nil {
		return -1, os.NewSyscallError("bind", err)
	}
	if err := unix.Listen(ln, 16); err != nil {
		return -1, os.NewSyscallError("listen", err)
	}
	fmt.Println("ready")
	for {
		fd, _, err := unix.Accept4(ln, unix.SOCK_CLOEXEC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return -1, os.NewSyscallError("accept4", err)
		}
		return fd, nodelay(fd)
	}
}

func dial(ep string) (int, error) {
	sa, err := sockaddr(ep)
	if err != nil {
		return -1, err
	}
	fd, err := newSocket()
	if err != nil {
		return -1, err
	}
	for {
		err = unix.Connect(fd, sa)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		unix.Close(fd)
		return -1, os.NewSyscallError("connect", err)
	}
	return fd, nodelay(fd)
}

func nodelay(fd int) error {
	return os.NewSyscallError("setsockopt", unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1))
}

func writeAll(fd int, b []byte) error {
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return os.NewSyscallError("write", err)
		}
		b = b[n:]
	}
	return nil
}

// readSome reads at least one byte into b; EOF is an error because every
// role knows how many frames it expects.
func readSome(fd int, b []byte) (int, error) {
	for {
		n, err := unix.Read(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0, os.NewSyscallError("read", err)
		}
		if n == 0 {
			return 0, fmt.Errorf("unexpected EOF")
		}
		return n, nil
	}
}
