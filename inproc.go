package zmq

import (
	"sync"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// inprocRegistry is the context's table of inproc endpoints, with the connections made to names
// not bound yet (libzmq's ctx_t endpoints and pending connections).
type inprocRegistry struct {
	mu      sync.Mutex
	bound   map[string]inprocBinding
	pending map[string][]pendingInproc
}

type inprocBinding struct {
	s    *Socket
	opts options.Options // the binder's options at bind time
}

// pendingInproc is a connect to a name nobody bound yet: its pipes exist, the binder's end waits.
type pendingInproc struct {
	connecter   *Socket
	opts        options.Options
	connectPipe *pipe.Pipe
	bindPipe    *pipe.Pipe
}

func (r *inprocRegistry) init() {
	r.bound = make(map[string]inprocBinding)
	r.pending = make(map[string][]pendingInproc)
}

// unregisterAll drops every name s bound and every connection s parked, and returns the far
// ends of the parked connections. Socket.Close calls it on the application's goroutine, so a
// Bind after Close never adopts a closed socket's connection: its queued messages are dropped.
// (libzmq would still deliver them to a later binder; we prefer a deterministic rule.)
func (r *inprocRegistry) unregisterAll(s *Socket) (parked []*pipe.Pipe) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for name, b := range r.bound {
		if b.s == s {
			delete(r.bound, name)
		}
	}
	for name, list := range r.pending {
		kept := list[:0]
		for _, pc := range list {
			if pc.connecter == s {
				parked = append(parked, pc.bindPipe)
			} else {
				kept = append(kept, pc)
			}
		}
		if len(kept) == 0 {
			delete(r.pending, name)
		} else {
			r.pending[name] = kept
		}
	}
	return parked
}

// parkedSink owns the far end of a parked inproc connection until a binder adopts it. That end
// lives on the connecter's thread, so if the connecter closes first the pair terminates there.
type parkedSink struct{}

func (parkedSink) ReadActivated(*pipe.Pipe)  {}
func (parkedSink) WriteActivated(*pipe.Pipe) {}
func (parkedSink) Hiccuped(*pipe.Pipe)       {}
func (parkedSink) PipeTerminated(*pipe.Pipe) {}

// sumHWM is the HWM of an inproc direction: the sender's plus the receiver's, unlimited if either is.
func sumHWM(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	return a + b
}

// sendRoutingID writes a socket's routing id into a pipe as its first message, for peers that
// record routing ids (ROUTER).
func sendRoutingID(p *pipe.Pipe, o *options.Options) {
	var m msg.Msg
	m.Init(o.RoutingID, msg.RoutingID)
	p.Write(&m)
	p.Flush()
}

func (s *Socket) bindInproc(endpoint string) error {
	r := &s.ctx.inproc
	r.mu.Lock()
	if _, taken := r.bound[endpoint]; taken {
		r.mu.Unlock()
		return zerr.With(zerr.ErrAddrInUse, "inproc endpoint %q is already bound", endpoint)
	}
	r.bound[endpoint] = inprocBinding{s: s, opts: s.opts.Clone()}
	pending := r.pending[endpoint]
	delete(r.pending, endpoint)
	r.mu.Unlock()
	for _, pc := range pending {
		s.completeInproc(pc)
	}
	s.lastEndpoint = endpoint
	return nil
}

// completeInproc attaches a pending connection's far end to the binder, s, now that it exists.
func (s *Socket) completeInproc(pc pendingInproc) {
	pc.bindPipe.SetThreadID(s.own.ThreadID())
	if !s.opts.RecvRoutingID {
		// The connecter always sent its routing id, not knowing whether we want it.
		var m msg.Msg
		pc.bindPipe.Read(&m)
	}
	if pc.opts.EffectiveConflate() {
		pc.connectPipe.SetHWMs(-1, -1)
		pc.bindPipe.SetHWMs(-1, -1)
	} else {
		// The connecter's end belongs to another goroutine: it learns its HWMs by command.
		pc.bindPipe.SendHWMsToPeer(sumHWM(pc.opts.RcvHWM, s.opts.SndHWM), sumHWM(pc.opts.SndHWM, s.opts.RcvHWM))
		pc.bindPipe.SetHWMsBoost(pc.opts.SndHWM, pc.opts.RcvHWM)
		pc.bindPipe.SetHWMs(s.opts.RcvHWM, s.opts.SndHWM)
	}
	s.attachPipe(pc.bindPipe, false, false)
	if pc.opts.RecvRoutingID {
		sendRoutingID(pc.bindPipe, &s.opts)
	}
	// Balances the seqnum the connecter counted when it parked the connection.
	s.own.SendInprocConnected(pc.connecter.core(), pc.connectPipe)
}

func (s *Socket) connectInproc(endpoint string) error {
	r := &s.ctx.inproc
	r.mu.Lock()
	peer, found := r.bound[endpoint]
	if found {
		peer.s.own.IncSeqnum() // the bind command below is counted by the peer
	}
	sndhwm, rcvhwm := s.opts.SndHWM, s.opts.RcvHWM
	if found {
		sndhwm, rcvhwm = sumHWM(s.opts.SndHWM, peer.opts.RcvHWM), sumHWM(s.opts.RcvHWM, peer.opts.SndHWM)
	}
	hwms, conflate := s.opts.PipeParams(sndhwm, rcvhwm)
	var parents [2]pipe.Parent
	parents[0], parents[1] = s.core(), s.core()
	if found {
		parents[1] = peer.s.core()
	}
	pipes := pipe.NewPair(parents, s.ctx.router(), hwms, conflate)
	pipes[0].SetEndpoint(endpoint, "")
	pipes[1].SetEndpoint(endpoint, "")
	if !found {
		// Not knowing whether the future binder wants our routing id, send it; it is dropped
		// at bind time if not.
		sendRoutingID(pipes[0], &s.opts)
		pipes[1].SetEventSink(parkedSink{}) // until a binder adopts it; see unregisterAll
		s.own.IncSeqnum()                   // balanced by inproc_connected or unregisterAll
		r.pending[endpoint] = append(r.pending[endpoint], pendingInproc{
			connecter: s, opts: s.opts.Clone(), connectPipe: pipes[0], bindPipe: pipes[1]})
		r.mu.Unlock()
	} else {
		r.mu.Unlock()
		if peer.opts.RecvRoutingID {
			sendRoutingID(pipes[0], &s.opts)
		}
		if s.opts.RecvRoutingID {
			sendRoutingID(pipes[1], &peer.opts)
		}
		s.own.SendBind(peer.s.core(), pipes[1], false) // counted under the registry lock above
	}
	// Attached only now, after the routing ids: attaching may write (PROBE_ROUTER's probe),
	// and the peer must read our id first.
	s.attachPipe(pipes[0], false, true)
	s.addEndpoint(endpoint, endpointRef{pipe: pipes[0]})
	return nil
}

func (s *Socket) unbindInproc(endpoint string) error {
	r := &s.ctx.inproc
	r.mu.Lock()
	b, ok := r.bound[endpoint]
	if ok && b.s == s {
		delete(r.bound, endpoint)
	}
	r.mu.Unlock()
	if !ok || b.s != s {
		return zerr.With(zerr.ErrNoEntry, "inproc endpoint %q is not bound by this socket", endpoint)
	}
	return nil
}

func (s *Socket) disconnectInproc(endpoint string) error {
	if !s.termEndpoint(endpoint) {
		return zerr.With(zerr.ErrNoEntry, "inproc endpoint %q is not connected", endpoint)
	}
	return nil
}
