//go:build !zmq_poll

package poller

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestEdgeTriggered(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	efd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	must(t, err)
	defer unix.Close(efd)
	h := &handler{}
	eh := mustAdd(t, p, efd, h)
	must(t, p.SetPollIn(eh))
	must(t, p.SetEdgeTriggered(eh))
	one := []byte{1, 0, 0, 0, 0, 0, 0, 0}
	write(t, efd, string(one))
	waitFor(t, p, func() bool { return h.ins == 1 })
	must(t, p.Wait(0)) // counter still non-zero, but no new edge
	if h.ins != 1 {
		t.Fatalf("edge-triggered fd reported %d times for one write", h.ins)
	}
	write(t, efd, string(one))
	waitFor(t, p, func() bool { return h.ins == 2 })
	must(t, p.RemoveFd(eh))
}
