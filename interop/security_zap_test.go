//go:build cgo

package interop_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// ZAP for the security tests: the decisions both libraries' handlers share (zapPolicy), a
// hand-written handler served by one of our REP sockets (what an application without the auth
// package would write), and libzmq's handler started for a test.

// The honest PLAIN credentials and the User-Id the ZAP handlers give them.
const (
	plainUser   = "admin"
	plainPass   = "secret"
	plainUserID = "admin-id"
	zapDomain   = "test"
	deniedAddr  = "127.0.0.2" // a loopback source address the handlers deny
)

// zapPolicy is a ZAP decision: PLAIN admin/secret, CURVE the keys listed (any key when
// anyKey), NULL always; anything from deniedAddr is refused first.
type zapPolicy struct {
	keys   [][32]byte
	anyKey bool
}

func (p zapPolicy) decide(r libzmq.ZapRequest) libzmq.ZapReply {
	if r.Address == deniedAddr {
		return libzmq.ZapDeny("address denied")
	}
	switch r.Mechanism {
	case "PLAIN":
		if len(r.Credentials) == 2 && string(r.Credentials[0]) == plainUser && string(r.Credentials[1]) == plainPass {
			rep := libzmq.ZapAllow(plainUserID)
			rep.Metadata = libzmq.EncodeMetadata("X-Zap", "plain")
			return rep
		}
	case "CURVE":
		if len(r.Credentials) == 1 && len(r.Credentials[0]) == 32 {
			if p.anyKey || slices.Contains(p.keys, [32]byte(r.Credentials[0])) {
				rep := libzmq.ZapAllow(curveUserID([32]byte(r.Credentials[0])))
				rep.Metadata = libzmq.EncodeMetadata("X-Zap", "curve")
				return rep
			}
		}
	case "NULL":
		return libzmq.ZapAllow("")
	}
	return libzmq.ZapDeny("no")
}

// curveUserID is the User-Id the handlers give a CURVE client: the first bytes of its key in hex.
func curveUserID(k [32]byte) string { return fmt.Sprintf("curve-%x", k[:4]) }

// zrZap is a ZAP handler served by one of our REP sockets bound at inproc://zeromq.zap.01 in
// our context: the hand-written handler a Go application would write without the auth package.
type zrZap struct {
	cancel context.CancelFunc
	done   chan error
	mu     sync.Mutex
	reqs   []libzmq.ZapRequest
}

// startZrZap binds the handler in c and serves it until the test ends (before c is closed:
// cleanups run last-in first-out).
func startZrZap(t testing.TB, c *zmq.Context, decide func(libzmq.ZapRequest) libzmq.ZapReply) *zrZap {
	t.Helper()
	rep, err := c.NewSocket(zmq.REP)
	testutil.Must(t, err, "ZAP REP socket")
	testutil.Must(t, rep.SetLinger(0), "ZAP SetLinger")
	if err := rep.Bind("inproc://zeromq.zap.01"); err != nil {
		rep.Close()
		t.Fatalf("ZAP handler Bind: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	z := &zrZap{cancel: cancel, done: make(chan error, 1)}
	go func() { z.done <- z.serve(ctx, rep, decide) }()
	t.Cleanup(func() {
		z.cancel()
		if err := <-z.done; err != nil {
			t.Errorf("our ZAP handler: %v", err)
		}
	})
	return z
}

func (z *zrZap) serve(ctx context.Context, rep *zmq.Socket, decide func(libzmq.ZapRequest) libzmq.ZapReply) error {
	defer rep.Close()
	for {
		first, err := rep.RecvContext(ctx, 0)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		frames := [][]byte{first}
		for rep.RcvMore() {
			f, err := rep.Recv(0)
			if err != nil {
				return err
			}
			frames = append(frames, f)
		}
		if len(frames) < 6 {
			return fmt.Errorf("ZAP request of %d frames %q", len(frames), frames)
		}
		r := libzmq.ZapRequest{Version: string(frames[0]), RequestID: frames[1], Domain: string(frames[2]),
			Address: string(frames[3]), Identity: frames[4], Mechanism: string(frames[5]), Credentials: frames[6:]}
		z.mu.Lock()
		z.reqs = append(z.reqs, r)
		z.mu.Unlock()
		d := decide(r)
		reply := [][]byte{[]byte("1.0"), r.RequestID, []byte(d.Status), []byte(d.Text), []byte(d.UserID), d.Metadata}
		if err := rep.SendMulti(reply, 0); err != nil {
			return err
		}
	}
}

// requests returns the requests served so far.
func (z *zrZap) requests() []libzmq.ZapRequest {
	z.mu.Lock()
	defer z.mu.Unlock()
	return slices.Clone(z.reqs)
}

// startLibZap starts a libzmq ZAP handler in lc, stopped when the test ends (before lc is
// terminated, if lc was made first).
func startLibZap(t testing.TB, lc *libzmq.Context, decide func(libzmq.ZapRequest) libzmq.ZapReply) *libzmq.ZapHandler {
	t.Helper()
	h, err := lc.StartZapHandler(decide)
	testutil.Must(t, err, "libzmq ZAP handler")
	t.Cleanup(func() {
		if err := h.Stop(); err != nil {
			t.Errorf("libzmq ZAP handler: %v", err)
		}
	})
	return h
}
