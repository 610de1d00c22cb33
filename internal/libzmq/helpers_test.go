//go:build cgo

package libzmq

import (
	"testing"
)

// newContext returns a context terminated at the end of the test; sockets
// from newSocket are closed (linger 0) before that, cleanups being LIFO.
func newContext(t *testing.T) *Context {
	t.Helper()
	c, err := NewContext()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Term(); err != nil {
			t.Errorf("term: %v", err)
		}
	})
	return c
}

func newSocket(t *testing.T, c *Context, typ SocketType) *Socket {
	t.Helper()
	s, err := c.NewSocket(typ)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.SetInt(Linger, 0))
	must(t, s.SetInt(RcvTimeo, 5000)) // a lost message fails the test, never hangs it
	must(t, s.SetInt(SndTimeo, 5000))
	t.Cleanup(func() {
		if s.p != nil {
			if err := s.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		}
	})
	return s
}

// pairOver binds a of type ta and connects b of type tb over endpoint ep
// ("tcp://127.0.0.1:*" or an inproc name); it returns both sockets.
func pairOver(t *testing.T, c *Context, ta, tb SocketType, ep string) (*Socket, *Socket) {
	t.Helper()
	a, b := newSocket(t, c, ta), newSocket(t, c, tb)
	must(t, a.Bind(ep))
	last, err := a.LastEndpoint()
	must(t, err)
	must(t, b.Connect(last))
	return a, b
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func recvString(t *testing.T, s *Socket) string {
	t.Helper()
	b, _, err := s.Recv(0)
	must(t, err)
	return string(b)
}
