package tcp

import (
	"os"

	"golang.org/x/sys/unix"
)

// maxAcceptRetries bounds how many aborted connections one Accept call
// skips, so that an abort storm cannot pin an I/O thread.
const maxAcceptRetries = 16

// Listen opens a non-blocking, close-on-exec listening socket bound to sa,
// like libzmq's tcp_listener_t::create_socket: IPv4-mapped addresses are
// enabled on IPv6 sockets (IPV6_V6ONLY=0), buffer sizes, TOS, priority and
// device are applied before bind (accepted sockets inherit them; the receive
// window scale is fixed at the handshake), then SO_REUSEADDR, bind and
// listen. bound is the address the kernel chose, with the real port when sa
// had port 0.
//
// Falling back to IPv4 when the host has no IPv6 (EAFNOSUPPORT) is the
// caller's decision: re-resolve with ipv6 false and call again, as libzmq
// does.
//
// sa may also be a *unix.SockaddrUnix (package ipc): the socket is then a
// unix-domain stream socket, with none of the TCP and IP settings of o and
// no SO_REUSEADDR, as libzmq's ipc_listener_t makes it.
func Listen(sa unix.Sockaddr, backlog int, o Options) (fd int, bound unix.Sockaddr, err error) {
	fd, err = openSocket(sa, o)
	if err != nil {
		return -1, nil, err
	}
	if _, local := sa.(*unix.SockaddrUnix); !local {
		err = setInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1, "SO_REUSEADDR")
	}
	if err == nil {
		err = bindListen(fd, sa, backlog)
	}
	if err == nil {
		bound, err = SockName(fd)
	}
	if err != nil {
		closeQuietly(fd)
		return -1, nil, err
	}
	return fd, bound, nil
}

func bindListen(fd int, sa unix.Sockaddr, backlog int) error {
	if err := unix.Bind(fd, sa); err != nil {
		return os.NewSyscallError("bind", err)
	}
	if err := unix.Listen(fd, backlog); err != nil {
		return os.NewSyscallError("listen", err)
	}
	return nil
}

// Accept takes one pending connection from the listening socket lfd. The new
// fd is non-blocking and close-on-exec; the caller tunes it (Tune).
//
// Errors: unix.EAGAIN, bare and without allocation, when nothing is pending
// (wait for POLLIN). Connections that died in the queue (ECONNABORTED,
// EPROTO) and EINTR are skipped; after a long run of them Accept returns
// EAGAIN too, and a level-triggered poller calls it again. Exhaustion
// (EMFILE, ENFILE, ENOBUFS, ENOMEM; see IsExhausted) and anything else come
// wrapped in *os.SyscallError.
func Accept(lfd int) (fd int, peer unix.Sockaddr, err error) {
	for range maxAcceptRetries {
		fd, peer, err = sys.Load().Accept4(lfd, sockFlags)
		switch err {
		case nil:
			return fd, peer, nil
		case unix.EINTR, unix.ECONNABORTED, unix.EPROTO:
			continue
		case unix.EAGAIN:
			return -1, nil, unix.EAGAIN
		}
		return -1, nil, os.NewSyscallError("accept4", err)
	}
	return -1, nil, unix.EAGAIN
}

// Connect opens a non-blocking, close-on-exec socket and starts connecting
// it to sa, like libzmq's tcp_connecter_t::open. When src is not nil the
// socket gets SO_REUSEADDR and is bound to src first (several connections
// may share a source port towards different peers).
//
// inProgress true means the handshake continues in the kernel: wait for
// POLLOUT, then call ConnectResult. An interrupted connect (EINTR) also
// continues in the kernel, so it is reported as in progress. On error no fd
// is left open; an error after the socket was made (binding src, the
// connect itself) is a *ClosedSocketError naming the fd it had. Like
// Listen, Connect takes a *unix.SockaddrUnix too, for which o is ignored; a
// unix-domain connect does not stay in progress on Linux, fails at once
// when nobody listens (ENOENT, ECONNREFUSED), and with EAGAIN when the
// listener's backlog is full.
func Connect(sa, src unix.Sockaddr, o Options) (fd int, inProgress bool, err error) {
	fd, err = openSocket(sa, o)
	if err != nil {
		return -1, false, err
	}
	if src != nil {
		err = bindSource(fd, src)
	}
	if err == nil {
		err = sys.Load().Connect(fd, sa)
		switch err {
		case nil:
			return fd, false, nil
		case unix.EINPROGRESS, unix.EINTR:
			return fd, true, nil
		}
		err = os.NewSyscallError("connect", err)
	}
	closeQuietly(fd)
	return -1, false, &ClosedSocketError{FD: fd, Err: err}
}

// ClosedSocketError is Connect's error when the socket existed and was
// closed again: libzmq's connecters raise CLOSED with its fd then, before
// CONNECT_RETRIED, which is every attempt's fate on an ipc path nobody
// listens on.
type ClosedSocketError struct {
	FD  int   // the number the socket had
	Err error // why the attempt failed
}

func (e *ClosedSocketError) Error() string { return e.Err.Error() }

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *ClosedSocketError) Unwrap() error { return e.Err }

func bindSource(fd int, src unix.Sockaddr) error {
	if err := setInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1, "SO_REUSEADDR"); err != nil {
		return err
	}
	if err := unix.Bind(fd, src); err != nil {
		return os.NewSyscallError("bind", err)
	}
	return nil
}

// ConnectResult reports how a non-blocking connect ended, once the fd has
// become writable: nil when connected, else the socket's pending error
// (ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ...) wrapped in *os.SyscallError
// named "connect". The fd stays open either way; the caller closes it.
func ConnectResult(fd int) error {
	v, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return os.NewSyscallError("getsockopt", err)
	}
	if v != 0 {
		return os.NewSyscallError("connect", unix.Errno(v))
	}
	return nil
}

// SelfConnected reports whether a connected socket's two ends are one address: a connect to a
// port nobody listens on, for which the kernel chose that same port as the source, opens to
// itself (TCP simultaneous open). The connecter takes that as a refusal, as Go's net package
// does (libzmq does not check). Two system calls, once per connection.
func SelfConnected(fd int) bool {
	local, err := unix.Getsockname(fd)
	if err != nil {
		return false
	}
	peer, err := unix.Getpeername(fd)
	if err != nil {
		return false
	}
	switch l := local.(type) {
	case *unix.SockaddrInet4:
		p, ok := peer.(*unix.SockaddrInet4)
		return ok && l.Port == p.Port && l.Addr == p.Addr
	case *unix.SockaddrInet6:
		p, ok := peer.(*unix.SockaddrInet6)
		return ok && l.Port == p.Port && l.Addr == p.Addr
	}
	return false
}

// SockName returns the local address of fd (getsockname), used for
// LastEndpoint and the connecter's local endpoint.
func SockName(fd int) (unix.Sockaddr, error) {
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return nil, os.NewSyscallError("getsockname", err)
	}
	return sa, nil
}

// PeerName returns the remote address of a connected fd (getpeername).
func PeerName(fd int) (unix.Sockaddr, error) {
	sa, err := unix.Getpeername(fd)
	if err != nil {
		return nil, os.NewSyscallError("getpeername", err)
	}
	return sa, nil
}

// openSocket creates the stream socket for sa's family: TCP with the
// options that must precede bind and connect, or a bare unix-domain one.
func openSocket(sa unix.Sockaddr, o Options) (int, error) {
	family, proto := unix.AF_INET, unix.IPPROTO_TCP
	switch sa.(type) {
	case *unix.SockaddrInet4:
	case *unix.SockaddrInet6:
		family = unix.AF_INET6
	case *unix.SockaddrUnix:
		family, proto = unix.AF_UNIX, 0
	default:
		return -1, os.NewSyscallError("socket", unix.EAFNOSUPPORT)
	}
	fd, err := sys.Load().Socket(family, unix.SOCK_STREAM|sockFlags, proto)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	if family == unix.AF_UNIX {
		return fd, nil
	}
	if family == unix.AF_INET6 {
		err = setInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0, "IPV6_V6ONLY")
	}
	if err == nil {
		err = tuneBeforeConnect(fd, o)
	}
	if err != nil {
		closeQuietly(fd)
		return -1, err
	}
	return fd, nil
}

// closeQuietly closes an fd on an error path, where the first error is the
// one worth reporting.
func closeQuietly(fd int) { _ = Close(fd) }
