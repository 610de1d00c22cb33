package ipc

import (
	"context"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/session"
	"github.com/zreactor/zmq/tcp"
)

// Unix is the ipc:// address family, for tcp.NewListenerFor and tcp.NewConnecterFor.
var Unix tcp.Family = family{}

type family struct{}

func (family) Scheme() string { return "ipc" }

// Listen binds addr (see the package doc), or adopts o.UseFD: the endpoint then only names
// the socket, whose file is its maker's to remove, as in libzmq.
func (family) Listen(addr string, o *options.Options) (tcp.Bound, error) {
	if o.UseFD < 0 {
		return listen(addr, o)
	}
	if _, err := Parse(addr); err != nil {
		return tcp.Bound{}, err
	}
	if _, err := tcp.Adopt(o.UseFD, unix.AF_UNIX); err != nil {
		return tcp.Bound{}, err
	}
	return tcp.Bound{FD: o.UseFD, Endpoint: "ipc://" + addr}, nil
}

// Accepted applies nothing (no TCP setting concerns a unix-domain socket).
func (family) Accepted(fd int, _ unix.Sockaddr, _ *options.Options) (string, error) {
	return peerAddress(fd), nil
}

// Blocking is false: a path resolves without a lookup.
func (family) Blocking(string) bool { return false }

func (family) Resolve(_ context.Context, addr string, _ bool) (dst, src unix.Sockaddr, err error) {
	sa, err := Parse(addr)
	if err != nil {
		return nil, nil, err
	}
	return sa, nil, nil
}

func (family) Connect(dst, _ unix.Sockaddr, _ *options.Options) (int, bool, error) {
	return tcp.Connect(dst, nil, tcp.DefaultOptions())
}

func (family) Connected(fd int, _ *options.Options) (string, error) {
	return peerAddress(fd), nil
}

// NewListener makes an ipc listener: tcp.NewListenerFor with Unix.
func NewListener(r object.Router, t *iothread.Thread, sessions session.Config,
	mon event.Sink, pick func(affinity uint64) *iothread.Thread) *tcp.Listener {
	return tcp.NewListenerFor(Unix, r, t, sessions, mon, pick)
}

// NewConnecter makes an ipc connecter: tcp.NewConnecterFor with Unix.
func NewConnecter(r object.Router, t *iothread.Thread, s *session.Session, opts options.Options,
	addr string, delayed bool, mon event.Sink) *tcp.Connecter {
	return tcp.NewConnecterFor(Unix, r, t, s, opts, addr, delayed, mon)
}
