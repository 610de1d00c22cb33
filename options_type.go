package zmq

import "github.com/zreactor/zmq/options"

// Options of particular socket types.

func (s *Socket) boolFor(name string, dst *bool, v bool, types ...options.Type) error {
	if err := s.onlyFor(name, types...); err != nil {
		return err
	}
	return s.setOpt(name, true, func() { *dst = v })
}

// SetRouterMandatory sets ZMQ_ROUTER_MANDATORY: sending to an unknown routing id fails with
// ErrHostUnreachable instead of dropping the message.
func (s *Socket) SetRouterMandatory(b bool) error {
	return s.boolFor("ROUTER_MANDATORY", &s.opts.RouterMandatory, b, options.ROUTER)
}

// RouterMandatory returns ZMQ_ROUTER_MANDATORY.
func (s *Socket) RouterMandatory() bool { return s.opts.RouterMandatory }

// SetRouterHandover sets ZMQ_ROUTER_HANDOVER: a new peer with a routing id in use takes it over.
func (s *Socket) SetRouterHandover(b bool) error {
	return s.boolFor("ROUTER_HANDOVER", &s.opts.RouterHandover, b, options.ROUTER)
}

// RouterHandover returns ZMQ_ROUTER_HANDOVER.
func (s *Socket) RouterHandover() bool { return s.opts.RouterHandover }

// SetRouterRaw sets ZMQ_ROUTER_RAW (deprecated in libzmq in favour of STREAM): the connections
// the ROUTER makes or accepts afterwards speak no ZMTP but carry raw bytes, as STREAM's do.
// Each gets an automatic routing id; a message received is [routing id, the bytes of one
// read], and an empty data frame marks the connection's opening and its end (libzmq keeps
// STREAM_NOTIFY's default on for it and offers no way to turn it off). Sending [routing id,
// data] writes data as it is, MORE ignored; sending an empty data frame closes that connection.
// Set it before Bind and Connect, as in libzmq. Setting it false, unlike libzmq (which then
// keeps its connections raw but stops closing them on an empty frame), makes the socket a
// plain ROUTER again for later connections.
func (s *Socket) SetRouterRaw(b bool) error {
	if err := s.onlyFor("ROUTER_RAW", options.ROUTER); err != nil {
		return err
	}
	return s.setOpt("ROUTER_RAW", true, func() { s.opts.RawSocket, s.opts.RecvRoutingID = b, !b })
}

// RouterRaw returns ZMQ_ROUTER_RAW (libzmq cannot read it back).
func (s *Socket) RouterRaw() bool { return s.opts.Type == options.ROUTER && s.opts.RawSocket }

// SetProbeRouter sets ZMQ_PROBE_ROUTER: an empty message is sent to each new peer.
func (s *Socket) SetProbeRouter(b bool) error {
	return s.boolFor("PROBE_ROUTER", &s.opts.ProbeRouter, b, options.ROUTER, options.DEALER, options.REQ)
}

// ProbeRouter returns ZMQ_PROBE_ROUTER.
func (s *Socket) ProbeRouter() bool { return s.opts.ProbeRouter }

// SetReqCorrelate sets ZMQ_REQ_CORRELATE: replies must carry the request's id.
func (s *Socket) SetReqCorrelate(b bool) error {
	return s.boolFor("REQ_CORRELATE", &s.opts.ReqCorrelate, b, options.REQ)
}

// ReqCorrelate returns ZMQ_REQ_CORRELATE.
func (s *Socket) ReqCorrelate() bool { return s.opts.ReqCorrelate }

// SetReqRelaxed sets ZMQ_REQ_RELAXED: a new request may be sent before the reply arrives.
func (s *Socket) SetReqRelaxed(b bool) error {
	return s.boolFor("REQ_RELAXED", &s.opts.ReqRelaxed, b, options.REQ)
}

// ReqRelaxed returns ZMQ_REQ_RELAXED.
func (s *Socket) ReqRelaxed() bool { return s.opts.ReqRelaxed }

// SetXPubVerbose sets ZMQ_XPUB_VERBOSE: pass every subscription up, not only new topics.
func (s *Socket) SetXPubVerbose(b bool) error {
	return s.boolFor("XPUB_VERBOSE", &s.opts.XPubVerbose, b, options.XPUB)
}

// XPubVerbose returns ZMQ_XPUB_VERBOSE.
func (s *Socket) XPubVerbose() bool { return s.opts.XPubVerbose }

// SetXPubVerboser sets ZMQ_XPUB_VERBOSER: pass every subscription and unsubscription up.
func (s *Socket) SetXPubVerboser(b bool) error {
	return s.boolFor("XPUB_VERBOSER", &s.opts.XPubVerboser, b, options.XPUB)
}

// XPubVerboser returns ZMQ_XPUB_VERBOSER.
func (s *Socket) XPubVerboser() bool { return s.opts.XPubVerboser }

// SetXPubManual sets ZMQ_XPUB_MANUAL: the application subscribes peers itself.
func (s *Socket) SetXPubManual(b bool) error {
	return s.boolFor("XPUB_MANUAL", &s.opts.XPubManual, b, options.XPUB)
}

// XPubManual returns ZMQ_XPUB_MANUAL.
func (s *Socket) XPubManual() bool { return s.opts.XPubManual }

// SetXPubNoDrop sets ZMQ_XPUB_NODROP: Send fails with ErrAgain instead of dropping at the HWM.
func (s *Socket) SetXPubNoDrop(b bool) error {
	return s.boolFor("XPUB_NODROP", &s.opts.XPubNoDrop, b, options.XPUB)
}

// XPubNoDrop returns ZMQ_XPUB_NODROP.
func (s *Socket) XPubNoDrop() bool { return s.opts.XPubNoDrop }

// SetMaxSubscriptions caps the subscriptions a PUB or XPUB keeps for each subscriber (each
// connection or inproc peer) at n; 0, the default, is no cap, libzmq's only behaviour. Beyond
// libzmq, whose subscription table grows with whatever subscribers send (1M subscriptions
// held 216 MB), so that one subscriber cannot make the publisher hold without limit. A
// subscription that would exceed the cap is ignored as if never sent: it is not kept, an
// XPUB's application does not receive it, and nothing is counted or reported (SUBSCRIBE has
// no answer, so the subscriber cannot tell). Resubscribing to a topic the subscriber holds
// and unsubscribing work as ever, the latter making room. Setting the cap drops nothing: a
// subscriber that holds more then gets no new subscription until it holds fewer than n.
func (s *Socket) SetMaxSubscriptions(n int) error {
	if err := s.onlyFor("MAX_SUBSCRIPTIONS", options.PUB, options.XPUB); err != nil {
		return err
	}
	return s.setOpt("MAX_SUBSCRIPTIONS", n >= 0, func() { s.opts.MaxSubscriptions = n })
}

// MaxSubscriptions returns the cap SetMaxSubscriptions set, 0 for none.
func (s *Socket) MaxSubscriptions() int { return s.opts.MaxSubscriptions }

// SetXPubWelcomeMsg sets ZMQ_XPUB_WELCOME_MSG, sent to every new subscriber (nil: none).
func (s *Socket) SetXPubWelcomeMsg(m []byte) error {
	if err := s.onlyFor("XPUB_WELCOME_MSG", options.XPUB); err != nil {
		return err
	}
	return s.setOpt("XPUB_WELCOME_MSG", true, func() { s.opts.XPubWelcomeMsg = append([]byte(nil), m...) })
}

// XPubWelcomeMsg returns ZMQ_XPUB_WELCOME_MSG (nil: none).
func (s *Socket) XPubWelcomeMsg() []byte { return append([]byte(nil), s.opts.XPubWelcomeMsg...) }

// SetInvertMatching sets ZMQ_INVERT_MATCHING (PUB, XPUB, SUB): deliver what does not match.
func (s *Socket) SetInvertMatching(b bool) error {
	return s.boolFor("INVERT_MATCHING", &s.opts.InvertMatching, b, options.PUB, options.XPUB, options.SUB)
}

// InvertMatching returns ZMQ_INVERT_MATCHING.
func (s *Socket) InvertMatching() bool { return s.opts.InvertMatching }

// SetStreamNotify sets ZMQ_STREAM_NOTIFY: STREAM sockets receive an empty message on connect
// and disconnect.
func (s *Socket) SetStreamNotify(b bool) error {
	return s.boolFor("STREAM_NOTIFY", &s.opts.StreamNotify, b, options.STREAM)
}

// StreamNotify returns ZMQ_STREAM_NOTIFY.
func (s *Socket) StreamNotify() bool { return s.opts.StreamNotify }
