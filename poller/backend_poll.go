//go:build (linux && zmq_poll) || darwin || dragonfly || freebsd || netbsd || openbsd

package poller

import "golang.org/x/sys/unix"

// Backend names the readiness mechanism of this build: poll(2), libzmq's poll_t, on macOS and
// the BSDs, and on Linux when built with the zmq_poll tag.
const Backend = "poll"

// EdgeTriggered reports whether SetEdgeTriggered is available. poll(2) only says whether an fd
// is ready now; it cannot tell a new edge from a level that persists, so this backend is
// level-triggered only.
const EdgeTriggered = false

// The event bits of entry.events and of a batch, in poll's encoding (a pollfd's events and
// revents). POLLNVAL, an fd closed while registered, counts as an error, so the handler sees
// EBADF from its next call instead of the loop spinning on a report nobody takes.
const (
	evIn  = unix.POLLIN
	evOut = unix.POLLOUT
	evErr = unix.POLLERR | unix.POLLHUP | unix.POLLNVAL
)

// event is one ready registration of a batch: its slot, generation and revents.
type event struct{ idx, gen, ev uint32 }

// unpack returns the slot, generation and ready bits of an event.
func unpack(e *event) (idx, gen, ev uint32) { return e.idx, e.gen, e.ev }

// owner is the registration (slot and generation) a pollfd belongs to.
type owner struct{ idx, gen uint32 }

// backend is the poll set: one pollfd per registration, kept dense so that poll(2) scans no
// holes. Removing one moves the last pollfd into its place. That is safe during a dispatch,
// because the batch being dispatched is a copy (events), taken before the first handler runs;
// an fd added during a dispatch is appended and first polled by the next wait.
type backend struct {
	fds    []unix.PollFd
	owners []owner // owners[i] is the registration of fds[i]
	pos    []int32 // pos[idx] is the index in fds of slot idx's pollfd, -1 if none
}

// events is the list of registrations a wait found ready. It grows to the most fds ever ready
// at once and is reused.
type events []event

// open has nothing to create: the set lives in user memory.
func (b *backend) open() error { return nil }

// add appends a pollfd for fd with no event enabled, for slot idx of generation gen.
func (b *backend) add(fd int, idx, gen uint32) error {
	if err := checkFd(fd); err != nil {
		return err
	}
	for int(idx) >= len(b.pos) {
		b.pos = append(b.pos, -1)
	}
	b.pos[idx] = int32(len(b.fds))
	b.fds = append(b.fds, unix.PollFd{Fd: int32(fd)})
	b.owners = append(b.owners, owner{idx, gen})
	return nil
}

// del removes slot idx's pollfd, moving the last one into its place.
func (b *backend) del(_ int, idx uint32) error {
	i, last := b.pos[idx], int32(len(b.fds)-1)
	if i != last {
		b.fds[i], b.owners[i] = b.fds[last], b.owners[last]
		b.pos[b.owners[i].idx] = i
	}
	b.fds, b.owners = b.fds[:last], b.owners[:last]
	b.pos[idx] = -1
	return nil
}

// mod replaces the events slot idx polls for. Only POLLIN and POLLOUT are ever set; errors and
// hang-ups are reported whatever the mask.
func (b *backend) mod(_ int, mask, idx, _ uint32) error {
	b.fds[b.pos[idx]].Events = int16(mask)
	return nil
}

// wait runs one poll(2) and copies the ready registrations to buf; it returns how many there
// are.
func (b *backend) wait(buf *events, msec int) (int, error) {
	n, err := pollWait(b.fds, msec)
	if err != nil || n == 0 {
		return 0, err
	}
	ready := (*buf)[:0]
	for i := range b.fds {
		r := b.fds[i].Revents
		if r == 0 {
			continue
		}
		o := b.owners[i]
		ready = append(ready, event{idx: o.idx, gen: o.gen, ev: uint32(uint16(r))})
		if len(ready) == n {
			break
		}
	}
	*buf = ready
	return len(ready), nil
}

// close has no fd to close.
func (b *backend) close() error { return nil }

// SetEdgeTriggered fails with ErrEdgeUnsupported: see EdgeTriggered. A caller that wants edges
// for an fd it never reads (the I/O thread's mailbox) must instead register it level-triggered
// and drain it on every InEvent.
func (p *Poller) SetEdgeTriggered(h Handle) error {
	if p.handles.lookup(h) == nil {
		return ErrBadHandle
	}
	return ErrEdgeUnsupported
}
