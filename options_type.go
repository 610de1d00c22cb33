package zmq

import "github.com/zreactor/zmq/options"

// Options of particular socket types.

func (s *Socket) boolFor(name string, dst *bool, v bool, types ...options.Type) error {
	if err := s.onlyFor(name, types...); err != nil {
		return err
	}
	*dst = v
	return nil
}

// SetRouterMandatory sets ZMQ_ROUTER_MANDATORY: sending to an unknown routing id fails with
// ErrHostUnreachable instead of dropping the message.
func (s *Socket) SetRouterMandatory(b bool) error {
	return s.boolFor("ROUTER_MANDATORY", &s.opts.RouterMandatory, b, options.ROUTER)
}

// SetRouterHandover sets ZMQ_ROUTER_HANDOVER: a new peer with a routing id in use takes it over.
func (s *Socket) SetRouterHandover(b bool) error {
	return s.boolFor("ROUTER_HANDOVER", &s.opts.RouterHandover, b, options.ROUTER)
}

// SetProbeRouter sets ZMQ_PROBE_ROUTER: an empty message is sent to each new peer.
func (s *Socket) SetProbeRouter(b bool) error {
	return s.boolFor("PROBE_ROUTER", &s.opts.ProbeRouter, b, options.ROUTER, options.DEALER, options.REQ)
}

// SetReqCorrelate sets ZMQ_REQ_CORRELATE: replies must carry the request's id.
func (s *Socket) SetReqCorrelate(b bool) error {
	return s.boolFor("REQ_CORRELATE", &s.opts.ReqCorrelate, b, options.REQ)
}

// SetReqRelaxed sets ZMQ_REQ_RELAXED: a new request may be sent before the reply arrives.
func (s *Socket) SetReqRelaxed(b bool) error {
	return s.boolFor("REQ_RELAXED", &s.opts.ReqRelaxed, b, options.REQ)
}

// SetXPubVerbose sets ZMQ_XPUB_VERBOSE: pass every subscription up, not only new topics.
func (s *Socket) SetXPubVerbose(b bool) error {
	return s.boolFor("XPUB_VERBOSE", &s.opts.XPubVerbose, b, options.XPUB)
}

// SetXPubVerboser sets ZMQ_XPUB_VERBOSER: pass every subscription and unsubscription up.
func (s *Socket) SetXPubVerboser(b bool) error {
	return s.boolFor("XPUB_VERBOSER", &s.opts.XPubVerboser, b, options.XPUB)
}

// SetXPubManual sets ZMQ_XPUB_MANUAL: the application subscribes peers itself.
func (s *Socket) SetXPubManual(b bool) error {
	return s.boolFor("XPUB_MANUAL", &s.opts.XPubManual, b, options.XPUB)
}

// SetXPubNoDrop sets ZMQ_XPUB_NODROP: Send fails with ErrAgain instead of dropping at the HWM.
func (s *Socket) SetXPubNoDrop(b bool) error {
	return s.boolFor("XPUB_NODROP", &s.opts.XPubNoDrop, b, options.XPUB)
}

// SetXPubWelcomeMsg sets ZMQ_XPUB_WELCOME_MSG, sent to every new subscriber (nil: none).
func (s *Socket) SetXPubWelcomeMsg(m []byte) error {
	if err := s.onlyFor("XPUB_WELCOME_MSG", options.XPUB); err != nil {
		return err
	}
	s.opts.XPubWelcomeMsg = append([]byte(nil), m...)
	return nil
}

// SetInvertMatching sets ZMQ_INVERT_MATCHING (PUB, XPUB, SUB): deliver what does not match.
func (s *Socket) SetInvertMatching(b bool) error {
	return s.boolFor("INVERT_MATCHING", &s.opts.InvertMatching, b, options.PUB, options.XPUB, options.SUB)
}

// SetStreamNotify sets ZMQ_STREAM_NOTIFY: STREAM sockets receive an empty message on connect
// and disconnect.
func (s *Socket) SetStreamNotify(b bool) error {
	return s.boolFor("STREAM_NOTIFY", &s.opts.StreamNotify, b, options.STREAM)
}
