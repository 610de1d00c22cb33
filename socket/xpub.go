package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// pending is a frame XPUB holds for its application: a (un)subscription or a message a
// subscriber sent upstream.
type pending struct {
	m     msg.Msg
	p     *pipe.Pipe // XPUB_MANUAL: the pipe the subscription came from (nil: none)
	isSub bool       // m is a (un)subscription, which sets the manual "last pipe"
}

// xpubSocket is XPUB, and PUB with isPub set (libzmq xpub_t and pub_t, RFC 29): it distributes
// each message to the pipes subscribed to a prefix of its first frame, dropping it for pipes
// that are full unless XPUB_NODROP. XPUB also passes subscriptions to the application: each
// topic's first subscription and last cancellation (all of them with XPUB_VERBOSE/VERBOSER),
// as 0x01/0x00 + topic. With XPUB_MANUAL the application decides what each subscriber gets, by
// setting Subscribe/Unsubscribe after reading its subscription.
type xpubSocket struct {
	noHiccup
	opts  *options.Options
	isPub bool
	dist  dist
	subs  mtrie[*pipe.Pipe]
	// manualSubs is what subscribers asked for under XPUB_MANUAL, to report their
	// cancellation when they go away.
	manualSubs mtrie[*pipe.Pipe]

	moreSend bool
	pending  []pending // FIFO; head at pendingHead
	head     int
	lastPipe *pipe.Pipe // XPUB_MANUAL: pipe of the last subscription read

	markFn  func(*pipe.Pipe) // bound once: method values allocate
	unsubFn func([]byte)

	// held counts each subscriber's subscriptions (manualSubs' under XPUB_MANUAL), for
	// MaxSubscriptions; made on first use.
	held map[*pipe.Pipe]int
}

func newXPub(opts *options.Options, isPub bool) *xpubSocket {
	s := &xpubSocket{opts: opts, isPub: isPub, dist: newDist()}
	s.markFn = s.dist.match
	s.unsubFn = s.sendUnsubscription
	return s
}

func (s *xpubSocket) manual() bool        { return s.opts.XPubManual && !s.isPub }
func (s *xpubSocket) verboseSubs() bool   { return s.opts.XPubVerbose || s.opts.XPubVerboser }
func (s *xpubSocket) verboseUnsubs() bool { return s.opts.XPubVerboser }

func (s *xpubSocket) AttachPipe(p *pipe.Pipe, subscribeToAll, _ bool) {
	if s.isPub {
		// PUB never reads user messages, so termination must not wait for them.
		p.SetNoDelay()
	}
	s.dist.attach(p)
	if subscribeToAll {
		s.subscribe(&s.subs, nil, p)
	}
	if w := s.opts.XPubWelcomeMsg; len(w) > 0 {
		var m msg.Msg
		m.Init(w, 0)
		if p.Write(&m) {
			p.Flush()
		}
	}
	// The pipe starts readable: pick up subscriptions already waiting.
	s.ReadActivated(p)
}

func (s *xpubSocket) ReadActivated(p *pipe.Pipe) {
	var m msg.Msg
	for p.Read(&m) {
		s.processInbound(p, &m)
	}
}

// processInbound handles one frame from a subscriber.
func (s *xpubSocket) processInbound(p *pipe.Pipe, m *msg.Msg) {
	topic, subscribe, ok := parseSubscription(m)
	if !ok {
		// A message sent upstream by an XSUB; PUB has no use for it, and commands other than
		// SUBSCRIBE/CANCEL never reach the application.
		if !s.isPub && !m.IsCommand() {
			s.push(pending{m: *m})
		}
		return
	}
	if s.manual() {
		if subscribe {
			if _, ok := s.subscribe(&s.manualSubs, topic, p); !ok {
				return
			}
		} else {
			s.unsubscribe(&s.manualSubs, topic, p)
		}
		s.pushSub(topic, subscribe, m.Metadata(), p)
		return
	}
	var notify bool
	if subscribe {
		first, ok := s.subscribe(&s.subs, topic, p)
		if !ok {
			return
		}
		notify = first || s.verboseSubs()
	} else {
		notify = s.unsubscribe(&s.subs, topic, p) != rmValuesRemain || s.verboseUnsubs()
	}
	if notify && !s.isPub {
		s.pushSub(topic, subscribe, m.Metadata(), p)
	}
}

// subscribe adds a subscriber's subscription to t, unless the subscriber already holds
// MaxSubscriptions others: beyond libzmq, whose subscription table grows without limit, a
// PUB or XPUB may cap what each subscriber makes it hold. A subscription over the cap is
// ignored, as if it had never come (XPUB's application does not see it either), and not
// counted anywhere: a subscriber cannot tell, since SUBSCRIBE has no answer. It reports
// whether the topic had no subscriber before, and whether the subscription was taken.
func (s *xpubSocket) subscribe(t *mtrie[*pipe.Pipe], topic []byte, p *pipe.Pipe) (first, ok bool) {
	if limit := s.opts.MaxSubscriptions; limit > 0 && s.held[p] >= limit && !t.has(topic, p) {
		return false, false
	}
	first, added := t.insert(topic, p)
	if added {
		if s.held == nil {
			s.held = make(map[*pipe.Pipe]int)
		}
		s.held[p]++
	}
	return first, true
}

// unsubscribe removes a subscriber's subscription from t.
func (s *xpubSocket) unsubscribe(t *mtrie[*pipe.Pipe], topic []byte, p *pipe.Pipe) rmResult {
	r := t.rm(topic, p)
	if r != rmNotFound {
		s.held[p]--
	}
	return r
}

// pushSub queues a (un)subscription for the application, always in the 0x01/0x00 form.
func (s *xpubSocket) pushSub(topic []byte, subscribe bool, md *msg.Metadata, p *pipe.Pipe) {
	e := pending{p: p, isSub: true}
	subscriptionMsg(&e.m, topic, subscribe)
	e.m.SetMetadata(md)
	s.push(e)
}

// sendUnsubscription reports a topic that a departed subscriber took with it.
func (s *xpubSocket) sendUnsubscription(topic []byte) {
	if s.isPub {
		return
	}
	if s.manual() {
		s.lastPipe = nil
	}
	s.pushSub(topic, false, nil, nil)
}

func (s *xpubSocket) push(e pending) {
	if s.head > 0 && s.head == len(s.pending) {
		s.pending, s.head = s.pending[:0], 0
	}
	s.pending = append(s.pending, e)
}

func (s *xpubSocket) WriteActivated(p *pipe.Pipe) { s.dist.activated(p) }

func (s *xpubSocket) PipeTerminated(p *pipe.Pipe) {
	if s.manual() {
		s.manualSubs.rmPipe(p, s.unsubFn, false)
		s.subs.rmPipe(p, nil, false)
	} else {
		s.subs.rmPipe(p, s.unsubFn, !s.verboseUnsubs())
	}
	s.dist.pipeTerminated(p)
	delete(s.held, p)
	// Forget p wherever XPUB_MANUAL could still pick it as the last pipe.
	if s.lastPipe == p {
		s.lastPipe = nil
	}
	for i := s.head; i < len(s.pending); i++ {
		if s.pending[i].p == p {
			s.pending[i].p = nil
		}
	}
}

func (s *xpubSocket) Send(m *msg.Msg) error {
	more := m.More()
	if !s.moreSend {
		// Matching is decided by the first frame; a failed attempt may have left marks.
		s.dist.unmatch()
		s.subs.match(m.Bytes(), s.markFn)
		if s.opts.InvertMatching {
			s.dist.reverseMatch()
		}
	}
	if s.opts.XPubNoDrop && !s.dist.checkHWM() {
		return zerr.ErrAgain
	}
	s.dist.sendToMatching(m)
	if !more {
		s.dist.unmatch()
	}
	s.moreSend = more
	return nil
}

func (s *xpubSocket) HasOut() bool { return true }

func (s *xpubSocket) Recv(m *msg.Msg) error {
	if s.isPub {
		return zerr.ErrNotSupported
	}
	if s.head == len(s.pending) {
		return zerr.ErrAgain
	}
	e := &s.pending[s.head]
	if s.manual() && e.isSub {
		s.lastPipe = e.p
	}
	*m = e.m
	*e = pending{}
	s.head++
	return nil
}

func (s *xpubSocket) HasIn() bool { return !s.isPub && s.head < len(s.pending) }

// SetOption handles Subscribe and Unsubscribe under XPUB_MANUAL: they apply to the subscriber
// whose subscription the application read last. Without XPUB_MANUAL they are not XPUB options.
func (s *xpubSocket) SetOption(opt Option, val []byte) (bool, error) {
	if (opt != Subscribe && opt != Unsubscribe) || !s.manual() {
		return false, nil
	}
	if s.lastPipe != nil {
		if opt == Subscribe {
			s.subs.add(val, s.lastPipe)
		} else {
			s.subs.rm(val, s.lastPipe)
		}
	}
	return true, nil
}
