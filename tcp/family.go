package tcp

import (
	"context"
	"errors"
	"syscall"

	"github.com/zreactor/zmq/options"
	"golang.org/x/sys/unix"
)

// Family is everything a stream transport's Listener and Connecter do that depends on the
// address family: how an endpoint becomes a listening socket or a socket address, what an
// accepted or connected fd needs before an engine takes it, and its Peer-Address property.
// The rest (polling, accept pauses, connect timeouts, backoff, sessions, engines, monitor
// events) is the same for every family, as libzmq's tcp_ and ipc_ listeners and connecters
// differ from their stream_listener_base_t and stream_connecter_base_t only in these places.
// Inet is TCP's; package ipc has unix-domain sockets'.
//
// Threading: Listen runs on the binding socket's goroutine; Accepted, Connect, Connected and
// non-blocking Resolve calls on the I/O thread of the listener or connecter; a Resolve that
// Blocking announced on a goroutine of its own. Implementations keep no state between calls.
type Family interface {
	// Scheme is the endpoint prefix without "://": "tcp", "ipc".
	Scheme() string

	// Listen opens a non-blocking, close-on-exec listening socket for addr (the endpoint
	// without the scheme) with o's settings, or adopts o.UseFD, and returns it with the
	// endpoint LastEndpoint reports. Errors wrap the errno libzmq's zmq_bind sets.
	Listen(addr string, o *options.Options) (Bound, error)

	// Accepted readies an fd the listener accepted (peer is what accept returned) and
	// returns its Peer-Address property. On error the listener closes fd and reports
	// ACCEPT_FAILED.
	Accepted(fd int, peer unix.Sockaddr, o *options.Options) (peerAddress string, err error)

	// Blocking reports whether resolving addr may block (a DNS name): the Connecter then
	// runs Resolve on a goroutine, off its I/O thread.
	Blocking(addr string) bool

	// Resolve turns a connect endpoint into the address to connect to and, when the
	// endpoint names one, the source address to bind first (nil if none). ipv6 is
	// ZMQ_IPV6 for families that have a choice.
	Resolve(ctx context.Context, addr string, ipv6 bool) (dst, src unix.Sockaddr, err error)

	// Connect opens a non-blocking socket and starts connecting it to dst, as the
	// package function Connect does.
	Connect(dst, src unix.Sockaddr, o *options.Options) (fd int, inProgress bool, err error)

	// Connected readies an fd whose connect completed and returns its Peer-Address
	// property. On error the connecter closes fd and tries again later.
	Connected(fd int, o *options.Options) (peerAddress string, err error)
}

// Bound is a listening socket opened by Family.Listen.
type Bound struct {
	FD       int    // the listening socket, owned by the listener from now on
	Endpoint string // as ZMQ_LAST_ENDPOINT reports it, scheme included
	// Release undoes what binding made besides the fd (an ipc socket file and its
	// directory); nil when there is nothing. The listener calls it just before closing
	// FD: while FD is open, the file it bound keeps its inode, which a later bind of the
	// same path cannot be given, so the file can be told from a replacement. An error
	// becomes the CLOSE_FAILED event in place of CLOSED.
	Release func() error
}

// Inet is the TCP family: IPv4 and IPv6 endpoints "host:port", resolved with Resolve,
// opened with Listen and Connect, tuned with Tune.
var Inet Family = inet{}

type inet struct{}

func (inet) Scheme() string { return "tcp" }

// Listen resolves and binds addr; like libzmq, an IPv6 socket falls back to IPv4 when the
// host has no IPv6 support. With ZMQ_USE_FD, as in libzmq, addr is not even parsed: the
// adopted socket is the listener, and its own address the endpoint.
func (inet) Listen(addr string, o *options.Options) (Bound, error) {
	if o.UseFD >= 0 {
		bound, err := Adopt(o.UseFD, unix.AF_INET, unix.AF_INET6)
		if err != nil {
			return Bound{}, err
		}
		return Bound{FD: o.UseFD, Endpoint: EndpointString(bound)}, nil
	}
	ep, err := ParseEndpoint(addr, true)
	if err != nil {
		return Bound{}, err
	}
	tune := OptionsFrom(o)
	for ipv6 := o.IPv6; ; ipv6 = false {
		sa, _, err := Resolve(context.Background(), ep, true, ipv6)
		if err != nil {
			return Bound{}, err
		}
		fd, bound, err := Listen(sa, o.Backlog, tune)
		if ipv6 && errors.Is(err, syscall.EAFNOSUPPORT) {
			continue
		}
		if err != nil {
			return Bound{}, err
		}
		return Bound{FD: fd, Endpoint: EndpointString(bound)}, nil
	}
}

func (inet) Accepted(fd int, peer unix.Sockaddr, o *options.Options) (string, error) {
	if err := Tune(fd, OptionsFrom(o)); err != nil {
		return "", err
	}
	return PeerAddress(peer), nil
}

// Blocking is true for host names: literals, "*" and interface names never query DNS.
func (inet) Blocking(addr string) bool {
	ep, err := ParseEndpoint(addr, false)
	return err == nil && !IsLiteral(ep.Host)
}

func (inet) Resolve(ctx context.Context, addr string, ipv6 bool) (dst, src unix.Sockaddr, err error) {
	ep, err := ParseEndpoint(addr, false)
	if err != nil {
		return nil, nil, err
	}
	return Resolve(ctx, ep, false, ipv6)
}

func (inet) Connect(dst, src unix.Sockaddr, o *options.Options) (int, bool, error) {
	return Connect(dst, src, OptionsFrom(o))
}

func (inet) Connected(fd int, o *options.Options) (string, error) {
	if err := Tune(fd, OptionsFrom(o)); err != nil {
		return "", err
	}
	peer, err := PeerName(fd) // fails if the peer reset the connection meanwhile
	if err != nil {
		return "", err
	}
	return PeerAddress(peer), nil
}
