package zmq

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
	"github.com/zreactor/zmq/zmtp"
)

// connectZAP is the session.Config.ZapConnect of the sessions of s: it connects a session to
// the ZAP handler bound at inproc://zeromq.zap.01 in s's context (libzmq
// session_base_t::zap_connect). It runs on the session's I/O thread, so it touches nothing
// of s but its immutable context; the registry is locked, and the handler is counted a
// seqnum before the lock is released, so it cannot finish closing before it has taken the
// pipe.
func (s *Socket) connectZAP(parent pipe.Parent) (*pipe.Pipe, error) {
	r := &s.ctx.inproc
	r.mu.Lock()
	h, found := r.bound[zmtp.ZapEndpoint]
	if found && h.opts.Type != options.REP && h.opts.Type != options.ROUTER {
		r.mu.Unlock()
		// libzmq asserts here; refusing is the closest a library should come.
		return nil, zerr.With(zerr.ErrInvalid, "the ZAP handler at %s is a %v socket, not REP or ROUTER",
			zmtp.ZapEndpoint, h.opts.Type)
	}
	if found {
		h.s.own.IncSeqnum() // the bind command below is counted by the handler
	}
	r.mu.Unlock()
	if !found {
		return nil, zerr.With(zerr.ErrConnRefused, "no ZAP handler bound at %s", zmtp.ZapEndpoint)
	}
	// Unlimited both ways: requests and replies are few, and neither side may block.
	pipes := pipe.NewPair([2]pipe.Parent{parent, h.s.core()}, s.ctx.router(), [2]int{0, 0}, [2]bool{})
	if h.opts.RecvRoutingID {
		// The handler takes the first message as our routing id: an empty one, so it
		// makes one up (REP and ROUTER both record them).
		var id msg.Msg
		id.Init(nil, msg.RoutingID)
		pipes[0].Write(&id)
		pipes[0].Flush()
	}
	s.own.SendBind(h.s.core(), pipes[1], false) // counted under the registry lock above
	return pipes[0], nil
}
