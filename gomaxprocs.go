package zmq

import (
	"runtime"
	"sync"
)

// procs is the process-wide record of what contexts made with RaiseGOMAXPROCS did to
// GOMAXPROCS, so the last one to close puts back the value found before the first raise.
var procs procsRaise

type procsRaise struct {
	mu     sync.Mutex
	users  int // open contexts that asked for a raise
	before int // GOMAXPROCS before the first of them raised it
	set    int // the value last set here; 0 while nothing is raised
}

// raise makes GOMAXPROCS at least want.
func (p *procsRaise) raise(want int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cur := runtime.GOMAXPROCS(0)
	if p.users == 0 {
		p.before, p.set = cur, 0
	}
	p.users++
	if cur < want {
		runtime.GOMAXPROCS(want)
		p.set = want
	}
}

// restore undoes the raises once the last raising context closes, unless GOMAXPROCS was
// changed since by someone else.
func (p *procsRaise) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users--
	if p.users > 0 || p.set == 0 {
		return
	}
	if runtime.GOMAXPROCS(0) == p.set {
		runtime.GOMAXPROCS(p.before)
	}
	p.set = 0
}
