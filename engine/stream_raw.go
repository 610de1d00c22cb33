package engine

import (
	"github.com/zreactor/zmq/internal/sysio"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/zmtp"
	"golang.org/x/sys/unix"
)

// Raw engines serve STREAM sockets and ROUTERs with ROUTER_RAW (libzmq raw_engine_t,
// Options.RawSocket): no greeting, no framing. Each read(2) becomes one message; each message
// pulled is written as its bytes. The socket names the connection itself (an automatic routing
// id when the pipe attaches), so the engine pushes no routing-id frame; with STREAM_NOTIFY
// (the default, and always for ROUTER_RAW) it pushes a zero-length message when the
// connection opens and another when it ends.

// plugRaw is raw_engine_t::plug_internal.
func (e *Stream) plugRaw() {
	e.handshaked = true
	e.batch = make([]byte, outBatchSize)
	e.rawBuf = make([]byte, zmtp.DefaultReadBufSize)
	e.nextMsg = (*Stream).pullMsgFromSession
	e.processMsg = (*Stream).pushMsgToSession
	e.metadata = e.buildMetadata(nil)
	if e.opts.StreamNotify {
		e.pushNotification()
	}
	e.setPollIn()
	e.outEvent()
	e.inEvent()
}

// pushNotification pushes STREAM's zero-length connect/disconnect message.
func (e *Stream) pushNotification() {
	var m msg.Msg
	m.InitSize(0, 0, false)
	m.SetMetadata(e.metadata)
	_ = e.session.PushMsg(&m)
	e.session.Flush()
}

// readRaw reads once and pushes what came as one message (a copy: the bytes of one read
// are one message, so there is no batch to amortise a shared buffer over).
func (e *Stream) readRaw() {
	n, err := sysio.Read(e.fd, e.rawBuf)
	switch {
	case err == unix.EAGAIN:
		return
	case err != nil:
		e.fail(ReasonConnection, err)
		return
	}
	e.rx.Init(e.rawBuf[:n], 0)
	if err := e.processMsg(e, &e.rx); err != nil {
		e.holdInput() // ErrAgain is the only error a push returns
	}
	e.session.Flush()
}

// fillRaw copies pulled message bodies into the batch until it is full or the session has
// nothing more, and returns the bytes pending.
func (e *Stream) fillRaw() int {
	e.drained = false
	for e.rawW < len(e.batch) {
		if !e.txHeld {
			if e.nextMsg(e, &e.tx) != nil {
				e.drained = true
				break
			}
			e.txHeld, e.txOff = true, 0
		}
		n := copy(e.batch[e.rawW:], e.tx.Bytes()[e.txOff:])
		e.rawW += n
		e.txOff += n
		if e.txOff == e.tx.Size() {
			e.txHeld = false
		}
	}
	return e.rawW - e.rawR
}

// writeRaw writes the pending bytes and returns how many are left; the error is unix.EAGAIN
// when the socket took none.
func (e *Stream) writeRaw() (int, error) {
	n, err := sysio.Write(e.fd, e.batch[e.rawR:e.rawW])
	if err != nil {
		return e.rawW - e.rawR, err
	}
	return e.advanceRaw(n), nil
}

// advanceRaw consumes n written bytes and returns the bytes still pending.
func (e *Stream) advanceRaw(n int) int {
	e.rawR += n
	if e.rawR == e.rawW {
		e.rawR, e.rawW = 0, 0
	}
	return e.rawW - e.rawR
}
