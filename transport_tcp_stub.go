//go:build !tcpwired

package zmq

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
)

// Temporary: the TCP engine is being finished; until then tcp endpoints are refused.
func (c *Context) ioThread(affinity uint64) *iothread.Thread {
	tid := c.pool.Choose(affinity)
	if tid < 0 {
		return nil
	}
	return c.pool.Threads()[tid-firstIOSlot]
}

func (s *Socket) bindTCP(endpoint, addr string) error {
	return zerr.With(zerr.ErrProtoNoSupport, "tcp not wired yet: %s", endpoint)
}

func (s *Socket) connectTCP(endpoint, addr string) error {
	return zerr.With(zerr.ErrProtoNoSupport, "tcp not wired yet: %s", endpoint)
}
