package session

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
)

// ZapConnect implements engine.ZAPPipe. Not wired yet: no handler is ever found.
func (s *Session) ZapConnect() error { return zerr.ErrConnRefused }

// WriteZapMsg implements engine.ZAPPipe.
func (s *Session) WriteZapMsg(*msg.Msg) error { return zerr.ErrConnRefused }

// ReadZapMsg implements engine.ZAPPipe.
func (s *Session) ReadZapMsg(*msg.Msg) error { return zerr.ErrAgain }
