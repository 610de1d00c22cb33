package zmq

import (
	"context"
	"time"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/socket"
)

// Send queues one frame, copying it. SndMore marks all but the last frame of a message; with
// DontWait it returns ErrAgain instead of blocking when the frame cannot be queued now.
func (s *Socket) Send(frame []byte, flags Flag) error {
	if err := s.enter(callSend); err != nil {
		return err
	}
	defer s.exit()
	return s.send(noContext, frame, flags)
}

// send is Send once the socket is taken.
func (s *Socket) send(ctx context.Context, frame []byte, flags Flag) error {
	s.copyToScratch(frame)
	return s.sendMsg(ctx, &s.scratch, flags)
}

// copyToScratch copies a frame to be sent: inline when tiny, into a pooled body otherwise
// (the engine, or an inproc peer's Free, returns it). The copy then travels through the pipe
// without further copies.
func (s *Socket) copyToScratch(frame []byte) {
	s.scratch.InitPooledCopy(frame, 0, &s.sendArena)
}

// SendMulti sends a whole message, one frame per slice.
func (s *Socket) SendMulti(frames [][]byte, flags Flag) error {
	return s.SendMultiContext(noContext, frames, flags)
}

// SendMultiContext is SendMulti that gives up when ctx is done, returning ctx.Err(). Once the
// first frame is queued the rest of the message always is, whatever ctx does.
func (s *Socket) SendMultiContext(ctx context.Context, frames [][]byte, flags Flag) error {
	if len(frames) == 0 {
		return zerr.With(zerr.ErrInvalid, "SendMulti: no frames")
	}
	if err := s.enter(callSend); err != nil {
		return err
	}
	defer s.exit()
	for i, f := range frames {
		fl := flags &^ SndMore
		if i < len(frames)-1 || flags&SndMore != 0 {
			fl |= SndMore
		}
		if i > 0 {
			ctx = noContext // frames after the first never wait: the pipe takes whole messages
		}
		if err := s.send(ctx, f, fl); err != nil {
			return err
		}
	}
	return nil
}

// SendContext is Send that gives up when ctx is done, returning ctx.Err().
func (s *Socket) SendContext(ctx context.Context, frame []byte, flags Flag) error {
	if err := s.enter(callSend); err != nil {
		return err
	}
	defer s.exit()
	return s.send(ctx, frame, flags)
}

// SendMsg sends a frame built with NewMsg or InitSize, or one received, handing its body
// over as zmq_msg_send does: once sent, m is empty and may be reused, and slices of its body
// must no longer be used (the library recycles a pooled body once it is written). A frame
// that could not be queued stays in m.
func (s *Socket) SendMsg(m *Msg, flags Flag) error {
	if m == nil {
		return zerr.With(zerr.ErrInvalid, "SendMsg: nil *Msg")
	}
	if err := s.enter(callSend); err != nil {
		return err
	}
	defer s.exit()
	if m.pooled {
		m.m.SetFlags(msg.Pooled) // the body goes back to the pool once written
	}
	err := s.sendMsg(noContext, &m.m, flags)
	if err != nil {
		m.m.ClearFlags(msg.Pooled) // still m's: Free gives it back
		return err
	}
	m.pooled = false
	return nil
}

// sendMsg sends m once the socket is taken.
func (s *Socket) sendMsg(ctx context.Context, m *msg.Msg, flags Flag) error {
	if err := s.processCommands(0); err != nil {
		return err
	}
	m.ClearFlags(msg.More)
	if flags&SndMore != 0 {
		m.SetFlags(msg.More)
	}
	err := s.impl.Send(m)
	if err == socket.ErrAgainDropped {
		// The pipe died in the middle of this message: libzmq reports EAGAIN to non-blocking
		// callers and silently drops the frame for blocking ones; retrying would not help.
		if flags&DontWait != 0 || s.opts.SndTimeo == 0 {
			return ErrAgain
		}
		m.Reset()
		return nil
	}
	if err != ErrAgain || flags&DontWait != 0 || s.opts.SndTimeo == 0 {
		return err
	}
	return s.wait(ctx, s.opts.SndTimeo, false, func() error { return s.impl.Send(m) })
}

// spinFor polls the mailbox for up to d and reports whether a command arrived.
func (s *Socket) spinFor(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for i := 0; ; i++ {
		if s.mb.Pending() {
			return true
		}
		if i%64 == 63 && time.Now().After(deadline) {
			return false
		}
	}
}

// noContext stands for "no context.Context": it is never done.
var noContext = context.Background()

// wait blocks on the socket's mailbox until try stops answering ErrAgain, the timeout passes
// (ErrAgain), ctx is done (ctx.Err()) or the context terminates (ErrTerminated). forRecv says
// the caller waits for a message rather than for room to send: under scheduler waits only that
// wait takes the waking I/O thread's P (mailbox.HandOffOnWake).
func (s *Socket) wait(ctx context.Context, timeout time.Duration, forRecv bool, try func() error) error {
	s.mb.HandOffOnWake(forRecv)
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	cancellable := ctx.Done() != nil
	if cancellable {
		if err := ctx.Err(); err != nil {
			return err
		}
		stop := context.AfterFunc(ctx, s.mb.Wake)
		defer stop()
	}
	for {
		wait := time.Duration(-1)
		if timeout > 0 {
			if wait = time.Until(deadline); wait <= 0 {
				return ErrAgain
			}
		}
		if spin := s.ctx.cfg.spin; spin > 0 && wait != 0 && s.spinFor(spin) {
			wait = 0 // a command came while spinning: no need to sleep
		}
		if err := s.processCommands(wait); err != nil {
			return err
		}
		if s.closeRequested() {
			return ErrNotSocket // another goroutine closes the socket: it waits for us to leave
		}
		if cancellable {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := try(); err != ErrAgain {
			return err
		}
	}
}
