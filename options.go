package zmq

import (
	"time"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/socket"
)

// Options are set and read with one typed method per libzmq option. Setters return an error
// wrapping EINVAL for a value out of range and for an option that does not apply to the socket
// type. Like libzmq, most options apply to later Bind and Connect calls; HWMs and a few others
// also apply to existing connections.

// setOpt is the shared body of every setter: it takes the socket (closed socket, closing
// context, another goroutine inside it), then checks the value and stores it.
func (s *Socket) setOpt(name string, ok bool, store func()) error {
	if err := s.enter(callOption); err != nil {
		return err
	}
	defer s.exit()
	if !ok {
		return zerr.With(zerr.ErrInvalid, "%s: value out of range", name)
	}
	store()
	return nil
}

// onlyFor reports an EINVAL naming the option when the socket type is not among types. The
// type never changes, so it is read without taking the socket.
func (s *Socket) onlyFor(name string, types ...options.Type) error {
	for _, t := range types {
		if s.opts.Type == t {
			return nil
		}
	}
	return zerr.With(zerr.ErrInvalid, "%s does not apply to a %v socket", name, s.opts.Type)
}

// Forever is the value duration getters return for libzmq's -1, "no limit" (Linger,
// RcvTimeo, SndTimeo, ReconnectIvl's "never reconnect", HeartbeatTimeout's "as the interval").
// Setters take any negative duration for it.
const Forever time.Duration = -1

// normDur maps every negative duration to Forever, libzmq's -1.
func normDur(d time.Duration) time.Duration {
	if d < 0 {
		return Forever
	}
	return d
}

// SetSndHWM sets ZMQ_SNDHWM, the outbound queue limit in messages (0: unlimited). Over TCP,
// for the types that block at SNDHWM (PUSH, DEALER, REQ, PAIR), a connection's queue also
// counts as full once it holds session.OutboundBytes (2 MiB) of bodies and at least a tenth of
// SNDHWM in messages (libzmq documents that the actual limit "may be as much as 90% lower
// depending on the flow of messages"); SNDHWM 0 lifts that bound too, for the connections
// made afterwards. Types that drop at SNDHWM keep it in messages only.
func (s *Socket) SetSndHWM(n int) error {
	return s.setOpt("SNDHWM", n >= 0, func() { s.opts.SndHWM = n; s.updatePipeHWMs() })
}

// SetRcvHWM sets ZMQ_RCVHWM, the inbound queue limit in messages (0: unlimited). Over TCP, for
// the types whose peers block rather than drop at their SNDHWM (PULL, PAIR, REP), a connection
// also stops queueing once its queued frames hold session.InboundBytes (2 MiB) of bodies, so
// big frames never pile up RCVHWM deep (libzmq documents that the actual limit may be lower
// than RCVHWM, depending on the transport); RCVHWM 0 lifts that bound too, for the
// connections made afterwards.
func (s *Socket) SetRcvHWM(n int) error {
	return s.setOpt("RCVHWM", n >= 0, func() { s.opts.RcvHWM = n; s.updatePipeHWMs() })
}

// SndHWM returns ZMQ_SNDHWM.
func (s *Socket) SndHWM() int { return s.opts.SndHWM }

// RcvHWM returns ZMQ_RCVHWM.
func (s *Socket) RcvHWM() int { return s.opts.RcvHWM }

// updatePipeHWMs applies new HWMs to existing pipes, as libzmq 4.3's update_pipe_options does.
func (s *Socket) updatePipeHWMs() {
	for _, p := range s.pipes {
		p.SetHWMs(s.opts.RcvHWM, s.opts.SndHWM)
		p.SendHWMsToPeer(s.opts.SndHWM, s.opts.RcvHWM)
	}
}

// SetLinger sets ZMQ_LINGER: how long Close keeps sending pending messages (negative: forever).
// Unlike other options, it may be set once the context is closing, before Close.
func (s *Socket) SetLinger(d time.Duration) error {
	if err := s.take(callOption); err != nil {
		return err
	}
	defer s.exit()
	if s.closed {
		return ErrNotSocket
	}
	s.opts.Linger = normDur(d)
	s.own.SetLinger(s.opts.Linger) // what Unbind and Disconnect hand their children
	return nil
}

// Linger returns ZMQ_LINGER (Forever: no limit).
func (s *Socket) Linger() time.Duration { return s.opts.Linger }

// SetRcvTimeo sets ZMQ_RCVTIMEO: how long Recv blocks before ErrAgain (negative: forever).
func (s *Socket) SetRcvTimeo(d time.Duration) error {
	return s.setOpt("RCVTIMEO", true, func() { s.opts.RcvTimeo = normDur(d) })
}

// RcvTimeo returns ZMQ_RCVTIMEO (Forever: Recv blocks without limit).
func (s *Socket) RcvTimeo() time.Duration { return s.opts.RcvTimeo }

// SetSndTimeo sets ZMQ_SNDTIMEO: how long Send blocks before ErrAgain (negative: forever).
func (s *Socket) SetSndTimeo(d time.Duration) error {
	return s.setOpt("SNDTIMEO", true, func() { s.opts.SndTimeo = normDur(d) })
}

// SndTimeo returns ZMQ_SNDTIMEO (Forever: Send blocks without limit).
func (s *Socket) SndTimeo() time.Duration { return s.opts.SndTimeo }

// SetRoutingID sets ZMQ_ROUTING_ID, 1 to 255 bytes; ids starting with a zero byte are reserved
// for generated ids, as in libzmq.
func (s *Socket) SetRoutingID(id []byte) error {
	ok := len(id) >= 1 && len(id) <= 255 && id[0] != 0
	return s.setOpt("ROUTING_ID", ok, func() { s.opts.RoutingID = append([]byte(nil), id...) })
}

// RoutingID returns ZMQ_ROUTING_ID.
func (s *Socket) RoutingID() []byte { return append([]byte(nil), s.opts.RoutingID...) }

// SetConnectRoutingID sets ZMQ_CONNECT_ROUTING_ID for the next Connect (ROUTER, STREAM).
func (s *Socket) SetConnectRoutingID(id []byte) error {
	if err := s.onlyFor("CONNECT_ROUTING_ID", options.ROUTER, options.STREAM); err != nil {
		return err
	}
	ok := len(id) >= 1 && len(id) <= 255
	return s.setOpt("CONNECT_ROUTING_ID", ok, func() { s.opts.ConnectRID = append([]byte(nil), id...) })
}

// ConnectRoutingID returns ZMQ_CONNECT_ROUTING_ID, the routing id the next Connect gives its peer.
func (s *Socket) ConnectRoutingID() []byte { return append([]byte(nil), s.opts.ConnectRID...) }

// SetAffinity sets ZMQ_AFFINITY: the I/O threads (bit i = thread i) new connections may use.
func (s *Socket) SetAffinity(mask uint64) error {
	return s.setOpt("AFFINITY", true, func() { s.opts.Affinity = mask })
}

// Affinity returns ZMQ_AFFINITY.
func (s *Socket) Affinity() uint64 { return s.opts.Affinity }

// SetSubscribe adds a subscription (SUB, XSUB) or, with XPUB_MANUAL, subscribes the last peer.
func (s *Socket) SetSubscribe(topic []byte) error {
	return s.typeOption(socket.Subscribe, "SUBSCRIBE", topic)
}

// SetUnsubscribe removes a subscription.
func (s *Socket) SetUnsubscribe(topic []byte) error {
	return s.typeOption(socket.Unsubscribe, "UNSUBSCRIBE", topic)
}

func (s *Socket) typeOption(o socket.Option, name string, val []byte) error {
	if err := s.enter(callOption); err != nil {
		return err
	}
	defer s.exit()
	if err := s.processCommands(0); err != nil {
		return err
	}
	if setter, ok := s.impl.(socket.OptionSetter); ok {
		handled, err := setter.SetOption(o, val)
		if handled {
			return err
		}
	}
	return zerr.With(zerr.ErrInvalid, "%s does not apply to a %v socket", name, s.opts.Type)
}
