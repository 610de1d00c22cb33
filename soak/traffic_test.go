//go:build soak

package soak

import (
	"errors"
	"time"

	"github.com/zreactor/zmq"
)

// handlerFor is what to do when a socket of type typ at one end of l has input.
func (s *soak) handlerFor(l *link, typ zmq.SocketType) func(*zmq.Socket) {
	switch {
	case typ == zmq.REP, typ == zmq.ROUTER:
		return s.echoAll
	case typ == l.kind.rx, l.kind.echo && typ == l.kind.tx:
		return s.deliverAll
	}
	return nil
}

// pump waits up to timeout for input and handles every socket that has some.
func (s *soak) pump(timeout time.Duration) {
	ready, err := s.poller.Poll(timeout)
	if err != nil {
		s.violate("Poll: %v", err)
		return
	}
	for _, p := range ready {
		if h := s.handlers[p.Socket]; h != nil {
			h(p.Socket)
		}
	}
}

// recvBurst is how many messages one handler call takes from a socket, so that one busy
// socket does not starve the others.
const recvBurst = 64

// deliverAll receives what sock has and checks each message against its link.
func (s *soak) deliverAll(sock *zmq.Socket) {
	for range recvBurst {
		frames, ok := s.recv(sock)
		if !ok {
			return
		}
		s.deliver(sock, frames)
		if sock.Type() == zmq.REQ {
			return // one reply per request: another Recv would be out of turn (EFSM)
		}
	}
}

// recv receives one message without waiting; false when there is none (or on an error,
// which it reports).
func (s *soak) recv(sock *zmq.Socket) ([][]byte, bool) {
	frames, err := sock.RecvMulti(zmq.DontWait)
	if errors.Is(err, zmq.ErrAgain) {
		return nil, false
	}
	if err != nil {
		s.violate("RecvMulti(%v): %v", sock, err)
		return nil, false
	}
	return frames, true
}

// echoAll sends every message sock has back where it came from: a REP answers each request
// with itself, a ROUTER sends it back to the routing id it came from (its first frame).
func (s *soak) echoAll(sock *zmq.Socket) {
	for range recvBurst {
		frames, ok := s.recv(sock)
		if !ok {
			return
		}
		s.echo(sock, frames)
	}
}

// echo sends frames back; a REP or ROUTER drops an answer its peer has gone from, which is
// not an error.
func (s *soak) echo(sock *zmq.Socket, frames [][]byte) {
	s.st.echoed++
	if err := sock.SendMulti(frames, zmq.DontWait); err != nil && !errors.Is(err, zmq.ErrAgain) &&
		!errors.Is(err, zmq.ErrHostUnreachable) {
		s.violate("echo SendMulti(%v): %v", sock, err)
	}
}

// deliver checks one received message: intact, of a link that exists and comes back to sock,
// not a duplicate, not reordered, and on a strict link the next one.
func (s *soak) deliver(sock *zmq.Socket, frames [][]byte) {
	id, err := decodeMessage(frames)
	if err != nil {
		s.violate("corrupt message at %v: %v", sock, err)
		return
	}
	l := s.links[id.link]
	if l == nil {
		if id.link >= s.nextID {
			s.violate("message of link %d, which never existed, at %v", id.link, sock)
		}
		s.st.late++ // a link retired while faulted: its stragglers may still come
		return
	}
	if want := l.receiver(); sock != want {
		s.violate("link %d (%s): message seq %d came to %v, not %v", l.id, l.kind.name, id.seq, sock, want)
		return
	}
	s.check(l, id.seq, frames)
}

// check applies the rules of the package doc to message seq of l: never a message that was
// not sent or came before; on a stable link each the next one, or for PUB/SUB, which drops,
// a later one. A faulted link may also reorder: when its connection breaks, the bound side
// still delivers what the old connection left in its pipe while the new connection delivers
// newer messages, fair-queued, as libzmq does.
func (s *soak) check(l *link, seq uint64, frames [][]byte) {
	switch {
	case seq >= l.nextSeq:
		s.violate("%s: received seq %d, but only %d were sent", l, seq, l.nextSeq)
	case l.got.has(seq):
		s.violate("%s: received seq %d a second time (highest so far %d)", l, seq, l.lastSeq)
	case l.strict() && int64(seq) != l.lastSeq+1:
		s.violate("%s: received seq %d after %d on a link nothing faulted: messages %d..%d lost or reordered",
			l, seq, l.lastSeq, l.lastSeq+1, int64(seq)-1)
	case l.stable && int64(seq) < l.lastSeq:
		s.violate("%s: received seq %d after %d on a link nothing faulted: reordered", l, seq, l.lastSeq)
	case l.kind.tx == zmq.REQ && seq != l.nextSeq-1:
		s.violate("%s: reply to request %d while waiting for %d (REQ_CORRELATE drops those)", l, seq, l.nextSeq-1)
	}
	l.got.add(seq)
	l.lastSeq = max(l.lastSeq, int64(seq))
	if size, ok := l.outstanding[seq]; ok {
		s.forget(l, seq, size)
	} else {
		s.st.late++ // written off already
	}
	l.progress = time.Now()
	s.st.received++
	s.st.perKind[l.kind.name].received++
	for _, f := range frames {
		s.st.receivedBytes += uint64(len(f))
	}
}

// forget takes message seq, of size bytes, out of the outstanding set of l.
func (s *soak) forget(l *link, seq uint64, size int) {
	delete(l.outstanding, seq)
	s.inflight -= size
}

// writeOff forgets every outstanding message of l, counted as lost.
func (s *soak) writeOff(l *link) {
	for seq, size := range l.outstanding {
		s.forget(l, seq, size)
		s.st.lost++
	}
}

// send sends a burst of messages on l, within its window and the run's in-flight bound. A
// REQ link sends one request at a time; once faulted it gives an unanswered request up after
// a second and sends the next (REQ_RELAXED), as an application would.
func (s *soak) send(l *link) bool {
	n := 1 + s.rng.IntN(20)
	if l.kind.tx == zmq.REQ {
		if len(l.outstanding) > 0 && (l.stable || time.Since(l.reqAt) < time.Second) {
			return false
		}
		n = 1
	}
	for i := 0; i < n; i++ {
		full := l.kind.tx != zmq.REQ && len(l.outstanding) >= l.window
		if full || s.inflight >= maxInflightBytes || !s.sendOne(l) {
			return i > 0
		}
	}
	return true
}

// sendOne sends the next message of l; false if the socket would block (the HWM).
func (s *soak) sendOne(l *link) bool {
	parts := 1
	if s.rng.IntN(10) == 0 {
		parts = 2 + s.rng.IntN(2)
	}
	frames := make([][]byte, parts)
	size := 0
	for i := range frames {
		frames[i] = encodeFrame(l.id, l.nextSeq, i, parts, messageSize(s.rng, s.inflight < bigInflightBytes))
		size += len(frames[i])
	}
	err := l.tx.sock.SendMulti(frames, zmq.DontWait)
	if errors.Is(err, zmq.ErrAgain) {
		s.st.eagain++
		return false
	}
	if err != nil {
		s.violate("%s: SendMulti: %v", l, err)
		return false
	}
	if len(l.outstanding) == 0 {
		l.progress = time.Now()
	}
	l.outstanding[l.nextSeq] = size
	s.inflight += size
	l.nextSeq++
	l.reqAt = time.Now()
	s.st.sent++
	s.st.sentBytes += uint64(size)
	s.st.perKind[l.kind.name].sent++
	return true
}

// writeOffStalled counts as lost what a faulted or lossy link has had outstanding without
// any progress for stallWriteOff: a message in a connection that broke never comes.
func (s *soak) writeOffStalled(now time.Time) {
	for _, l := range s.links {
		if !l.strict() && len(l.outstanding) > 0 && now.Sub(l.progress) >= stallWriteOff {
			s.writeOff(l)
		}
	}
}

// drain pumps until every strict link in ls has received all it sent, or drainTimeout; a
// strict link still missing messages then is a violation.
func (s *soak) drain(ls []*link) {
	deadline := time.Now().Add(drainTimeout)
	for {
		waiting := 0
		for _, l := range ls {
			if l.strict() && len(l.outstanding) > 0 {
				waiting++
			}
		}
		if waiting == 0 || len(s.violations) > 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, l := range ls {
				if l.strict() && len(l.outstanding) > 0 {
					s.violate("%s: %d messages (seq %d...) sent on a link nothing faulted never arrived within %v",
						l, len(l.outstanding), l.lastSeq+1, drainTimeout)
				}
			}
			return
		}
		s.pump(5 * time.Millisecond)
		s.maintain(time.Now())
	}
}
