//go:build soak

package soak

import (
	"errors"
	"fmt"
	"time"

	"github.com/zreactor/zmq"
)

// op is one kind of random operation; do reports whether it found something to do.
type op struct {
	name   string
	weight int
	do     func(*soak) bool
}

var ops = []op{
	{"send", 400, (*soak).opSend},
	{"recv", 250, (*soak).opRecv},
	{"new-link", 60, (*soak).opNewLink},
	{"retire-link", 25, (*soak).opRetire},
	{"disconnect", 20, (*soak).opDisconnect},
	{"connect", 30, (*soak).opConnect},
	{"unbind", 15, (*soak).opUnbind},
	{"bind", 30, (*soak).opBind},
	{"close-reopen", 15, (*soak).opCloseReopen},
	{"resubscribe", 10, (*soak).opResubscribe},
	{"collector-fault", 3, (*soak).opCollectorFault},
	{"close-blocked", 3, (*soak).opCloseBlocked},
	{"scratch-context", 2, (*soak).opScratchContext},
}

// pickOp chooses an operation by weight.
func (s *soak) pickOp() *op {
	total := 0
	for i := range ops {
		total += ops[i].weight
	}
	n := s.rng.IntN(total)
	for i := range ops {
		if n -= ops[i].weight; n < 0 {
			return &ops[i]
		}
	}
	return &ops[0]
}

// randomLink returns a random live link that ok accepts, or nil.
func (s *soak) randomLink(ok func(*link) bool) *link {
	var pick *link
	seen := 0
	for _, id := range s.order {
		if l := s.links[id]; l != nil && ok(l) {
			if seen++; s.rng.IntN(seen) == 0 {
				pick = l
			}
		}
	}
	return pick
}

func anyLink(*link) bool { return true }

func (s *soak) opSend() bool {
	l := s.randomLink(anyLink)
	return l != nil && s.send(l)
}

func (s *soak) opRecv() bool {
	s.pump(time.Duration(1+s.rng.IntN(5)) * time.Millisecond)
	return true
}

// opNewLink makes a link of a random kind over a random transport.
func (s *soak) opNewLink() bool {
	if len(s.links) >= maxLinks {
		return false
	}
	kind := &kinds[s.rng.IntN(len(kinds))]
	tr := &s.trs[s.rng.IntN(len(s.trs))]
	if kind.peer != noPeer && !tr.crossProcess {
		return false
	}
	l := &link{id: s.nextID, kind: kind, tr: tr, stable: true, lastSeq: -1, window: kind.window,
		outstanding: map[uint64]int{}}
	s.nextID++
	s.links[l.id], s.order = l, append(s.order, l.id)
	s.st.linksMade++
	if kind.peer != noPeer {
		s.connectToPeer(l)
	} else {
		s.connectInProcess(l)
	}
	if l.kind.rx == zmq.ROUTER && l.rx.sock != nil {
		// A ROUTER drops an answer its outbound pipe has no room for; keep what is in flight
		// well under its HWM (a pipe learns of reads in batches of half the HWM).
		l.window = min(l.window, max(1, l.rx.sock.SndHWM()/2))
	}
	if l.stable {
		s.st.linksStable++
	}
	return true
}

// connectToPeer makes l's sending socket and connects it to a random peer's service.
func (s *soak) connectToPeer(l *link) {
	l.peer = s.peers[s.rng.IntN(len(s.peers))]
	l.endpoint = l.peer.endpoints[l.kind.peer][l.tr.name]
	if l.kind.peer == peerPULL && !l.peer.settled {
		l.stable, l.fault = false, "made while the collector path of "+l.peer.name()+" was unsettled"
	}
	l.tx = s.newSide(l, l.kind.tx, false)
	s.attach(l.tx, l.endpoint)
}

// connectInProcess makes both sockets of l in this process, one binding and one connecting,
// in a random order (a connect may come before its bind, over tcp and inproc alike).
func (s *soak) connectInProcess(l *link) {
	l.endpoint = l.tr.endpoint(s, fmt.Sprintf("link%d", l.id))
	l.port = portOf(l.endpoint)
	txBinds := s.rng.IntN(2) == 0
	l.tx = s.newSide(l, l.kind.tx, txBinds)
	l.rx = s.newSide(l, l.kind.rx, !txBinds)
	first, second := l.tx, l.rx
	if s.rng.IntN(2) == 0 {
		first, second = second, first
	}
	s.attach(first, l.endpoint)
	s.attach(second, l.endpoint)
}

// opRetire closes a random link; a stable one must first have received all it sent.
func (s *soak) opRetire() bool {
	l := s.randomLink(anyLink)
	if l == nil {
		return false
	}
	s.retire([]*link{l})
	return true
}

// retire drains the strict links of ls and closes every socket of ls.
func (s *soak) retire(ls []*link) {
	s.drain(ls)
	for _, l := range ls {
		if l.strict() {
			s.st.linksVerified++
		}
		s.writeOff(l)
		for _, sd := range []*side{l.tx, l.rx} {
			if sd != nil {
				s.closeSocket(sd.sock)
			}
		}
		delete(s.links, l.id)
		delete(s.ports, l.port)
	}
	s.order = s.order[:0]
	for id := range s.links {
		s.order = append(s.order, id)
	}
	sortIDs(s.order)
}

// fault marks l faulted, before the fault is made, for good.
func (s *soak) fault(l *link, why string) {
	if l.stable {
		l.stable, l.fault = false, why
		s.st.linksFaulted++
	}
}

// connectSide returns the side of a link in this process that connects.
func connectSide(l *link) *side {
	if l.rx == nil || !l.tx.binds {
		return l.tx
	}
	return l.rx
}

// bindSide returns the side of a link in this process that binds, or nil for peer links.
func bindSide(l *link) *side {
	if l.rx == nil {
		return nil
	}
	if l.tx.binds {
		return l.tx
	}
	return l.rx
}

func (s *soak) opDisconnect() bool {
	l := s.randomLink(func(l *link) bool { return connectSide(l).on })
	if l == nil {
		return false
	}
	sd := connectSide(l)
	wasStable := l.stable
	s.fault(l, "disconnected")
	err := sd.sock.Disconnect(l.endpoint)
	if errors.Is(err, zmq.ErrNoEntry) && l.tr.name == "inproc" && !wasStable {
		// As in libzmq, an inproc connection ends when the binding socket closes, and then
		// there is nothing left to disconnect.
		s.st.count("disconnect-inproc-gone")
		err = nil
	}
	if err != nil {
		s.violate("%s: Disconnect(%s): %v", l, l.endpoint, err)
	}
	sd.on = false
	return true
}

func (s *soak) opConnect() bool {
	l := s.randomLink(func(l *link) bool { return !connectSide(l).on })
	if l == nil {
		return false
	}
	s.attach(connectSide(l), l.endpoint)
	return true
}

func (s *soak) opUnbind() bool {
	l := s.randomLink(func(l *link) bool { return bindSide(l) != nil && bindSide(l).on })
	if l == nil {
		return false
	}
	sd := bindSide(l)
	s.fault(l, "unbound")
	if err := sd.sock.Unbind(l.endpoint); err != nil {
		s.violate("%s: Unbind(%s): %v", l, l.endpoint, err)
	}
	sd.on = false
	return true
}

func (s *soak) opBind() bool {
	l := s.randomLink(func(l *link) bool { return bindSide(l) != nil && !bindSide(l).on })
	if l == nil {
		return false
	}
	s.attach(bindSide(l), l.endpoint)
	return true
}

// opCloseReopen closes one socket of a link and puts a new one in its place.
func (s *soak) opCloseReopen() bool {
	l := s.randomLink(anyLink)
	if l == nil {
		return false
	}
	sd := l.tx
	if l.rx != nil && s.rng.IntN(2) == 0 {
		sd = l.rx
	}
	s.fault(l, fmt.Sprintf("%v closed and reopened", sd.typ))
	s.closeSocket(sd.sock)
	fresh := s.newSide(l, sd.typ, sd.binds)
	*sd = *fresh
	s.attach(sd, l.endpoint)
	return true
}

// opResubscribe changes what a SUB subscribes to; PUB/SUB is checked as lossy anyway.
func (s *soak) opResubscribe() bool {
	l := s.randomLink(func(l *link) bool { return l.kind.rx == zmq.SUB })
	if l == nil {
		return false
	}
	topic := encodeFrame(l.id, 0, 0, 1, 0)[:s.rng.IntN(5)]
	if s.rng.IntN(2) == 0 {
		s.must(l.rx.sock.SetUnsubscribe(topic))
	} else {
		s.must(l.rx.sock.SetSubscribe(topic))
	}
	return true
}

func (s *soak) opCollectorFault() bool {
	s.faultCollector(s.peers[s.rng.IntN(len(s.peers))])
	return true
}

// opCloseBlocked closes a socket from this goroutine while another is blocked in Recv on it:
// that Recv must return ErrNotSocket.
func (s *soak) opCloseBlocked() bool {
	sock := s.newSocket(zmq.PULL)
	if sock == nil {
		return false
	}
	s.must(sock.Bind(fmt.Sprintf("inproc://blocked-%d", s.st.ops["close-blocked"])))
	done := make(chan error, 1)
	go func() {
		_, err := sock.Recv(0)
		done <- err
	}()
	time.Sleep(time.Duration(s.rng.IntN(3)) * time.Millisecond)
	s.closeSocket(sock)
	select {
	case err := <-done:
		if !errors.Is(err, zmq.ErrNotSocket) {
			s.violate("Recv blocked while another goroutine closed its socket returned %v, want ErrNotSocket", err)
		}
	case <-time.After(10 * time.Second):
		s.violate("Recv blocked while another goroutine closed its socket had not returned after 10 s")
	}
	return true
}
