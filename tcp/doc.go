// Package tcp is the TCP transport's low layer, the counterpart of libzmq's
// tcp_address_t, ip_resolver_t and tcp.cpp: it parses "tcp://" endpoint text,
// resolves it to a unix.Sockaddr, opens non-blocking close-on-exec sockets
// (Listen, Accept, Connect, ConnectResult), moves bytes (Read, Write, Writev),
// tunes sockets like libzmq (Tune), formats endpoints for ZMQ_LAST_ENDPOINT
// and the Peer-Address property, and computes reconnect intervals (Backoff).
// Listen, Accept and Connect also take unix-domain addresses, for package ipc.
//
// On top of these sit the transport's two reactor objects, members of the
// ownership tree (package own), written once for every stream transport:
// what depends on the address family is behind the Family interface, whose
// TCP implementation is Inet and whose unix-domain one is package ipc's.
// A Listener (libzmq's tcp_listener_t) is a socket's child on an I/O
// thread: it accepts, tunes each connection, and gives it a stream engine
// and a passive session, which become its own children, so unbinding drops
// them. A Connecter (tcp_connecter_t) is an active session's child: it
// connects without blocking, retries with Backoff, resolves host names on a
// goroutine of its own, and hands the session an engine once connected. Both raise the socket monitor events
// of libzmq 4.3 (internal/event). Nothing here uses net.Conn, net.Listener
// or the Go netpoller; package net serves only to parse IP literals, look
// up interfaces and run DNS queries.
//
// Threading: Listener and Connecter run on their I/O thread, except
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
// allocates; it means "arm the poller". EINTR is retried inside. Other errno
// values come wrapped in *os.SyscallError, so errors.Is(err, syscall.EXXX)
// holds. Address problems are *AddrError values wrapping EINVAL or ENODEV,
// the errno libzmq reports for the same input.
//
// Fault injection: every syscall that creates, accepts, connects, reads,
// writes or closes an fd goes through a table that tests may replace with
// SetHooks (internal/poll's hook_unix.go does the same for package net).
package tcp
