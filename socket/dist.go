package socket

import (
	"slices"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/pipe"
)

// dist sends each message to a set of pipes (libzmq's dist_t), for PUB, XPUB and XSUB. A pipe
// that is full drops the message; PUB's lossiness comes from here.
//
// The pipe array is cut in four: [0,matching) receive the message being sent;
// [matching,active) are writable and not matching; [active,eligible) became writable in the
// middle of a multipart message and join at the next message; [eligible,len) are full.
type dist struct {
	pipes    pipeArray
	matching int
	active   int
	eligible int
	more     bool // a multipart message is being sent

	// full are the pipes that match the message being sent but are full (beyond eligible): the
	// message is dropped for them, and sendToMatching counts it in their statistics.
	full []*pipe.Pipe
}

func newDist() dist { return dist{pipes: pipeArray{s: slotDist}} }

func (d *dist) attach(p *pipe.Pipe) {
	d.pipes.push(p)
	d.pipes.swap(d.eligible, d.pipes.size()-1)
	d.eligible++
	// A pipe must not receive the tail of a message whose head it did not get.
	if !d.more {
		d.pipes.swap(d.eligible-1, d.active)
		d.active++
	}
}

// match marks p as a recipient of the message being sent.
func (d *dist) match(p *pipe.Pipe) {
	i := d.pipes.index(p)
	if i < d.matching {
		return
	}
	if i >= d.eligible {
		d.matchFull(p)
		return
	}
	d.pipes.swap(i, d.matching)
	d.matching++
}

// reverseMatch makes every eligible pipe that was not matching the matching ones, and the other
// way round (INVERT_MATCHING).
func (d *dist) reverseMatch() {
	prev := d.matching
	d.matching = 0
	for i := prev; i < d.eligible; i++ {
		d.pipes.swap(i, d.matching)
		d.matching++
	}
	matchedFull := len(d.full)
	for _, p := range d.pipes.pipes[d.eligible:] {
		if !slices.Contains(d.full[:matchedFull], p) {
			d.full = append(d.full, p)
		}
	}
	d.full = append(d.full[:0], d.full[matchedFull:]...)
}

// matchFull records that p, which is full, matches the message being sent. A pipe matches
// once per subscription that matches, so it is recorded once.
func (d *dist) matchFull(p *pipe.Pipe) {
	if !slices.Contains(d.full, p) {
		d.full = append(d.full, p)
	}
}

func (d *dist) unmatch() {
	d.matching = 0
	if len(d.full) != 0 {
		d.resetFull()
	}
}

// resetFull forgets the full pipes of the last message.
func (d *dist) resetFull() {
	clear(d.full)
	d.full = d.full[:0]
}

func (d *dist) pipeTerminated(p *pipe.Pipe) {
	if i := d.pipes.index(p); i < d.matching {
		d.pipes.swap(i, d.matching-1)
		d.matching--
	}
	if i := d.pipes.index(p); i < d.active {
		d.pipes.swap(i, d.active-1)
		d.active--
	}
	if i := d.pipes.index(p); i < d.eligible {
		d.pipes.swap(i, d.eligible-1)
		d.eligible--
	}
	d.pipes.erase(p)
}

func (d *dist) activated(p *pipe.Pipe) {
	if d.eligible < d.pipes.size() {
		d.pipes.swap(d.pipes.index(p), d.eligible)
		d.eligible++
	}
	if !d.more && d.active < d.pipes.size() {
		d.pipes.swap(d.eligible-1, d.active)
		d.active++
	}
}

// sendToAll sends m to every active pipe; the full ones drop it.
func (d *dist) sendToAll(m *msg.Msg) {
	d.matching = d.active
	if !d.more {
		d.full = append(d.full[:0], d.pipes.pipes[d.eligible:]...)
	}
	d.sendToMatching(m)
	if len(d.full) != 0 {
		d.resetFull()
	}
}

// sendToMatching sends m to the matching pipes and consumes it. It cannot fail: full pipes drop.
func (d *dist) sendToMatching(m *msg.Msg) {
	if !d.more && len(d.full) != 0 {
		d.countDropped()
	}
	more := m.More()
	d.distribute(m)
	if !more {
		d.active = d.eligible
	}
	d.more = more
}

// countDropped counts the message being sent as dropped for the full pipes that match it.
func (d *dist) countDropped() {
	for _, p := range d.full {
		p.CountDropped()
	}
}

// distribute writes a copy of m to each matching pipe. Copies share a heap body, which is
// immutable once sent, so no reference counting is needed: a body sent to several pipes is
// marked Shared and never goes back to the pool, even if only one of them took it. A body no
// pipe took (no subscriber, or all at their HWM) goes back at once, unless it came shared.
func (d *dist) distribute(m *msg.Msg) {
	came := m.Flags() & msg.Shared // a body received from a fan-out is someone else's too
	if d.matching > 1 {
		m.SetFlags(msg.Shared)
	}
	taken := false
	for i := 0; i < d.matching; {
		if d.write(d.pipes.pipes[i], m) {
			i++
			taken = true
		}
		// On failure the pipe was swapped out of [0,matching): look at index i again.
	}
	if !taken {
		m.ClearFlags(msg.Shared &^ came)
		m.Release()
		return
	}
	m.Reset()
}

// write sends m to p, or moves p out of the matching, active and eligible ranges if it is full
// (the message is dropped for p, and counted so in p's statistics).
func (d *dist) write(p *pipe.Pipe, m *msg.Msg) bool {
	if !p.Write(m) {
		p.CountDropped()
		d.pipes.swap(d.pipes.index(p), d.matching-1)
		d.matching--
		d.pipes.swap(d.pipes.index(p), d.active-1)
		d.active--
		d.pipes.swap(d.active, d.eligible-1)
		d.eligible--
		return false
	}
	if !m.More() {
		p.Flush()
	}
	return true
}

// checkHWM reports whether every matching pipe has room (XPUB_NODROP).
func (d *dist) checkHWM() bool {
	for i := 0; i < d.matching; i++ {
		if !d.pipes.pipes[i].CheckHWM() {
			return false
		}
	}
	return true
}
