package pipe

import "github.com/zreactor/zmq/msg"

// counts reports whether m moves the message counters: only the last frame of a message does,
// and routing-id frames never do.
func counts(m *msg.Msg) bool { return m.Flags()&(msg.More|msg.RoutingID) == 0 }

// bodyBytes is what m adds to the byte counts (SetOutByteLimit): its body, unless it is a
// routing id. Delimiters are empty.
func bodyBytes(m *msg.Msg) uint64 {
	if m.Flags()&msg.RoutingID != 0 {
		return 0
	}
	return uint64(len(m.Bytes()))
}

func isDelimiter(m *msg.Msg) bool { return m.IsDelimiter() }

// readable reports whether the state lets this end read.
func (p *Pipe) readable() bool {
	return p.inActive && (p.state == active || p.state == waitingForDelimiter)
}

// CheckRead reports whether Read would return a message. When it would not, the owner gets
// ReadActivated once something arrives. A delimiter at the head starts termination.
func (p *Pipe) CheckRead() bool {
	if !p.readable() {
		return false
	}
	if !p.inQ.CheckRead() {
		p.inActive = false
		return false
	}
	if p.inQ.Probe(isDelimiter) {
		var d msg.Msg
		p.inQ.Read(&d)
		p.processDelimiter()
		return false
	}
	return true
}

// Read moves the next frame into m. It returns false when there is none (the owner then gets
// ReadActivated later) or when the peer's delimiter arrived (termination then proceeds).
func (p *Pipe) Read(m *msg.Msg) bool {
	if !p.readable() {
		return false
	}
	if !p.inQ.Read(m) {
		p.inActive = false
		return false
	}
	if m.IsDelimiter() {
		*m = msg.Msg{}
		p.processDelimiter()
		return false
	}
	p.partR += bodyBytes(m)
	if counts(m) {
		p.msgsRead++
		p.bytesRead += p.partR
		p.unreportedB += p.partR
		p.partR = 0
		// A count rather than msgsRead % lwm: a division per message showed in profiles.
		p.unreported++
		if (p.lwm > 0 && p.unreported >= p.lwm) || (p.byteReport > 0 && p.unreportedB >= p.byteReport) {
			p.unreported, p.unreportedB = 0, 0
			p.SendActivateWrite(p.peer, p.msgsRead, p.bytesRead)
		}
	}
	return true
}

// CheckWrite reports whether Write would accept a frame. When it would not because of the HWM,
// the owner gets WriteActivated once the reader has caught up.
func (p *Pipe) CheckWrite() bool {
	if !p.outActive || p.state != active {
		return false
	}
	if !p.CheckHWM() {
		p.outActive = false
		return false
	}
	return true
}

// CheckHWM reports whether the outbound side is below its high water mark, and below its
// byte limit if it has one (see SetOutByteLimit). Both count complete messages only, so a
// message that was started is always finished.
func (p *Pipe) CheckHWM() bool {
	queued := p.msgsWritten - p.peersMsgsRead
	return (p.hwm <= 0 || queued < uint64(p.hwm)) &&
		(p.byteLimit == 0 || p.bytesWritten-p.peersBytesRead < p.byteLimit ||
			(p.keepTenth && queued < uint64(p.hwm/10)))
}

// Write queues a copy of m (sharing its body, which then belongs to the reader) unless the
// pipe is full or terminating. A frame with msg.More set stays invisible to the reader until
// the message's last frame is written and Flush is called.
func (p *Pipe) Write(m *msg.Msg) bool {
	if !p.CheckWrite() {
		return false
	}
	p.outQ.Write(m, m.More())
	p.partW += bodyBytes(m)
	if counts(m) {
		p.msgsWritten++
		p.bytesWritten += p.partW
		p.partW = 0
	}
	return true
}

// Rollback drops the frames of an incomplete message written so far.
func (p *Pipe) Rollback() {
	if p.outQ == nil {
		return
	}
	var m msg.Msg
	for p.outQ.Unwrite(&m) {
		if !m.More() {
			panic("pipe: rollback reached a complete message")
		}
	}
	p.partW = 0
}

// Flush makes complete written messages visible to the reader and wakes it if it slept.
func (p *Pipe) Flush() {
	if p.state == termAckSent || p.outQ == nil {
		return
	}
	if !p.outQ.Flush() {
		p.SendActivateRead(p.peer)
	}
}

func (p *Pipe) processActivateRead() {
	if !p.inActive && (p.state == active || p.state == waitingForDelimiter) {
		p.inActive = true
		p.sink.ReadActivated(p)
	}
}

func (p *Pipe) processActivateWrite(msgsRead, bytesRead uint64) {
	p.peersMsgsRead, p.peersBytesRead = msgsRead, bytesRead
	if !p.outActive && p.state == active {
		p.outActive = true
		p.sink.WriteActivated(p)
	}
}
