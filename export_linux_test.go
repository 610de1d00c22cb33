package zmq

import (
	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/object"
)

// tidProbe reports the OS thread that runs its command.
type tidProbe struct {
	slot int
	got  chan int
}

func (p *tidProbe) ProcessCommand(*object.Command) { p.got <- unix.Gettid() }
func (p *tidProbe) ThreadID() int                  { return p.slot }

// ThreadOSIDs returns the OS thread ids of c's reaper and I/O threads, in slot order, each
// learnt from a command that thread runs.
func ThreadOSIDs(c *Context) []int {
	var ids []int
	for slot := reaperSlot; slot < firstIOSlot+c.cfg.ioThreads; slot++ {
		p := &tidProbe{slot: slot, got: make(chan int, 1)}
		c.sendCommand(slot, object.Command{Dest: p, Kind: object.Plug})
		ids = append(ids, <-p.got)
	}
	return ids
}
