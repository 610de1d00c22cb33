//go:build soak

package soak

import (
	"bytes"
	"fmt"
	"time"

	"github.com/zreactor/zmq"
)

// opScratchContext makes a context of its own with a PUSH->PULL pair over each transport,
// sends ten messages on each, which must all arrive in order, and closes it all: every I/O
// thread and fd the context made must go (the end of the run checks the totals).
func (s *soak) opScratchContext() bool {
	ctx, err := zmq.NewContext(zmq.IOThreads(1 + s.rng.IntN(2)))
	if err != nil {
		s.violate("scratch NewContext: %v", err)
		return false
	}
	var socks []*zmq.Socket
	for _, tr := range s.trs {
		pull, push := s.scratchPair(ctx, tr)
		socks = append(socks, pull, push)
		if pull == nil || push == nil {
			break
		}
		s.scratchTraffic(tr.name, pull, push)
	}
	for _, sock := range socks {
		if sock != nil {
			_ = sock.Close()
		}
	}
	done := make(chan error, 1)
	go func() { done <- ctx.Close() }()
	select {
	case err := <-done:
		if err != nil {
			s.violate("scratch Context.Close: %v", err)
		}
	case <-time.After(30 * time.Second):
		s.violate("scratch Context.Close had not returned after 30 s")
	}
	return true
}

// scratchPair makes a bound PULL and a PUSH connected to it over tr in ctx.
func (s *soak) scratchPair(ctx *zmq.Context, tr transport) (pull, push *zmq.Socket) {
	var err error
	ep := tr.endpoint(s, fmt.Sprintf("scratch%d", s.st.ops["scratch-context"]))
	defer delete(s.ports, portOf(ep))
	if pull, err = ctx.NewSocket(zmq.PULL); err == nil {
		if err = pull.SetRcvTimeo(10 * time.Second); err == nil {
			err = pull.Bind(ep)
		}
	}
	if err == nil {
		if push, err = ctx.NewSocket(zmq.PUSH); err == nil {
			err = push.Connect(ep)
		}
	}
	if err != nil {
		s.violate("scratch %s pair on %s: %v", tr.name, ep, err)
	}
	return pull, push
}

// scratchTraffic sends ten messages from push to pull, which must get them all in order.
func (s *soak) scratchTraffic(name string, pull, push *zmq.Socket) {
	for i := range 10 {
		if err := push.Send([]byte{byte(i)}, 0); err != nil {
			s.violate("scratch %s Send %d: %v", name, i, err)
			return
		}
	}
	for i := range 10 {
		b, err := pull.Recv(0)
		if err != nil || !bytes.Equal(b, []byte{byte(i)}) {
			s.violate("scratch %s: message %d: got %x, %v", name, i, b, err)
			return
		}
	}
}
