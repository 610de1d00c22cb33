package zmq

import (
	"context"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
)

// Recv receives one frame. The returned slice belongs to the caller. With DontWait it returns
// ErrAgain when nothing is there.
func (s *Socket) Recv(flags Flag) ([]byte, error) { return s.recvBytes(noContext, flags) }

// RecvContext is Recv that gives up when ctx is done, returning ctx.Err().
func (s *Socket) RecvContext(ctx context.Context, flags Flag) ([]byte, error) {
	return s.recvBytes(ctx, flags)
}

func (s *Socket) recvBytes(ctx context.Context, flags Flag) ([]byte, error) {
	if err := s.enter(callRecv); err != nil {
		return nil, err
	}
	defer s.exit()
	return s.recvFrame(ctx, flags)
}

// recvFrame receives one frame for the caller to keep, once the socket is taken.
func (s *Socket) recvFrame(ctx context.Context, flags Flag) ([]byte, error) {
	if err := s.recvMsg(ctx, &s.scratch, flags); err != nil {
		return nil, err
	}
	return s.takeScratch(), nil
}

// takeScratch hands the received frame's body to the caller: a small frame is copied into the
// receive arena, a large one gives away its own buffer.
func (s *Socket) takeScratch() []byte {
	if s.scratch.Size() <= msg.InlineSize {
		return s.recvArena.Copy(s.scratch.Bytes(), recvArenaChunk)
	}
	if s.scratch.Flags()&msg.Shared != 0 {
		return append([]byte(nil), s.scratch.Bytes()...) // other subscribers hold the same body
	}
	return s.scratch.Detach()
}

// RecvMulti receives a whole message, all its frames.
func (s *Socket) RecvMulti(flags Flag) ([][]byte, error) {
	return s.RecvMultiContext(noContext, flags)
}

// RecvMultiContext is RecvMulti that gives up when ctx is done, returning ctx.Err(). Only the
// wait for the first frame is cut short: the rest of a started message is always there.
func (s *Socket) RecvMultiContext(ctx context.Context, flags Flag) ([][]byte, error) {
	if err := s.enter(callRecv); err != nil {
		return nil, err
	}
	defer s.exit()
	var frames [][]byte
	for {
		f, err := s.recvFrame(ctx, flags)
		if err != nil {
			if len(frames) > 0 && err == ErrAgain {
				continue // the rest of a started message is always there
			}
			return nil, err
		}
		frames = append(frames, f)
		if !s.rcvMore {
			return frames, nil
		}
		ctx = noContext // the rest of a started message is there: nothing to give up on
	}
}

// RecvMsg receives one frame with its flags and metadata.
func (s *Socket) RecvMsg(flags Flag) (*Msg, error) { return s.RecvMsgContext(noContext, flags) }

// RecvMsgContext is RecvMsg that gives up when ctx is done, returning ctx.Err().
func (s *Socket) RecvMsgContext(ctx context.Context, flags Flag) (*Msg, error) {
	if err := s.enter(callRecv); err != nil {
		return nil, err
	}
	defer s.exit()
	m := new(Msg)
	if err := s.recvMsg(ctx, &m.m, flags); err != nil {
		return nil, err
	}
	m.pooled = s.lastPooled
	return m, nil
}

// RecvMsgInto receives one frame into m, as zmq_msg_recv does into a reused zmq_msg_t: m's
// previous frame is freed first (see Msg.Free), so a loop over one Msg receives frames of any
// size without allocating. Slices from m's earlier Bytes calls must not be used afterwards.
func (s *Socket) RecvMsgInto(m *Msg, flags Flag) error {
	if m == nil {
		return zerr.With(zerr.ErrInvalid, "RecvMsgInto: nil *Msg")
	}
	if err := s.enter(callRecv); err != nil {
		return err
	}
	defer s.exit()
	m.Free()
	if err := s.recvMsg(noContext, &m.m, flags); err != nil {
		return err
	}
	m.pooled = s.lastPooled
	return nil
}

// RcvMore reports whether the last frame received is followed by more frames (ZMQ_RCVMORE).
func (s *Socket) RcvMore() bool { return s.rcvMore }

// recvMsg receives into m once the socket is taken.
func (s *Socket) recvMsg(ctx context.Context, m *msg.Msg, flags Flag) error {
	if err := s.processCommands(0); err != nil {
		return err
	}
	err := s.impl.Recv(m)
	if err == ErrAgain && flags&DontWait == 0 && s.opts.RcvTimeo != 0 {
		err = s.wait(ctx, s.opts.RcvTimeo, true, func() error { return s.impl.Recv(m) })
	}
	if err != nil {
		return err
	}
	s.rcvMore = m.More()
	// The application owns what it receives: a pooled body must never go back to the pool
	// behind its back. Only Msg.Free and SendMsg, which hand the body over, return it, and
	// only when no other message shares it (inproc PUB fan-out): each subscriber's Free
	// would return it again.
	s.lastPooled = m.Flags()&(msg.Pooled|msg.Shared) == msg.Pooled
	m.ClearFlags(msg.Pooled)
	return nil
}
