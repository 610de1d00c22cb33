//go:build soak

package soak

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/testproc"
)

// peer is the soak process's view of one peer process, across its incarnations: its
// endpoints stay the same, so sockets connected to a killed incarnation reconnect to the next.
type peer struct {
	n         int
	inc       int                               // incarnations started so far
	endpoints map[peerService]map[string]string // per service, per transport
	collector collector                         // where its forwarder sends, in this process
	child     *testproc.Child                   // nil while it is down
	startedAt time.Time
	ready     bool
	restartAt time.Time // when a killed peer comes back
	thawAt    time.Time // when a frozen (SIGSTOPped) peer goes on; zero when it runs
	// settled reports whether the forwarding path is clean since this incarnation started: a
	// collector fault leaves the peer's PUSH writing into a connection that is going away, so
	// forwarding links made after one are faulted from the start, until the next incarnation.
	settled bool
}

func (p *peer) name() string { return fmt.Sprintf("peer %d", p.n) }

// collector is the PULL in this process that a peer's forwarder connects to, bound on one
// endpoint per cross-process transport.
type collector struct {
	sock  *zmq.Socket
	eps   []string
	bound []bool
}

// newPeer reserves the endpoints of peer n and binds its collector; the process starts at
// the next tick.
func (s *soak) newPeer(n int) *peer {
	p := &peer{n: n, endpoints: map[peerService]map[string]string{}, restartAt: time.Now()}
	for svc := peerREP; svc <= peerPULL; svc++ {
		p.endpoints[svc] = map[string]string{}
	}
	for _, tr := range s.trs {
		if !tr.crossProcess {
			continue
		}
		for svc := peerREP; svc <= peerPULL; svc++ {
			p.endpoints[svc][tr.name] = tr.endpoint(s, fmt.Sprintf("peer%d-%s", n, serviceNames[svc]))
		}
		p.collector.eps = append(p.collector.eps, tr.endpoint(s, fmt.Sprintf("collector%d", n)))
	}
	s.openCollector(p)
	return p
}

// openCollector makes p's collector socket and binds what it can.
func (s *soak) openCollector(p *peer) {
	c := &p.collector
	c.sock = s.newSocket(zmq.PULL)
	c.bound = make([]bool, len(c.eps))
	s.watch(c.sock, s.deliverAll)
	s.bindCollector(p)
}

// bindCollector binds the collector endpoints that are not bound.
func (s *soak) bindCollector(p *peer) {
	c := &p.collector
	for i, ep := range c.eps {
		if c.bound[i] {
			continue
		}
		err := c.sock.Bind(ep)
		switch {
		case err == nil:
			c.bound[i] = true
		case errors.Is(err, zmq.ErrAddrInUse):
			s.st.count("bind-addr-in-use")
		default:
			s.violate("collector %d Bind(%s): %v", p.n, ep, err)
		}
	}
}

// startPeer starts p's next incarnation.
func (s *soak) startPeer(p *peer) {
	p.inc++
	join := func(svc peerService) string {
		var eps []string
		for _, ep := range p.endpoints[svc] {
			eps = append(eps, ep)
		}
		return strings.Join(eps, ",")
	}
	collectorEP := p.collector.eps[s.rng.IntN(len(p.collector.eps))]
	child, err := testproc.StartRole(fmt.Sprintf("peer %d.%d", p.n, p.inc), "peer", nil,
		"-rep", join(peerREP), "-router", join(peerROUTER), "-pull", join(peerPULL), "-collector", collectorEP)
	if err != nil {
		s.violate("starting %s: %v", p.name(), err)
		return
	}
	p.child, p.startedAt, p.ready, p.settled = child, time.Now(), false, true
	p.restartAt = time.Time{}
	s.st.count("peer-start")
}

// killPeer SIGKILLs p; every link through it is faulted first, and it restarts within
// restartMax.
func (s *soak) killPeer(p *peer) {
	for _, l := range s.links {
		if l.peer == p {
			s.fault(l, fmt.Sprintf("%s SIGKILLed", p.name()))
		}
	}
	p.child.Kill()
	p.child, p.thawAt = nil, time.Time{}
	p.restartAt = time.Now().Add(time.Duration(s.rng.Int64N(int64(restartMax))))
	s.st.kills++
}

// freezePeer SIGSTOPs p for up to freezeMax. Its connections stay up and the kernel keeps
// accepting bytes until its buffers fill, so nothing may be lost: links through it stay
// stable, and must complete once it goes on.
func (s *soak) freezePeer(p *peer) {
	if err := p.child.Signal(syscall.SIGSTOP); err != nil {
		s.violate("SIGSTOP %s: %v", p.name(), err)
		return
	}
	p.thawAt = time.Now().Add(time.Duration(1 + s.rng.Int64N(int64(freezeMax))))
	s.st.count("peer-freeze")
}

// thawPeer SIGCONTs p if it is frozen.
func (s *soak) thawPeer(p *peer) {
	if p.thawAt.IsZero() || p.child == nil {
		return
	}
	if err := p.child.Signal(syscall.SIGCONT); err != nil {
		s.violate("SIGCONT %s: %v", p.name(), err)
	}
	p.thawAt = time.Time{}
}

// checkPeer notes p's readiness and reports an incarnation that ended by itself or never
// became ready.
func (s *soak) checkPeer(p *peer, now time.Time) {
	if p.child == nil {
		if !p.restartAt.IsZero() && now.After(p.restartAt) {
			s.startPeer(p)
		}
		return
	}
	if !p.thawAt.IsZero() && now.After(p.thawAt) {
		s.thawPeer(p)
	}
	if ended, err := p.child.Ended(); ended {
		s.violate("%s (incarnation %d, pid %d) exited by itself: %v; stderr:\n%s",
			p.name(), p.inc, p.child.Pid(), err, p.child.Stderr())
		p.child = nil
		return
	}
	if !p.ready {
		p.ready = len(p.child.All("ready")) > 0
		if !p.ready && now.Sub(p.startedAt) > 20*time.Second+freezeMax {
			s.violate("%s (incarnation %d) not ready after 20 s; stderr:\n%s", p.name(), p.inc, p.child.Stderr())
		}
	}
}

// faultCollector closes and reopens p's collector, or unbinds and rebinds it: the forwarding
// links of p are faulted first, and p's forwarding path stays unsettled until it restarts.
func (s *soak) faultCollector(p *peer) {
	for _, l := range s.links {
		if l.peer == p && l.kind.peer == peerPULL {
			s.fault(l, fmt.Sprintf("collector of %s faulted", p.name()))
		}
	}
	p.settled = false
	c := &p.collector
	if s.rng.IntN(2) == 0 {
		s.closeSocket(c.sock)
		s.openCollector(p)
		return
	}
	for i, ep := range c.eps {
		if !c.bound[i] {
			continue
		}
		if err := c.sock.Unbind(ep); err != nil {
			s.violate("collector %d Unbind(%s): %v", p.n, ep, err)
		}
		c.bound[i] = false
	}
	s.bindCollector(p)
}

// stopPeer ends p's incarnation by closing its stdin, as a clean shutdown.
func (s *soak) stopPeer(p *peer) {
	p.restartAt = time.Time{}
	if p.child == nil {
		return
	}
	s.thawPeer(p)
	exited, err := p.child.Stop(20 * time.Second)
	switch {
	case !exited:
		s.violate("%s did not exit within 20 s of its stdin closing; stderr:\n%s", p.name(), p.child.Stderr())
	case err != nil:
		s.violate("%s exited with %v on a clean shutdown; stderr:\n%s", p.name(), err, p.child.Stderr())
	}
	p.child = nil
}
