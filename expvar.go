package zmq

import (
	"cmp"
	"expvar"
	"slices"
	"strconv"
	"sync"

	"github.com/zreactor/zmq/internal/zerr"
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

// PublishExpvar publishes the statistics of the context's open sockets as the expvar variable
// name (served as JSON at /debug/vars by expvar's handler): an object with one member per socket,
// named by its type and number ("PUB#3"), whose value is its SocketStats. The figures are read
// when the variable is read. expvar names are for the life of the process: publishing a name
// twice fails with ErrInvalid, and after the context is closed the variable reads as {}.
func (c *Context) PublishExpvar(name string) error {
	publishMu.Lock()
	defer publishMu.Unlock()
	if expvar.Get(name) != nil {
		return zerr.With(zerr.ErrInvalid, "PublishExpvar: expvar %q is already published", name)
	}
	expvar.Publish(name, expvar.Func(func() any {
		m := make(map[string]SocketStats)
		for _, st := range c.Stats() {
			m[st.Type.String()+"#"+strconv.FormatUint(st.ID, 10)] = st
		}
		return m
	}))
	return nil
}

// publishMu makes PublishExpvar's check and publication one step: expvar.Publish panics on a
// name taken meanwhile.
var publishMu sync.Mutex
