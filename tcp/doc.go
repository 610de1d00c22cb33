// Package tcp is the TCP transport, the counterpart of libzmq's tcp_address_t,
// ip_resolver_t, tcp.cpp, tcp_listener_t and tcp_connecter_t.
//
// Its low layer is plain functions: ParseEndpoint parses an endpoint's text
// (without "tcp://"), Resolve turns it into a unix.Sockaddr, Listen, Accept,
// Connect and ConnectResult open non-blocking close-on-exec sockets, Tune
// applies libzmq's socket options (OptionsFrom maps a socket's
// options.Options onto them), EndpointString and PeerAddress format
// addresses for ZMQ_LAST_ENDPOINT and the Peer-Address property, and
// Backoff computes reconnect intervals. Read, Write, Writev and Close are
// internal/sysio's calls, which the stream engine makes directly.
//
// On top of these sit the transport's two reactor objects, members of the
// ownership tree (package own). A Listener is a socket's child on an I/O
// thread: it accepts, tunes each connection and gives it a passive session,
// made from the session.Config template the socket handed to NewListener
// and launched as the listener's child (so unbinding drops them), with a
// stream engine attached. A Connecter is an active session's child: it
// connects without blocking, retries with Backoff, resolves host names on
// a goroutine of its own, and once connected attaches a stream engine to
// the session and ends. Both raise the socket monitor events of libzmq 4.3
// (internal/event). Nothing here uses net.Conn, net.Listener or the Go
// netpoller; package net serves only to parse IP literals, look up
// interfaces and run DNS queries.
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
