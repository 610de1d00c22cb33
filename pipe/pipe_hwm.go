package pipe

// computeLWM is libzmq's compute_lwm: half the HWM, far enough from both ends that a full pipe
// neither waits until it is empty nor wakes the writer for every message read.
func computeLWM(hwm int) int { return (hwm + 1) / 2 }

// SetHWMs sets the inbound HWM (which sets how often this end reports progress to the writer)
// and the outbound HWM, in messages; 0 or less means unlimited. Boosts set with SetHWMsBoost
// are added, as libzmq does for inproc pipes (SNDHWM + peer's RCVHWM).
func (p *Pipe) SetHWMs(in, out int) {
	inTotal, outTotal := in+max(p.inHWMBoost, 0), out+max(p.outHWMBoost, 0)
	if in <= 0 || p.inHWMBoost == 0 || p.conflate {
		inTotal = 0
	}
	if out <= 0 || p.outHWMBoost == 0 || p.outConflate {
		outTotal = 0
	}
	p.lwm = computeLWM(inTotal)
	p.hwm = outTotal
}

// SetOutByteLimit bounds the body bytes of the messages this end has written and the peer has
// not read yet, besides the HWM: the pipe counts as full while they reach n (0: no limit),
// unless keepTenth is set and it holds fewer than a tenth of its HWM in messages. A message is
// counted once complete, so a message once started is always finished, and one bigger than n
// is accepted when the pipe is empty. The peer reports its progress every n/2 bytes as well as
// every LWM messages. It does nothing towards a conflating end. Call it before the peer end is
// handed to its thread. Sessions use it both ways (see session.InboundBytes).
func (p *Pipe) SetOutByteLimit(n int, keepTenth bool) {
	if p.outConflate {
		return // a conflating queue holds one message; it never fills up
	}
	p.byteLimit = uint64(max(n, 0))
	p.keepTenth = keepTenth
	p.peer.byteReport = (p.byteLimit + 1) / 2
}

// SetInByteLimit is SetOutByteLimit for what the peer writes to this end.
func (p *Pipe) SetInByteLimit(n int, keepTenth bool) { p.peer.SetOutByteLimit(n, keepTenth) }

// SetHWMsBoost sets the amounts added to the HWMs by SetHWMs (-1: none; 0: unlimited).
func (p *Pipe) SetHWMsBoost(in, out int) { p.inHWMBoost, p.outHWMBoost = in, out }

// SendHWMsToPeer gives the peer end new HWMs (its inbound, its outbound), as a socket does
// when SNDHWM or RCVHWM change on existing pipes.
func (p *Pipe) SendHWMsToPeer(in, out int) { p.SendPipeHWM(p.peer, in, out) }
