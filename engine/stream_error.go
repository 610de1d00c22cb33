package engine

import (
	"errors"
	"io"
	"syscall"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/sysio"
	"github.com/zreactor/zmq/poller"
	"github.com/zreactor/zmq/zmtp"
)

// fail is libzmq's stream_engine_base_t::error: raise the monitor events, leave the poller,
// cancel the timers, close the fd, and tell the session why. The engine is dead afterwards;
// every later call is a no-op.
func (e *Stream) fail(reason ErrorReason, err error) {
	if !e.plugged {
		return
	}
	if e.raw && e.opts.StreamNotify && e.session != nil {
		e.pushNotification() // STREAM's disconnect notification
	}
	if !e.handshaked {
		e.handshakeFailed(reason, err)
	}
	e.event(event.Disconnected, int64(e.fd))
	s, handshaked := e.session, e.handshaked
	e.unplug()
	if s != nil {
		s.Flush()
		s.EngineError(handshaked, reason)
	}
}

// handshakeFailed raises the HANDSHAKE_FAILED_* event libzmq raises for this failure:
// NO_DETAIL (with the errno) for connection and timeout errors, unless the mechanism has
// already failed (it raised its own event: libzmq reports NO_DETAIL only while the handshake
// is still going); for protocol errors AUTH when the peer sent ERROR with a ZAP status,
// PROTOCOL with the ZMQ_PROTOCOL_ERROR_* code when there is one, and nothing otherwise (e.g.
// an incompatible Socket-Type, a frame over MAXMSGSIZE, our own mechanism's failure).
func (e *Stream) handshakeFailed(reason ErrorReason, err error) {
	if reason != ReasonProtocol {
		if e.mech == nil || e.mech.Status() == zmtp.Handshaking {
			e.event(event.HandshakeFailedNoDetail, errnoOf(err))
		}
		return
	}
	var pe *zmtp.PeerError
	if errors.As(err, &pe) {
		if st := pe.AuthStatus(); st != 0 {
			e.event(event.HandshakeFailedAuth, int64(st))
		}
		return
	}
	if code := zmtp.CodeOf(err); code != zmtp.CodeNone {
		e.event(event.HandshakeFailedProtocol, int64(code))
	}
}

// errnoOf is the errno a monitor event carries for err: EPIPE for a closed peer, as libzmq.
func errnoOf(err error) int64 {
	var errno syscall.Errno
	switch {
	case errors.As(err, &errno):
		return int64(errno)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return int64(syscall.EPIPE)
	}
	return int64(syscall.EPROTO)
}

// unplug leaves the poller, cancels every timer and closes the fd (libzmq unplug plus the
// destructor).
func (e *Stream) unplug() {
	e.plugged = false
	e.cancelHandshakeTimer()
	for _, t := range [...]*poller.Timer{&e.ivlTimer, &e.timeoutTimer, &e.ttlTimer} {
		e.poller.StopTimer(t)
	}
	e.removeFd()
	e.closeFd()
	e.dec.Release() // a frame cut short: its memory goes back to the OS now
	e.session = nil
	e.tx.Reset()
	e.rx.Reset()
	e.txHeld, e.rxHeld = false, false
	e.onFlushed = nil
}

// closeFd closes the fd once. Errors are dropped: Linux releases the fd even when close
// reports one, and there is nobody left to tell.
func (e *Stream) closeFd() {
	if e.fd >= 0 {
		_ = sysio.Close(e.fd)
		e.fd = -1
	}
}

// event raises a monitor event for our endpoint.
func (e *Stream) event(k event.Kind, v int64) {
	e.cfg.Monitor.Event(event.Event{Kind: k, Value: v, Endpoint: e.cfg.Endpoint})
}
