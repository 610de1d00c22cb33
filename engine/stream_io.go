package engine

import (
	"io"

	"github.com/zreactor/zmq/internal/sysio"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/poller"
	"golang.org/x/sys/unix"
)

// inEvent is libzmq's in_event: finish the greeting if needed, then one read(2) into the
// decoder's buffer, decode every frame it completed, and flush the session once.
func (e *Stream) inEvent() {
	if !e.plugged {
		return
	}
	if e.greetingStage && !e.receiveGreeting() {
		return
	}
	if e.inputStopped {
		// Only an error or hang-up is reported while POLLIN is off. Stop polling (epoll
		// reports a hang-up whatever the mask, so it would fire on and on) until the
		// session has taken the frame it refused (RestartInput).
		e.removeFd()
		e.ioError = true
		return
	}
	if e.raw {
		e.readRaw()
		return
	}
	n, err := sysio.Read(e.fd, e.dec.Buffer())
	switch {
	case err == unix.EAGAIN:
		if e.dec.Buffered() > 0 { // bytes replayed from a ZMTP 1.0 greeting
			e.decodeLoop()
		}
		return
	case err != nil:
		e.fail(ReasonConnection, err)
		return
	}
	e.dec.Filled(n)
	e.decodeLoop()
}

// decodeLoop hands every complete buffered frame to processMsg until the bytes run out, the
// session is full (the frame is kept in rx and input stops), or an error ends the engine. It
// returns false in that last case.
func (e *Stream) decodeLoop() bool {
	for {
		ok, err := e.dec.Next(&e.rx)
		if err != nil {
			e.fail(ReasonProtocol, err)
			return false
		}
		if !ok {
			break
		}
		if err := e.processMsg(e, &e.rx); err != nil {
			if err != zerr.ErrAgain {
				e.fail(ReasonProtocol, err)
				return false
			}
			e.holdInput()
			break
		}
	}
	e.session.Flush()
	e.afterInput()
	return e.plugged
}

// holdInput keeps rx for the session and stops reading: TCP backpressure.
func (e *Stream) holdInput() {
	e.rxHeld = true
	if !e.inputStopped {
		e.inputStopped = true
		e.resetPollIn()
	}
}

// afterInput writes what decoding made sendable (a PONG, the next handshake command, data
// once the handshake completed), once per batch rather than once per frame.
func (e *Stream) afterInput() {
	if e.kickOut && e.plugged {
		e.kickOut = false
		e.RestartOutput()
	}
}

// RestartInput resumes reading once the session has room again: it pushes the frame the
// session refused, decodes what is still buffered, then polls and reads again. It returns
// false if the engine failed meanwhile (it has then reported EngineError).
func (e *Stream) RestartInput() bool {
	if !e.plugged {
		return false
	}
	if !e.inputStopped {
		return true
	}
	if e.rxHeld {
		if e.session.PushMsg(&e.rx) != nil {
			e.session.Flush()
			return true
		}
		e.rxHeld = false
	}
	if !e.raw && e.dec.Buffered() > 0 {
		if !e.decodeLoop() {
			return false
		}
		if e.rxHeld {
			return true
		}
	} else {
		e.session.Flush()
	}
	if e.ioError && !e.repoll() {
		return false
	}
	e.inputStopped = false
	e.setPollIn()
	e.inEvent() // speculative read, as libzmq does
	return e.plugged
}

// repoll puts the fd back in the poller after a hang-up or error came while input was
// stopped, so that reading goes on: what the peer sent before it went may still wait in the
// kernel's receive buffer, and the reads return it before they return EOF or the error, which
// then end the engine as any other. A unix-domain peer that closes raises EPOLLHUP at once,
// so a fast ipc sender's last frames would otherwise be lost whenever the receiver's pipe was
// full at that moment; libzmq 4.3 fails the connection there and loses them (2 runs in 40 of
// its own local_thr/remote_thr over ipc, measured).
func (e *Stream) repoll() bool {
	h, err := e.poller.AddFd(e.fd, e.events())
	if err != nil {
		e.fail(ReasonConnection, io.ErrUnexpectedEOF)
		return false
	}
	e.handle, e.ioError = h, false
	return true
}

// RestartOutput is called by the session when it has frames to send: unless POLLOUT is
// already armed (the kernel buffer is full, or a batch is waiting), write at once rather than
// wait for the poller (libzmq's speculative write, for latency).
func (e *Stream) RestartOutput() {
	if !e.plugged || e.writeFailed || e.outArmed {
		return
	}
	e.outEvent()
}

// outEvent is libzmq's out_event: finish our greeting, fill the batch from nextMsg until it
// is full or nothing is left, and write it with one writev(2). POLLOUT stays armed while
// bytes are pending or the batch filled up before the session ran dry.
func (e *Stream) outEvent() {
	if !e.plugged || e.writeFailed {
		return
	}
	if len(e.greeting.Out()) > 0 && !e.sendGreeting() {
		return
	}
	if e.greetingStage {
		e.resetPollOut() // no framing before the greeting is complete
		return
	}
	var pending int
	if e.raw {
		pending = e.fillRaw()
	} else {
		pending = e.fill()
	}
	if pending == 0 {
		e.outDone()
		return
	}
	var err error
	if e.raw {
		pending, err = e.writeRaw()
	} else {
		pending, err = e.writeFrames()
	}
	switch {
	case err == unix.EAGAIN:
		e.setPollOut()
		return
	case err != nil:
		// Stop writing only: the read side sees the error and ends the engine, so frames
		// already received are not lost (libzmq does the same).
		e.writeFailed = true
		e.resetPollOut()
		return
	}
	if pending > 0 || !e.drained {
		e.setPollOut()
	} else {
		e.outDone()
	}
	e.flushed()
}

// outDone stops polling for output: everything is written and the source is dry (a batch
// that filled up always leaves bytes pending, so an empty batch means a dry source).
func (e *Stream) outDone() { e.resetPollOut() }

// fill encodes frames from nextMsg into the batch until it is full or nextMsg has nothing
// (drained), and returns the bytes pending.
func (e *Stream) fill() int {
	e.drained = false
	for {
		if !e.txHeld {
			if err := e.nextMsg(e, &e.tx); err != nil {
				// ErrAgain: nothing now. Other errors (a failed mechanism) stop output; the
				// input side reports them.
				e.drained = true
				break
			}
			e.txHeld = true
		}
		if !e.encodeTx() {
			break
		}
		e.txHeld = false
	}
	return e.enc.Buffered()
}

// Poller helpers: the handle is zero before AddFd succeeded and after the fd left the
// poller. Errors from epoll_ctl on a registered fd cannot happen short of a bug; if one does,
// the fd's own read reports the broken connection.

func (e *Stream) setPollIn() {
	if !e.handle.IsZero() {
		_ = e.poller.SetPollIn(e.handle)
	}
}

func (e *Stream) resetPollIn() {
	if !e.handle.IsZero() {
		_ = e.poller.ResetPollIn(e.handle)
	}
}

func (e *Stream) setPollOut() {
	if !e.outArmed && !e.handle.IsZero() {
		_ = e.poller.SetPollOut(e.handle)
		e.outArmed = true
	}
}

func (e *Stream) resetPollOut() {
	if e.outArmed && !e.handle.IsZero() {
		_ = e.poller.ResetPollOut(e.handle)
	}
	e.outArmed = false
}

func (e *Stream) removeFd() {
	if !e.handle.IsZero() {
		_ = e.poller.RemoveFd(e.handle)
		e.handle = poller.Handle{}
	}
	e.outArmed = false
}
