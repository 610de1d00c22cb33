// Package tcp is the TCP transport, the counterpart of libzmq's tcp_address_t,
// ip_resolver_t, tcp.cpp, tcp_listener_t and tcp_connecter_t, and the home of
// every stream transport's listener and connecter (stream_listener_base_t,
// stream_connecter_base_t).
//
// Its low layer is plain functions: ParseEndpoint parses an endpoint's text
// (without "tcp://"), Resolve turns it into a unix.Sockaddr, Listen, Accept,
// Connect and ConnectResult open non-blocking close-on-exec sockets (also
// unix-domain ones, for package ipc), Tune applies libzmq's socket options
// (OptionsFrom maps a socket's options.Options onto them), EndpointString and
// PeerAddress format addresses for ZMQ_LAST_ENDPOINT and the Peer-Address
// property, and Backoff computes reconnect intervals. Read, Write, Writev and
// Close are internal/sysio's calls, which the stream engine makes directly.
//
// On top of these sit the two reactor objects, members of the ownership tree
// (package own), written once for every stream transport: what depends on the
// address family is behind the Family interface, whose TCP implementation is
// Inet and whose unix-domain one is package ipc's. A Listener is a socket's
// child on an I/O thread: it accepts, readies each connection (TCP tunes it)
// and gives it a passive session, made from the session.Config template the
// socket handed to NewListener and launched as the listener's child (so
// unbinding drops them), with a stream engine attached. A Connecter is an
// active session's child: it connects without blocking, retries with
// Backoff, resolves host names on a goroutine of its own, and once connected
// attaches a stream engine to the session and ends. Both raise the socket
// monitor events of libzmq 4.3 (internal/event). Nothing here uses net.Conn,
// net.Listener or the Go netpoller; package net serves only to parse IP
// literals, look up interfaces and run DNS queries.
//
// SOCKS5: with a proxy in its options (ZMQ_SOCKS_PROXY, and ZMQ_SOCKS_USERNAME and
// _PASSWORD for RFC 1929's login), a Connecter is libzmq's socks_connecter_t. The proxy's
// host is resolved here on each attempt and connected to as above; then the SOCKS5 exchange
// runs on the same fd without blocking (socks_connecter.go), one step per reply: greeting,
// method choice, login, CONNECT, reply. Its bytes come from a pure codec
// (socks_request.go), fuzzed, that reads a reply to its last byte and never past it. The
// endpoint's host is never resolved here: IPv4 and IPv6 literals go as ATYP 1 and 4, any
// other name as ATYP 3 for the proxy to resolve. Only after the proxy's success reply does
// the fd go to an engine; any failure closes it and retries with the backoff, with the
// events libzmq raises (CONNECT_DELAYED, then CONNECTED, or CLOSED and CONNECT_RETRIED),
// naming the proxy as given, as libzmq's do. As libzmq, the greeting offers exactly one
// method: the login when a username is set, else none. Offering no authentication as well
// would reach more proxies, but a client given credentials expects the proxy that checks
// them, and one that skips them (a wrong address, an open proxy in the way) should fail
// visibly; it also keeps our bytes libzmq's. Differences from libzmq 4.3.4, on purpose:
//
//   - a source address ("src;host:port") binds the connection to the proxy; libzmq sends
//     "src;host" to the proxy as the host name, so that connect never succeeds;
//   - the proxy must choose the method offered; libzmq goes on with either method, so a
//     proxy could skip the login it was asked for;
//   - the exchange must end within ZMQ_HANDSHAKE_IVL (30 s unless set; 0 lifts it);
//     libzmq waits for a silent proxy forever;
//   - a target name over 255 bytes is refused by Connect; libzmq aborts the process;
//   - closing a socket after a failed attempt (a refused login, a refused target) is an
//     ordinary close; libzmq 4.3.4 aborts in epoll.cpp with "Bad file descriptor";
//   - a target that refused the proxy's connection (REP 5) counts as a refused connect
//     for ZMQ_RECONNECT_STOP_CONN_REFUSED.
//
// Threading rule: Listener and Connecter run on their I/O thread, except
// NewListener and SetAddress (the socket's goroutine, before launch),
// NewConnecter (the session's thread) and the DNS goroutine, which only
// sends its answer. The functions are safe to call from any goroutine, but
// an fd belongs to the one I/O thread that registered it, and only that
// thread may read, write or close it. ParseEndpoint, the socket calls and
// the literal and interface-name paths of Resolve never block. Resolve may
// block on DNS for host names: run it off the reactor with a deadline in
// its context.
//
// Errors: EAGAIN is returned bare (compare with == unix.EAGAIN) and never
// allocates; it means "arm the poller". EINTR is retried inside (and
// Accept skips connections aborted before it took them). Other errno
// values come wrapped in *os.SyscallError, so errors.Is(err, syscall.EXXX)
// holds. Address problems are *AddrError values wrapping EINVAL or ENODEV,
// the errno libzmq reports for the same input.
//
// Platforms: Linux, macOS, FreeBSD, NetBSD, OpenBSD and DragonFly BSD. The
// differences, each in its own file:
//   - Non-blocking, close-on-exec fds: socket(2) and accept4(2) with
//     SOCK_NONBLOCK|SOCK_CLOEXEC on Linux, FreeBSD and DragonFly
//     (sock_flags.go); elsewhere socket(2) or accept(2), then the two flags
//     under syscall.ForkLock (sock_emulated.go).
//   - Keepalive idle time: TCP_KEEPIDLE, and TCP_KEEPALIVE on macOS as in
//     libzmq. OpenBSD has no per-socket keepalive settings: KeepAliveCnt,
//     KeepAliveIdle and KeepAliveIntvl are ignored there, as in libzmq
//     (tune_<os>.go).
//   - MaxRT (ZMQ_TCP_MAXRT) is TCP_USER_TIMEOUT, which only Linux has; it is
//     ignored elsewhere, as libzmq ignores it (tune_linux.go, tune_unix.go).
//   - Priority (SO_PRIORITY) and BindToDevice (SO_BINDTODEVICE) are
//     Linux-only; elsewhere a set value fails Listen, Connect and Tune with
//     ENOTSUP, as libzmq fails ZMQ_BINDTODEVICE (tune_unix.go).
//   - SIGPIPE: internal/sysio writes with MSG_NOSIGNAL on Linux and FreeBSD,
//     NetBSD and DragonFly; on macOS every socket made here, TCP or
//     unix-domain, gets SO_NOSIGPIPE instead, as libzmq does
//     (sock_emulated.go; Tune sets it too, tune_darwin.go).
//
// Fault injection: every syscall that creates, accepts, connects, reads,
// writes or closes an fd goes through a table that tests may replace with
// SetHooks (internal/poll's hook_unix.go does the same for package net);
// its read, write and close part is internal/sysio's table, so the
// engine's I/O sees the same faults.
//
// This package is the library's machinery and carries no compatibility
// promise: applications import only the root package
// github.com/zreactor/zmq and auth/.
package tcp
