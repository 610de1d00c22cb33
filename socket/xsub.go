package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// xsubSocket is XSUB, and SUB with isSub set (libzmq xsub_t and sub_t, RFC 29). Subscriptions
// (0x01/0x00 + topic frames, sent by an XSUB application or made by SUB's Subscribe option) go
// to every publisher and are kept in a reference-counted trie, so they can be sent again to a
// new or reconnected publisher. A cancellation goes out only when the last subscription to its
// topic is gone. SUB also filters what it receives against the trie, as publishers on old
// protocols may send everything; XSUB does not, as in libzmq.
type xsubSocket struct {
	opts  *options.Options
	isSub bool
	fq    fq
	dist  dist
	subs  trie

	hasMessage bool // message is a matching first frame fetched by HasIn
	message    msg.Msg
	moreRecv   bool // the frames being read belong to an accepted message

	resendTo *pipe.Pipe   // target of resendFn
	resendFn func([]byte) // bound once: method values allocate
}

func newXSub(opts *options.Options, isSub bool) *xsubSocket {
	s := &xsubSocket{opts: opts, isSub: isSub, fq: newFQ(), dist: newDist()}
	s.resendFn = s.sendSubscription
	return s
}

func (s *xsubSocket) AttachPipe(p *pipe.Pipe, _, _ bool) {
	s.fq.attach(p)
	s.dist.attach(p)
	s.resend(p)
}

// Hiccuped: the publisher's side of p was replaced, and with it what it knew of our subscriptions.
func (s *xsubSocket) Hiccuped(p *pipe.Pipe) { s.resend(p) }

// resend sends every cached subscription to p. Those that do not fit under the SNDHWM are
// dropped, as libzmq does (a known limit: libzmq #2258).
func (s *xsubSocket) resend(p *pipe.Pipe) {
	s.resendTo = p
	s.subs.apply(s.resendFn)
	s.resendTo = nil
	p.Flush()
}

func (s *xsubSocket) sendSubscription(topic []byte) {
	var m msg.Msg
	subscriptionMsg(&m, topic, true)
	s.resendTo.Write(&m)
}

func (s *xsubSocket) ReadActivated(p *pipe.Pipe)  { s.fq.activated(p) }
func (s *xsubSocket) WriteActivated(p *pipe.Pipe) { s.dist.activated(p) }

func (s *xsubSocket) PipeTerminated(p *pipe.Pipe) {
	s.fq.pipeTerminated(p)
	s.dist.pipeTerminated(p)
}

func (s *xsubSocket) Send(m *msg.Msg) error {
	if s.isSub {
		return zerr.ErrNotSupported
	}
	return s.xsend(m)
}

// xsend forwards a frame upstream, keeping the subscription cache current. Every frame
// starting with 0x00/0x01 counts as a (un)subscription, as in libzmq.
func (s *xsubSocket) xsend(m *msg.Msg) error {
	topic, subscribe, ok := parseSubscription(m)
	switch {
	case !ok:
	case subscribe:
		// Duplicates go upstream too: XPUB counts them for XPUB_VERBOSE.
		s.subs.add(topic)
	case !s.subs.rm(topic):
		m.Reset() // other subscriptions to the topic remain: nothing to tell publishers
		return nil
	}
	s.dist.sendToAll(m)
	return nil
}

// HasOut: subscriptions can be added or removed at any time.
func (s *xsubSocket) HasOut() bool { return !s.isSub }

func (s *xsubSocket) Recv(m *msg.Msg) error {
	if s.hasMessage {
		*m = s.message
		s.message.Reset()
		s.hasMessage = false
		s.moreRecv = m.More()
		return nil
	}
	for {
		if err := s.fq.recv(m); err != nil {
			return err
		}
		if s.moreRecv || s.match(m) {
			s.moreRecv = m.More()
			return nil
		}
		s.dropRest(m)
	}
}

func (s *xsubSocket) HasIn() bool {
	if s.moreRecv || s.hasMessage {
		return true
	}
	for {
		if s.fq.recv(&s.message) != nil {
			return false
		}
		if s.match(&s.message) {
			s.hasMessage = true
			return true
		}
		s.dropRest(&s.message)
	}
}

// dropRest discards the remaining frames of a message that did not match.
func (s *xsubSocket) dropRest(m *msg.Msg) {
	for m.More() {
		if s.fq.recv(m) != nil {
			return
		}
	}
}
