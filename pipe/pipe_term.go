package pipe

import "github.com/zreactor/zmq/msg"

// state is where a pipe end is in the termination handshake (libzmq's pipe_t states).
//
// Every path sends exactly one pipe_term_ack to the peer and ends on receiving one, so each
// end's owner gets PipeTerminated exactly once, and the last command an end sends its peer is
// that ack. An end stops writing the peer's queue (outQ = nil) before it acks, so the peer may
// drop that queue when the ack arrives.
type state uint8

const (
	// active: no termination yet.
	active state = iota
	// delimiterReceived: the peer's delimiter was read before its pipe_term arrived.
	delimiterReceived
	// waitingForDelimiter: the peer asked to terminate; this end still reads until the
	// delimiter that follows the peer's last message.
	waitingForDelimiter
	// termAckSent: this end acked the peer's request and waits for the peer's ack.
	termAckSent
	// termReqSent1: this end asked to terminate and waits for the peer's ack.
	termReqSent1
	// termReqSent2: both ends asked at once; this end acked the peer and waits for its ack.
	termReqSent2
	// terminated: the final ack arrived; the owner was told.
	terminated
)

var stateNames = [...]string{
	"active", "delimiter_received", "waiting_for_delimiter", "term_ack_sent",
	"term_req_sent1", "term_req_sent2", "terminated",
}

func (s state) String() string { return stateNames[s] }

// Terminate starts the termination handshake, or joins the one the peer started. delay says
// what this end does with messages the peer already sent it: true keeps them readable until
// the peer's delimiter, false drops them. Messages this end wrote before Terminate are followed
// by a delimiter and stay readable by the peer, unless the peer drops them (its own delay, or
// SetNoDelay). An incomplete outbound message is rolled back. Calling it again only updates
// delay.
func (p *Pipe) Terminate(delay bool) {
	p.delay = delay
	switch p.state {
	case termReqSent1, termReqSent2, termAckSent, terminated:
		return
	case active, delimiterReceived:
		p.SendPipeTerm(p.peer)
		p.state = termReqSent1
	case waitingForDelimiter:
		if !delay {
			// Act as if every pending inbound message had been read.
			p.ackPeer(termAckSent)
		}
	}
	p.outActive = false
	if p.outQ != nil {
		p.writeDelimiter()
	}
}

// writeDelimiter ends the outbound stream, past the HWM: the delimiter is not a message.
func (p *Pipe) writeDelimiter() {
	p.Rollback()
	var d msg.Msg
	d.InitDelimiter()
	p.outQ.Write(&d, false)
	p.wroteDelim = true
	p.Flush()
}

// ackPeer stops writing to the peer's queue, acknowledges its termination request and enters s.
func (p *Pipe) ackPeer(s state) {
	p.Rollback()
	p.outQ = nil
	p.SendPipeTermAck(p.peer)
	p.state = s
}

// processDelimiter handles the peer's delimiter read from the inbound queue.
func (p *Pipe) processDelimiter() {
	switch p.state {
	case active:
		p.state = delimiterReceived
	case waitingForDelimiter:
		p.ackPeer(termAckSent)
	default:
		panic("pipe: delimiter in state " + p.state.String())
	}
}

func (p *Pipe) processPipeTerm() {
	switch p.state {
	case active:
		if p.delay {
			p.state = waitingForDelimiter
		} else {
			p.ackPeer(termAckSent)
		}
	case delimiterReceived:
		p.ackPeer(termAckSent)
	case termReqSent1:
		// Both ends asked at once: ack the peer's request and keep waiting for our ack.
		p.ackPeer(termReqSent2)
	default:
		panic("pipe: pipe_term in state " + p.state.String())
	}
}

func (p *Pipe) processPipeTermAck() {
	switch p.state {
	case termReqSent1:
		p.ackPeer(terminated)
	case termAckSent, termReqSent2:
		p.state = terminated
	default:
		panic("pipe: pipe_term_ack in state " + p.state.String())
	}
	// The peer has stopped writing to inQ; drop it with whatever it still holds.
	p.inQ = nil
	p.sink.PipeTerminated(p)
}

// Hiccup replaces the inbound queue with a fresh one and hands it to the writer, dropping
// whatever the old one held (libzmq uses it when a session reconnects). The writer's owner gets
// Hiccuped; this end's owner gets ReadActivated when the first message arrives in the new
// queue. Nothing happens once termination has begun.
func (p *Pipe) Hiccup() {
	if p.state != active {
		return
	}
	p.inQ = newQueue(p.conflate)
	p.partR = 0
	// Start the new queue with its reader asleep, so the first Flush into it wakes this end
	// (libzmq leaves it awake and relies on the owner polling it).
	p.inQ.CheckRead()
	p.inActive = false
	p.SendHiccup(p.peer, p.inQ)
}

// processHiccup switches the writer to the reader's new queue. The old queue is now ours
// alone (the reader gave it up before sending the command), so we drain it to undo the counts
// of the messages it swallowed.
func (p *Pipe) processHiccup(q *msgQueue) {
	if p.outQ == nil {
		return // already finished writing; the peer's termination will drop q
	}
	p.outQ.Flush()
	var m msg.Msg
	var part uint64
	for p.outQ.Read(&m) {
		part += bodyBytes(&m)
		if counts(&m) && !m.IsDelimiter() {
			p.msgsWritten--
			p.bytesWritten -= part
			part = 0
		}
	}
	p.outQ = q
	p.outActive = p.state == active
	if p.wroteDelim {
		// The delimiter went down with the old queue; the peer still needs it (libzmq loses
		// it here and the peer would wait for it forever).
		p.writeDelimiter()
	}
	if p.state == active {
		p.sink.Hiccuped(p)
	}
}
