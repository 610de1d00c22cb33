package engine

import (
	"github.com/zreactor/zmq/internal/sysio"
	"github.com/zreactor/zmq/zmtp"
	"golang.org/x/sys/unix"
)

// A body bigger than a full batch is not written in one call with what comes before it: the
// first writev(2) ends leadBite bytes into it and a second one writes the rest. Written whole,
// a 1 MiB frame reached a peer that was asleep as one burst: Linux queued it at the receiver
// before the receiver woke (TCPRcvCoalesce 6,100 per 1,000 round trips) and about half the
// runs went into a slow mode at twice the latency. A short first write, which libzmq makes by
// accident of its 8 KiB batch, has the peer awake and reading while the rest is copied
// (TCPRcvCoalesce 55, libzmq's 54). One-way latency at 1 MiB went from 344-450 to 236-299 us,
// throughput at 128 KiB to 1 MiB rose 15-50%; at 64 KiB neither changed, so bodies that fit
// a batch keep their single write.
const (
	leadBodyMin = zmtp.DefaultMaxBatch + 1 // bodies this big get a lead write
	leadBite    = 8 << 10                  // libzmq's out_batch_size
	leadSegs    = 8                        // with more segments before the body, it goes whole
)

// writeFrames writes the encoder's pending bytes and returns how many are left; the error is
// unix.EAGAIN when the socket took none.
func (e *Stream) writeFrames() (int, error) {
	wrote := false
	if lead := e.enc.Lead(leadBodyMin, leadBite); lead > 0 {
		if iov := e.enc.PendingPrefix(lead, e.leadIov[:]); iov != nil {
			n, err := sysio.Writev(e.fd, iov)
			if err != nil {
				return e.enc.Buffered(), err
			}
			e.enc.Advance(n)
			if n < lead {
				return e.enc.Buffered(), nil
			}
			wrote = true
		}
	}
	n, err := sysio.Writev(e.fd, e.enc.Pending())
	switch {
	case err == nil:
		e.enc.Advance(n)
	case err == unix.EAGAIN && wrote:
		err = nil // the lead went out; the poller says when the rest may follow
	}
	return e.enc.Buffered(), err
}
