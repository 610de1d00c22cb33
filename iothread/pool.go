package iothread

import "fmt"

// Pool is the context's fixed set of I/O threads, with consecutive slot ids.
type Pool struct {
	threads []*Thread
}

// NewPool creates n threads with slot ids firstTid, firstTid+1, ..., named "IO/0", "IO/1"...
// as libzmq names them. The options apply to all.
func NewPool(firstTid, n int, opts ...Option) (*Pool, error) {
	p := &Pool{threads: make([]*Thread, 0, n)}
	for i := range n {
		t, err := New(firstTid+i, append(opts[:len(opts):len(opts)], WithName(fmt.Sprintf("IO/%d", i)))...)
		if err != nil {
			p.Wait() // closes the threads made so far (never started)
			return nil, err
		}
		p.threads = append(p.threads, t)
	}
	return p, nil
}

// Threads returns the threads, in slot order.
func (p *Pool) Threads() []*Thread { return p.threads }

// Choose returns the slot id of the least loaded thread among those whose index in the pool
// has its bit set in affinity (0: any thread), like libzmq's ctx_t::choose_io_thread; ties go
// to the lowest index. It returns -1 if no thread qualifies. Safe from any goroutine.
func (p *Pool) Choose(affinity uint64) int {
	best, bestLoad := -1, 0
	for i, t := range p.threads {
		if affinity != 0 && (i >= 64 || affinity&(1<<uint(i)) == 0) {
			continue
		}
		if l := t.Load(); best < 0 || l < bestLoad {
			best, bestLoad = t.tid, l
		}
	}
	return best
}

// Start starts every thread's loop.
func (p *Pool) Start() {
	for _, t := range p.threads {
		t.Start()
	}
}

// Started waits until every thread has applied its Sched and returns the first error (see
// Thread.Started).
func (p *Pool) Started() error {
	var first error
	for _, t := range p.threads {
		if err := t.Started(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Stop asks every thread to stop.
func (p *Pool) Stop() {
	for _, t := range p.threads {
		t.Stop()
	}
}

// Wait waits for every thread to exit and closes their fds.
func (p *Pool) Wait() {
	for _, t := range p.threads {
		t.Wait()
	}
}
