package auth

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
)

// TestMain checks that no goroutine (serving loop, I/O thread) and no fd outlives the tests.
func TestMain(m *testing.M) { leakcheck.Main(m) }

// newContext makes a context closed when the test ends, after everything registered later.
func newContext(t *testing.T) *zmq.Context {
	t.Helper()
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ctx.Close(); err != nil {
			t.Errorf("context close: %v", err)
		}
	})
	return ctx
}

// start runs an Authenticator closed when the test ends.
func start(t *testing.T, ctx *zmq.Context, opts ...Option) *Authenticator {
	t.Helper()
	a, err := New(ctx, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("authenticator close: %v", err)
		}
	})
	return a
}

// zapPeer is a REQ socket playing a server socket's part: it sends hand-made ZAP requests.
type zapPeer struct {
	t *testing.T
	s *zmq.Socket
}

func newZapPeer(t *testing.T, ctx *zmq.Context) *zapPeer {
	t.Helper()
	s, err := ctx.NewSocket(zmq.REQ)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, err := range []error{s.SetLinger(0), s.SetRcvTimeo(5 * time.Second), s.SetSndTimeo(5 * time.Second), s.Connect(Endpoint)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return &zapPeer{t: t, s: s}
}

// roundTrip sends frames as one request and returns the reply's frames.
func (p *zapPeer) roundTrip(frames ...[]byte) [][]byte {
	p.t.Helper()
	if err := p.s.SendMulti(frames, 0); err != nil {
		p.t.Fatalf("send request: %v", err)
	}
	rep, err := p.s.RecvMulti(0)
	if err != nil {
		p.t.Fatalf("receive reply: %v", err)
	}
	if len(rep) != 6 {
		p.t.Fatalf("reply has %d frames, want 6: %q", len(rep), rep)
	}
	if string(rep[0]) != "1.0" {
		p.t.Fatalf("reply version %q", rep[0])
	}
	return rep
}

// zapReq is a well-formed request's variable parts.
type zapReq struct {
	domain, address, mechanism string
	creds                      []string
}

// ask sends r with request id "7" and returns the reply, checking the id came back.
func (p *zapPeer) ask(r zapReq) [][]byte {
	p.t.Helper()
	frames := [][]byte{[]byte("1.0"), []byte("7"), []byte(r.domain), []byte(r.address), []byte("client-id"), []byte(r.mechanism)}
	for _, c := range r.creds {
		frames = append(frames, []byte(c))
	}
	rep := p.roundTrip(frames...)
	if string(rep[1]) != "7" {
		p.t.Fatalf("reply request id %q, want \"7\"", rep[1])
	}
	return rep
}

// status asks r and returns the reply's status code.
func (p *zapPeer) status(r zapReq) string {
	p.t.Helper()
	return string(p.ask(r)[2])
}

// expect asks r and fails unless the status code is want.
func (p *zapPeer) expect(r zapReq, want string) {
	p.t.Helper()
	if got := p.status(r); got != want {
		p.t.Errorf("%+v: status %s, want %s", r, got, want)
	}
}

func null(address string) zapReq {
	return zapReq{domain: "global", address: address, mechanism: "NULL"}
}

func plain(domain, address, user, password string) zapReq {
	return zapReq{domain: domain, address: address, mechanism: "PLAIN", creds: []string{user, password}}
}

func curve(domain, address string, key []byte) zapReq {
	return zapReq{domain: domain, address: address, mechanism: "CURVE", creds: []string{string(key)}}
}

func isInvalid(err error) bool {
	return errors.Is(err, zmq.ErrInvalid) && errors.Is(err, syscall.EINVAL)
}
