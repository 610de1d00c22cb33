package auth

import (
	"context"
	"errors"

	"github.com/zreactor/zmq"
)

// serve answers requests until ctx is cancelled (Close) or the context is closed. It owns s:
// only this goroutine touches it after New, as a zmq.Socket requires.
func (a *Authenticator) serve(ctx context.Context, s *zmq.Socket) {
	defer close(a.done)
	defer s.Close()
	for {
		frames, err := recvRequest(ctx, s)
		if err != nil {
			a.ended(ctx, err)
			return
		}
		rep := a.handle(frames)
		// REP adds the envelope; the reply is never blocked (REP drops for a departed server).
		if err := s.SendMulti(rep.frames(), 0); err != nil {
			if errors.Is(err, zmq.ErrTerminated) {
				a.ended(ctx, err)
				return
			}
			a.log.Error("ZAP reply not sent", "error", err)
		}
	}
}

// ended records why serving stopped.
func (a *Authenticator) ended(ctx context.Context, err error) {
	if isNormalEnd(ctx, err) {
		a.log.Debug("ZAP handler stopped", "reason", err.Error())
		return
	}
	a.err = err
	a.log.Error("ZAP handler stopped", "error", err)
}

// recvRequest reads one whole request. Only the first frame waits; the rest of a message
// arrives with it.
func recvRequest(ctx context.Context, s *zmq.Socket) ([][]byte, error) {
	f, err := s.RecvContext(ctx, 0)
	if err != nil {
		return nil, err
	}
	frames := [][]byte{f}
	for s.RcvMore() {
		if f, err = s.RecvContext(ctx, 0); err != nil {
			return nil, err
		}
		frames = append(frames, f)
	}
	return frames, nil
}

// handle turns one request into its reply, logging the decision.
func (a *Authenticator) handle(frames [][]byte) reply {
	req, err := parseRequest(frames)
	if err != nil {
		a.log.Warn("ZAP request malformed", "status", statusInternal, "reason", err.Error())
		return reply{requestID: req.id, status: statusInternal, text: err.Error()}
	}
	a.mu.RLock()
	v := a.pol.decide(&req)
	a.mu.RUnlock()
	a.logDecision(&req, &v)
	return v.reply(&req)
}
