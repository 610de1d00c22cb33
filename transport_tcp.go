package zmq

import (
	"fmt"

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

func (s *Socket) needIOThread(f tcp.Family) (*iothread.Thread, error) {
	t := s.ctx.ioThread(s.opts.Affinity)
	if t == nil {
		return nil, zerr.With(zerr.ErrMaxThreads, "%s needs an I/O thread: the context has none for affinity %#x", f.Scheme(), s.opts.Affinity)
	}
	return t, nil
}

// bindStream starts a listener of family f (tcp.Inet, ipc.Unix) owned by the socket. The
// endpoint is recorded under both the name given and the resolved one, so Unbind accepts
// either.
func (s *Socket) bindStream(f tcp.Family, endpoint, addr string) error {
	t, err := s.needIOThread(f)
	if err != nil {
		return err
	}
	sessions := session.Config{Socket: s.core(), Options: s.opts.Clone(), ZapConnect: s.connectZAP}
	l := tcp.NewListenerFor(f, s.ctx.router(), t, sessions, s.monitor, s.ctx.ioThread)
	resolved, err := l.SetAddress(addr)
	if err != nil {
		return fmt.Errorf("bind %s: %w", endpoint, err)
	}
	s.own.LaunchChild(l)
	ref := endpointRef{child: l}
	if resolved != endpoint {
		s.addEndpoint(endpoint, ref)
	}
	s.addEndpoint(resolved, ref)
	return nil
}

// connectTCP checks a tcp:// endpoint's syntax, as zmq_connect does, and connects to it.
func (s *Socket) connectTCP(endpoint, addr string) error {
	if _, err := tcp.ParseEndpoint(addr, false); err != nil {
		return err
	}
	if s.opts.SocksProxy != "" {
		if err := tcp.CheckSocksTarget(addr); err != nil { // a host a proxy can be asked for
			return err
		}
	}
	return s.connectStream(tcp.Inet, endpoint, addr)
}

// connectStream starts an active session that owns a connecter of family f. Without
// ZMQ_IMMEDIATE the pipe to the session exists from now on, so messages queue before the
// connection is up.
func (s *Socket) connectStream(f tcp.Family, endpoint, addr string) error {
	t, err := s.needIOThread(f)
	if err != nil {
		return err
	}
	mon := s.monitor
	sess := session.New(s.ctx.router(), session.Config{
		Thread: t, Socket: s.core(), Options: s.opts.Clone(), Endpoint: endpoint, Active: true,
		ZapConnect: s.connectZAP,
		Connecter: func(ss *session.Session, delayed bool) own.Owned {
			ct := s.ctx.ioThread(ss.Options().Affinity)
			return tcp.NewConnecterFor(f, s.ctx.router(), ct, ss, *ss.Options(), addr, delayed, mon)
		},
	})
	ref := endpointRef{child: sess}
	if !s.opts.Immediate {
		hwms, conflate := s.opts.PipeParams(s.opts.SndHWM, s.opts.RcvHWM)
		pipes := pipe.NewPair([2]pipe.Parent{s.core(), sess}, s.ctx.router(), hwms, conflate)
		s.attachPipe(pipes[0], false, true)
		sess.AttachPipe(pipes[1])
		ref.pipe = pipes[0]
	}
	s.own.LaunchChild(sess)
	s.addEndpoint(endpoint, ref)
	return nil
}
