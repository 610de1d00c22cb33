package zmq_test

import (
	"errors"
	"syscall"
	"testing"

	zmq "github.com/zreactor/zmq"
)

// Security options are refused loudly until the mechanisms exist.
func TestSecurityOptionsNotSupportedYet(t *testing.T) {
	t.Parallel()
	c := newCtx(t)
	s := newSocket(t, c, zmq.DEALER)
	for name, err := range map[string]error{
		"PlainServer": s.SetPlainServer(true), "PlainUsername": s.SetPlainUsername("u"),
		"PlainPassword": s.SetPlainPassword("p"), "ZapDomain": s.SetZapDomain("d"),
		"CurveServer": s.SetCurveServer(true), "CurvePublicKey": s.SetCurvePublicKey("k"),
		"CurveSecretKey": s.SetCurveSecretKey("k"), "CurveServerKey": s.SetCurveServerKey("k"),
	} {
		if !errors.Is(err, zmq.ErrNotSupported) || !errors.Is(err, syscall.ENOTSUP) {
			t.Errorf("Set%s = %v, want ErrNotSupported", name, err)
		}
	}
}
