package options

// How a socket type's queues behave at their high-water marks.

// EffectiveConflate reports whether CONFLATE applies: libzmq honours it only for DEALER, PULL,
// PUSH, PUB and SUB.
func (o *Options) EffectiveConflate() bool {
	if !o.Conflate {
		return false
	}
	switch o.Type {
	case DEALER, PULL, PUSH, PUB, SUB:
		return true
	}
	return false
}

// BlocksAtHWM reports whether the socket type blocks (or returns EAGAIN) when a pipe reaches
// SNDHWM rather than dropping the message: PUSH, DEALER, REQ and PAIR. PUB, XPUB, ROUTER and
// REP drop (ROUTER_MANDATORY aside).
func (o *Options) BlocksAtHWM() bool {
	switch o.Type {
	case PUSH, DEALER, REQ, PAIR:
		return true
	}
	return false
}

// PeersBlockAtHWM reports whether every peer the socket type talks to blocks at its SNDHWM
// rather than dropping: PULL (PUSH), PAIR (PAIR), REP (REQ, DEALER). A byte bound on what such
// a socket queues only makes its peers wait sooner; for the others (SUB under PUB, DEALER under
// ROUTER...) it would make the peer drop messages libzmq delivers.
func (o *Options) PeersBlockAtHWM() bool {
	switch o.Type {
	case PULL, PAIR, REP:
		return true
	}
	return false
}

// PipeParams returns the HWMs and conflate flags for pipe.NewPair, given the HWM of each
// direction (first: from end 0 to end 1). With CONFLATE in effect both ends keep only the last
// message and the HWMs do not apply, as libzmq's pipepair callers do.
func (o *Options) PipeParams(first, second int) (hwms [2]int, conflate [2]bool) {
	if o.EffectiveConflate() {
		return [2]int{-1, -1}, [2]bool{true, true}
	}
	return [2]int{first, second}, [2]bool{}
}
