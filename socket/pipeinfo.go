package socket

import "github.com/zreactor/zmq/pipe"

// slot tells the strategies of one socket apart, so a pipe can sit in several pipe arrays at
// once (libzmq's array_item_t<ID>): a DEALER's pipes are in its lb and its fq.
type slot uint8

const (
	slotLB slot = iota
	slotFQ
	slotDist
	nSlots
)

// pipeInfo is a socket type's bookkeeping for one of its pipes, kept in pipe.Data so that finding
// a pipe's position is a pointer dereference instead of a map lookup (dist.match runs it for
// every matching pipe of every published message).
type pipeInfo struct {
	idx [nSlots]int // position in each strategy's pipe array, -1 when absent
	out *outPipe    // ROUTER/STREAM routing-id entry, nil when anonymous
}

// infoOf returns p's bookkeeping, creating it on first use.
func infoOf(p *pipe.Pipe) *pipeInfo {
	if pi, ok := p.Data.(*pipeInfo); ok {
		return pi
	}
	pi := &pipeInfo{idx: [nSlots]int{-1, -1, -1}}
	p.Data = pi
	return pi
}

// pipeArray is libzmq's array_t: a slice of pipes where each pipe knows its own position, so that
// moving a pipe between the "active" prefix and the rest is an O(1) swap.
type pipeArray struct {
	s     slot
	pipes []*pipe.Pipe
}

func (a *pipeArray) size() int { return len(a.pipes) }

func (a *pipeArray) push(p *pipe.Pipe) {
	infoOf(p).idx[a.s] = len(a.pipes)
	a.pipes = append(a.pipes, p)
}

// index is p's position; p must be in the array.
func (a *pipeArray) index(p *pipe.Pipe) int { return infoOf(p).idx[a.s] }

func (a *pipeArray) swap(i, j int) {
	if i == j {
		return
	}
	pi, pj := a.pipes[i], a.pipes[j]
	a.pipes[i], a.pipes[j] = pj, pi
	infoOf(pj).idx[a.s] = i
	infoOf(pi).idx[a.s] = j
}

// erase removes p by moving the last pipe into its place.
func (a *pipeArray) erase(p *pipe.Pipe) {
	i := a.index(p)
	last := len(a.pipes) - 1
	a.swap(i, last)
	a.pipes[last] = nil
	a.pipes = a.pipes[:last]
	infoOf(p).idx[a.s] = -1
}
