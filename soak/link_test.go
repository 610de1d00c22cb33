//go:build soak

package soak

import (
	"errors"
	"fmt"
	"time"

	"github.com/zreactor/zmq"
)

// peerService is what a link uses in a peer process.
type peerService int

const (
	noPeer     peerService = iota
	peerREP                // echoes requests
	peerROUTER             // echoes to the routing id
	peerPULL               // forwards to a PUSH connected to this process's collector
)

var serviceNames = [...]string{peerREP: "rep", peerROUTER: "router", peerPULL: "pull"}

// kindSpec is a kind of link: the sockets at its ends and how it is checked.
type kindSpec struct {
	name   string
	tx, rx zmq.SocketType // rx is the receiving socket in this process, for links within it
	peer   peerService    // for links to a peer process: the service they use there
	echo   bool           // the answers come back to tx
	lossy  bool           // the pattern drops by design: checked as faulted always
	window int            // messages in flight at most
}

var kinds = []kindSpec{
	{name: "push-pull", tx: zmq.PUSH, rx: zmq.PULL, window: 200},
	{name: "pair", tx: zmq.PAIR, rx: zmq.PAIR, window: 200},
	{name: "pub-sub", tx: zmq.PUB, rx: zmq.SUB, lossy: true, window: 200},
	{name: "req-rep", tx: zmq.REQ, rx: zmq.REP, echo: true, window: 1},
	{name: "dealer-router", tx: zmq.DEALER, rx: zmq.ROUTER, echo: true, window: 100},
	{name: "req-peer-rep", tx: zmq.REQ, peer: peerREP, echo: true, window: 1},
	{name: "dealer-peer-router", tx: zmq.DEALER, peer: peerROUTER, echo: true, window: 100},
	{name: "push-peer-pull-collector", tx: zmq.PUSH, peer: peerPULL, window: 200},
}

// side is one socket of a link in this process and what it does with the link's endpoint.
type side struct {
	sock  *zmq.Socket
	typ   zmq.SocketType
	binds bool // binds the endpoint, else connects to it
	on    bool // is bound or connected now
}

// seqSet is a set of sequence numbers, one bit each.
type seqSet []uint64

func (b seqSet) has(n uint64) bool { return n/64 < uint64(len(b)) && b[n/64]&(1<<(n%64)) != 0 }

func (b *seqSet) add(n uint64) {
	for n/64 >= uint64(len(*b)) {
		*b = append(*b, 0)
	}
	(*b)[n/64] |= 1 << (n % 64)
}

// link is one sending socket and the path its messages take to the socket that checks them.
type link struct {
	id       uint32
	kind     *kindSpec
	tr       *transport
	peer     *peer // the peer process of a peer link
	endpoint string
	port     int   // the tcp port reserved for endpoint, or 0
	tx, rx   *side // rx is nil for peer links
	stable   bool  // nothing has touched the path: every message must arrive (package doc)
	fault    string

	window      int            // messages in flight at most
	nextSeq     uint64         // the next message's sequence number
	outstanding map[uint64]int // sent, not received and not written off: sequence number -> bytes
	got         seqSet         // received
	lastSeq     int64          // highest sequence number received, -1 before any
	progress    time.Time      // last receive, or first send while nothing was outstanding
	reqAt       time.Time      // a REQ link's last request
}

// receiver is the socket at which the link's messages come back to this process.
func (l *link) receiver() *zmq.Socket {
	switch {
	case l.kind.echo:
		return l.tx.sock
	case l.kind.peer == peerPULL:
		return l.peer.collector.sock
	default:
		return l.rx.sock
	}
}

// strict reports whether every message of the link must arrive.
func (l *link) strict() bool { return l.stable && !l.kind.lossy }

// newSocket makes a socket of type typ with random options that keep the run bounded (a
// finite linger, so Context.Close never waits on a dead peer).
func (s *soak) newSocket(typ zmq.SocketType) *zmq.Socket {
	sock, err := s.ctx.NewSocket(typ)
	if err != nil {
		s.violate("NewSocket(%v): %v", typ, err)
		return nil
	}
	s.liveSockets++
	r := s.rng
	s.must(sock.SetLinger(time.Duration(r.IntN(3)) * 50 * time.Millisecond))
	if r.IntN(4) == 0 {
		hwm := []int{10, 100, 5000}[r.IntN(3)]
		s.must(sock.SetSndHWM(hwm))
		s.must(sock.SetRcvHWM(hwm))
	}
	if r.IntN(3) == 0 {
		s.must(sock.SetReconnectIvl(10 * time.Millisecond))
	}
	if r.IntN(4) == 0 { // heartbeats, with a timeout no stall of a loaded machine reaches
		s.must(sock.SetHeartbeatIvl(100 * time.Millisecond))
		s.must(sock.SetHeartbeatTimeout(30 * time.Second))
	}
	switch typ {
	case zmq.REQ:
		s.must(sock.SetReqRelaxed(true))
		s.must(sock.SetReqCorrelate(true))
	case zmq.PUSH, zmq.DEALER:
		if r.IntN(5) == 0 {
			s.must(sock.SetImmediate(true))
		}
	}
	return sock
}

// closeSocket removes sock from the poller and closes it.
func (s *soak) closeSocket(sock *zmq.Socket) {
	if sock == nil {
		return
	}
	if _, ok := s.handlers[sock]; ok {
		s.poller.Remove(sock)
		delete(s.handlers, sock)
	}
	if err := sock.Close(); err != nil {
		s.violate("Close(%v): %v", sock, err)
	}
	s.liveSockets--
}

// watch polls sock for input and runs handle when it has some.
func (s *soak) watch(sock *zmq.Socket, handle func(*zmq.Socket)) {
	s.poller.Add(sock, zmq.PollIn)
	s.handlers[sock] = handle
}

// attach binds or connects sd to ep; a bind that finds the address still taken (a listener
// closed a moment ago is released by its I/O thread, as in libzmq) leaves it off for a later
// bind operation.
func (s *soak) attach(sd *side, ep string) {
	var err error
	if sd.binds {
		err = sd.sock.Bind(ep)
	} else {
		err = sd.sock.Connect(ep)
	}
	switch {
	case err == nil:
		sd.on = true
	case sd.binds && errors.Is(err, zmq.ErrAddrInUse):
		s.st.count("bind-addr-in-use")
	default:
		s.violate("%v %s(%s): %v", sd.typ, map[bool]string{true: "Bind", false: "Connect"}[sd.binds], ep, err)
	}
}

// newSide makes a socket for one end of l and registers its handler.
func (s *soak) newSide(l *link, typ zmq.SocketType, binds bool) *side {
	sd := &side{typ: typ, binds: binds, sock: s.newSocket(typ)}
	if sd.sock == nil {
		return sd
	}
	if typ == zmq.SUB {
		topic := []byte{}
		if s.rng.IntN(2) == 0 {
			topic = encodeFrame(l.id, 0, 0, 1, 0)[:4]
		}
		s.must(sd.sock.SetSubscribe(topic))
	}
	if h := s.handlerFor(l, typ); h != nil {
		s.watch(sd.sock, h)
	}
	return sd
}

func (l *link) String() string {
	state := "stable"
	if !l.stable {
		state = "faulted: " + l.fault
	}
	where := l.tr.name
	if l.peer != nil {
		where += " via " + l.peer.name()
	}
	return fmt.Sprintf("link %d (%s over %s, %s)", l.id, l.kind.name, where, state)
}
