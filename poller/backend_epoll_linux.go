//go:build !zmq_poll

package poller

import (
	"os"

	"golang.org/x/sys/unix"
)

// Backend names the readiness mechanism of this build: epoll on Linux unless built with the
// zmq_poll tag.
const Backend = "epoll"

// EdgeTriggered reports whether SetEdgeTriggered is available. epoll reports edges natively.
const EdgeTriggered = true

// The event bits of entry.events and of a batch, in epoll's encoding. evErr is what the kernel
// reports whatever the mask; evEdge is a mask flag, never reported.
const (
	evIn   = unix.EPOLLIN
	evOut  = unix.EPOLLOUT
	evErr  = unix.EPOLLERR | unix.EPOLLHUP
	evEdge = unix.EPOLLET
)

// event is one readiness report of a batch: epoll hands back the slot index in Fd and the
// generation in Pad, as epollCtl stored them.
type event = unix.EpollEvent

// unpack returns the slot, generation and ready bits of an event.
func unpack(e *event) (idx, gen, ev uint32) { return uint32(e.Fd), uint32(e.Pad), e.Events }

// maxEvents is the size of one epoll_wait batch, as libzmq's max_io_events.
const maxEvents = 256

// backend is one epoll instance.
type backend struct {
	epfd int
}

// events is the buffer epoll_wait fills.
type events [maxEvents]event

// open creates the epoll fd (close-on-exec).
func (b *backend) open() error {
	fd, err := epollCreate()
	if err != nil {
		return err
	}
	b.epfd = fd
	return nil
}

// add registers fd with no event enabled, tagged with its slot and generation.
func (b *backend) add(fd int, idx, gen uint32) error {
	return epollCtl(b.epfd, unix.EPOLL_CTL_ADD, fd, 0, idx, gen)
}

// del unregisters fd, which slot idx held.
func (b *backend) del(fd int, _ uint32) error {
	return epollCtl(b.epfd, unix.EPOLL_CTL_DEL, fd, 0, 0, 0)
}

// mod replaces fd's mask.
func (b *backend) mod(fd int, mask, idx, gen uint32) error {
	return epollCtl(b.epfd, unix.EPOLL_CTL_MOD, fd, mask, idx, gen)
}

// wait runs one epoll_wait and returns how many events it put in buf.
func (b *backend) wait(buf *events, msec int) (int, error) {
	return epollWait(b.epfd, buf[:], msec)
}

// close closes the epoll fd; a second call does nothing.
func (b *backend) close() error {
	if b.epfd < 0 {
		return nil
	}
	err := unix.Close(b.epfd)
	b.epfd = -1
	if err != nil {
		return os.NewSyscallError("close", err)
	}
	return nil
}

// SetEdgeTriggered switches h to edge-triggered reporting (EPOLLET): an event is reported
// when the fd becomes ready, not while it stays ready. The I/O thread uses it for its mailbox
// eventfd so that a wake-up needs no read(2) to reset the counter.
func (p *Poller) SetEdgeTriggered(h Handle) error { return p.modify(h, evEdge, 0) }
