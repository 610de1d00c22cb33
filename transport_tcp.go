package zmq

import (
	"errors"
	"syscall"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/pipe"
	"github.com/zreactor/zmq/session"
	"github.com/zreactor/zmq/tcp"
)

// ioThread picks the I/O thread for a new listener, session or connecter, by affinity and load.
func (c *Context) ioThread(affinity uint64) *iothread.Thread {
	tid := c.pool.Choose(affinity)
	if tid < 0 {
		return nil
	}
	return c.pool.Threads()[tid-firstIOSlot]
}

func (s *Socket) needIOThread() (*iothread.Thread, error) {
	t := s.ctx.ioThread(s.opts.Affinity)
	if t == nil {
		return nil, zerr.With(zerr.ErrMaxThreads, "tcp needs an I/O thread: the context has none for affinity %#x", s.opts.Affinity)
	}
	return t, nil
}

// bindTCP starts a listener owned by the socket. The endpoint is recorded under both the name
// given and the resolved one, so Unbind accepts either.
func (s *Socket) bindTCP(endpoint, addr string) error {
	t, err := s.needIOThread()
	if err != nil {
		return err
	}
	sessions := session.Config{Socket: s, Options: s.opts.Clone(), ZapConnect: s.connectZAP}
	l := tcp.NewListener(s.ctx, t, sessions, s.monitor, s.ctx.ioThread)
	resolved, err := l.SetAddress(addr)
	if err != nil {
		return bindError(endpoint, err)
	}
	s.LaunchChild(l)
	ref := endpointRef{child: l}
	if resolved != endpoint {
		s.addEndpoint(endpoint, ref)
	}
	s.addEndpoint(resolved, ref)
	return nil
}

// bindError makes an address already bound match ErrAddrInUse as well as EADDRINUSE, as the
// Bind documentation promises; other errors keep their own wrapping.
func bindError(endpoint string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return zerr.With(zerr.ErrAddrInUse, "bind %s: %v", endpoint, err)
	}
	return err
}

// connectTCP starts an active session that owns a connecter. Without ZMQ_IMMEDIATE the pipe to
// the session exists from now on, so messages queue before the connection is up.
func (s *Socket) connectTCP(endpoint, addr string) error {
	if _, err := tcp.ParseEndpoint(addr, false); err != nil {
		return err
	}
	t, err := s.needIOThread()
	if err != nil {
		return err
	}
	mon := s.monitor
	sess := session.New(s.ctx, session.Config{
		Thread: t, Socket: s, Options: s.opts.Clone(), Endpoint: endpoint, Active: true,
		ZapConnect: s.connectZAP,
		Connecter: func(ss *session.Session, delayed bool) own.Owned {
			ct := s.ctx.ioThread(ss.Options().Affinity)
			return tcp.NewConnecter(s.ctx, ct, ss, *ss.Options(), addr, delayed, mon)
		},
	})
	ref := endpointRef{child: sess}
	if !s.opts.Immediate {
		hwms, conflate := s.opts.PipeParams(s.opts.SndHWM, s.opts.RcvHWM)
		pipes := pipe.NewPair([2]pipe.Parent{s, sess}, s.ctx, hwms, conflate)
		s.attachPipe(pipes[0], false, true)
		sess.AttachPipe(pipes[1])
		ref.pipe = pipes[0]
	}
	s.LaunchChild(sess)
	s.addEndpoint(endpoint, ref)
	return nil
}
