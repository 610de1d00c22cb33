package zmq

import (
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/pipe"
)

// SocketStats is a snapshot of a socket's statistics, from Socket.Stats or Context.Stats.
//
// The message figures are the counts the socket's pipes keep for flow control anyway (the
// HWM counts messages, the byte limits count bytes), read for the snapshot by whichever
// goroutine owns the socket: taking them costs the data path nothing. A message counts once
// per peer it was queued to or read from (a PUB's message to three subscribers counts three),
// when its last frame is; its bytes are the bodies of all its frames, routing ids excluded.
// Subscriptions travel as messages and are counted as such (SUB and XSUB send them, PUB and
// XPUB receive them). Figures of peers that are gone stay in the totals.
//
// The connection figures are counted from the monitor events (whether or not anyone watches
// them, Monitor); connections over inproc raise none.
type SocketStats struct {
	ID   uint64     // the socket's number in its context, from 1 in creation order
	Type SocketType // the socket's type

	MsgsSent      uint64 // messages queued to peers
	BytesSent     uint64 // their body bytes
	MsgsReceived  uint64 // messages read from peers
	BytesReceived uint64 // their body bytes
	// Dropped counts messages dropped for a peer whose queue refused them, once per peer: a
	// PUB's or XPUB's subscriber at its HWM, a ROUTER's peer at its HWM (without
	// ROUTER_MANDATORY), or a peer whose connection is going away.
	Dropped uint64
	// QueuedOut is how many messages are queued to current peers and not yet taken by their
	// side, as the HWM check sees it: the reading side reports its progress every half HWM
	// (the LWM), so the figure may run up to that much high.
	QueuedOut uint64

	Connects       uint64 // connections a Connect made (CONNECTED), reconnections included
	Reconnects     uint64 // CONNECTED events for an endpoint that had connected before
	ConnectRetries uint64 // reconnect attempts scheduled (CONNECT_RETRIED)
	Accepts        uint64 // connections accepted on bound endpoints (ACCEPTED)
	AcceptFailures uint64 // ACCEPT_FAILED
	Disconnects    uint64 // connections that ended (DISCONNECTED), handshake failures included
	Handshakes     uint64 // ZMTP handshakes completed (HANDSHAKE_SUCCEEDED)
	// HandshakeFailures counts failed handshakes by reason (HANDSHAKE_FAILED_NO_DETAIL with
	// its errno, _PROTOCOL with its ZMQ_PROTOCOL_ERROR_* code, _AUTH with the ZAP status).
	HandshakeFailures map[HandshakeFailure]uint64 `json:",omitempty"`

	// Peers are the socket's current connections, one per pipe: a Connect's (kept across
	// reconnections, unless ZMQ_IMMEDIATE is set), an accepted TCP connection, an inproc peer.
	Peers []PeerStats `json:",omitempty"`
}

// PeerStats are one connection's figures in SocketStats (see there for how they count).
type PeerStats struct {
	// Endpoint is the Bind or Connect endpoint the connection belongs to.
	Endpoint string
	// Remote is the peer's address for a TCP connection that was accepted
	// ("tcp://10.0.0.7:51234"); "" for others, whose Endpoint names the peer.
	Remote    string `json:",omitempty"`
	RoutingID []byte `json:",omitempty"` // the peer's routing id (ROUTER, STREAM), once known

	MsgsSent      uint64
	BytesSent     uint64
	MsgsReceived  uint64
	BytesReceived uint64
	Dropped       uint64
	QueuedOut     uint64
}

// HandshakeFailure is the reason of a failed handshake: the monitor event that reported it
// (EventHandshakeFailedNoDetail, EventHandshakeFailedProtocol or EventHandshakeFailedAuth)
// and its value (an errno, a ZMQ_PROTOCOL_ERROR_* code, a ZAP status).
type HandshakeFailure struct {
	Kind  EventKind
	Value int64
}

// String describes the reason: "no detail: connection reset by peer",
// "protocol: ZMTP_MECHANISM_MISMATCH", "auth: ZAP status 400".
func (f HandshakeFailure) String() string {
	switch f.Kind {
	case EventHandshakeFailedNoDetail:
		return "no detail: " + syscall.Errno(f.Value).Error()
	case EventHandshakeFailedProtocol:
		return "protocol: " + protocolErrorName(f.Value)
	case EventHandshakeFailedAuth:
		return "auth: ZAP status " + strconv.FormatInt(f.Value, 10)
	}
	return f.Kind.String() + ": " + strconv.FormatInt(f.Value, 10)
}

// MarshalText is String, so that HandshakeFailures encode as a JSON object (expvar).
func (f HandshakeFailure) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// Stats returns the socket's statistics. Unlike the socket's other methods it may be called
// from any goroutine at any time, while another goroutine uses the socket: when the socket is
// idle Stats reads it directly, holding it for the few microseconds that takes (its owner, if
// it calls in meanwhile, waits that long); when the owner is inside a call, Stats asks it
// through its mailbox, as the I/O threads do, and the owner answers as it processes its
// commands (at once if it is blocked). Either way the socket's pending commands are processed
// first, as on entry to any call, so the figures include the peers that have arrived. After
// Close, Stats returns the figures as they were when the socket was closed.
func (s *Socket) Stats() SocketStats {
	var req *statsRequest
	for {
		if s.guard.holder.CompareAndSwap(0, int32(callStats)) {
			st := s.ownedStats()
			s.guard.holder.Store(0)
			return st
		}
		if call(s.guard.holder.Load()) != callClose && req == nil {
			req = &statsRequest{s: s, reply: make(chan SocketStats, 1)}
			s.mb.Send(object.Command{Dest: req, Kind: object.Private})
		}
		if req != nil {
			select {
			case st := <-req.reply:
				return st
			default:
			}
		}
		time.Sleep(statsPoll)
	}
}

// statsPoll is how often Stats looks again while the socket is busy.
const statsPoll = 20 * time.Microsecond

// ownedStats is Stats for the goroutine that holds the socket: the figures at Close once
// the socket is closed (the reaper owns its fields then). Commands waiting in the mailbox are
// processed first, as any call does on entry, so that the figures include the pipes that
// have arrived (an inproc peer's Connect, a TCP connection's handshake).
func (s *Socket) ownedStats() SocketStats {
	if s.closed {
		if s.finalStats == nil {
			return SocketStats{ID: s.id, Type: s.Type()}
		}
		return s.finalStats.clone()
	}
	if s.mb.Pending() {
		s.drainCommands(false)
	}
	return s.snapshot()
}

// statsRequest asks a busy socket's owner for a snapshot: a command through the socket's
// mailbox, processed by whoever processes that mailbox (the owner, or the reaper after Close).
type statsRequest struct {
	s     *Socket
	reply chan SocketStats // buffered: the owner never waits for the asker
}

// ProcessCommand implements object.Sink on the socket's thread.
func (r *statsRequest) ProcessCommand(*object.Command) {
	select {
	case r.reply <- r.s.snapshot():
	default:
	}
}

// ThreadID implements object.Sink.
func (r *statsRequest) ThreadID() int { return r.s.own.ThreadID() }

// snapshot gathers the figures; on the socket's own thread only.
func (s *Socket) snapshot() SocketStats {
	st := SocketStats{ID: s.id, Type: s.Type()}
	st.add(s.retired)
	st.Peers = make([]PeerStats, 0, len(s.pipes))
	for _, p := range s.pipes {
		c := p.Counts()
		st.add(c)
		st.QueuedOut += c.Queued
		ep, remote := p.Endpoint()
		peer := PeerStats{Endpoint: ep, Remote: remote,
			MsgsSent: c.MsgsWritten, BytesSent: c.BytesWritten,
			MsgsReceived: c.MsgsRead, BytesReceived: c.BytesRead,
			Dropped: c.Dropped, QueuedOut: c.Queued}
		if id := p.RoutingID(); len(id) > 0 {
			peer.RoutingID = append([]byte(nil), id...)
		}
		st.Peers = append(st.Peers, peer)
	}
	s.monitor.counts(&st)
	return st
}

// add adds a pipe's totals (not its queue) to st.
func (st *SocketStats) add(c pipe.Counts) {
	st.MsgsSent += c.MsgsWritten
	st.BytesSent += c.BytesWritten
	st.MsgsReceived += c.MsgsRead
	st.BytesReceived += c.BytesRead
	st.Dropped += c.Dropped
}

// clone copies st deeply, so a kept snapshot is never shared.
func (st *SocketStats) clone() SocketStats {
	c := *st
	if st.HandshakeFailures != nil {
		c.HandshakeFailures = make(map[HandshakeFailure]uint64, len(st.HandshakeFailures))
		for k, v := range st.HandshakeFailures {
			c.HandshakeFailures[k] = v
		}
	}
	c.Peers = append([]PeerStats(nil), st.Peers...)
	return c
}

// retire keeps the totals of a pipe that is gone; on the socket's thread.
func (s *Socket) retire(p *pipe.Pipe) {
	c := p.Counts()
	s.retired.MsgsWritten += c.MsgsWritten
	s.retired.BytesWritten += c.BytesWritten
	s.retired.MsgsRead += c.MsgsRead
	s.retired.BytesRead += c.BytesRead
	s.retired.Dropped += c.Dropped
}

// waitForStats lets a socket call in while Stats holds the socket (for microseconds); false if
// the holder is another call, a misuse the caller reports.
func (s *Socket) waitForStats() bool {
	for {
		switch call(s.guard.holder.Load()) {
		case 0:
			return true
		case callStats:
			runtime.Gosched()
		default:
			return false
		}
	}
}
