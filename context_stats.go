package zmq

import (
	"cmp"
	"slices"
)

// Stats returns the statistics of the context's open sockets (Socket.Stats), in the order they
// were made. It is safe to call from any goroutine.
func (c *Context) Stats() []SocketStats {
	c.mu.Lock()
	socks := make([]*Socket, 0, len(c.sockets))
	for s := range c.sockets {
		socks = append(socks, s)
	}
	c.mu.Unlock()
	// Outside the lock: Stats may wait for a socket's owner, which may be closing it, and
	// closing takes c.mu.
	slices.SortFunc(socks, func(a, b *Socket) int { return cmp.Compare(a.id, b.id) })
	st := make([]SocketStats, len(socks))
	for i, s := range socks {
		st[i] = s.Stats()
	}
	return st
}
