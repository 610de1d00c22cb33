package zmq_test

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// The zmq_ctx_term pattern: goroutines each own a PULL and a PUSH and block in Recv; another
// goroutine closes the context; each blocked goroutine gets ErrTerminated and its deferred
// Close calls shut both sockets while Context.Close is still stopping the others. Close once
// queued the reap before the socket left the context's set, so the reaper could free a slot
// Context.Close was about to send to (nil pointer in mailbox.Send).
func TestContextCloseWhileOwnersCloseSockets(t *testing.T) {
	const owners, rounds = 8, 100
	for round := range rounds {
		c, err := zmq.NewContext()
		testutil.Must(t, err, "NewContext")
		var ready, done sync.WaitGroup
		errs := make(chan error, owners)
		for range owners {
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				pull, err := c.NewSocket(zmq.PULL)
				if err != nil {
					ready.Done()
					errs <- err
					return
				}
				defer pull.Close()
				push, err := c.NewSocket(zmq.PUSH)
				if err != nil {
					ready.Done()
					errs <- err
					return
				}
				defer push.Close()
				// A PULL bound on TCP and a PUSH connected to it, as a worker has.
				if err := pull.Bind("tcp://127.0.0.1:*"); err != nil {
					errs <- err
				} else if err := push.Connect(pull.LastEndpoint()); err != nil {
					errs <- err
				}
				ready.Done()
				if _, err := pull.Recv(0); !errors.Is(err, zmq.ErrTerminated) {
					errs <- fmt.Errorf("blocked Recv returned %v, want ErrTerminated", err)
				}
			}()
		}
		ready.Wait()
		testutil.CloseCtx(t, c)
		done.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}

// Disconnect and Unbind hand the socket's linger to what they end, as libzmq does (own_t's
// process_term_req reads options.linger). It used to be -1 whatever the socket's linger, so a
// session with a queued message, or a SUB's queued subscription, waited forever for a peer
// that never came, and Context.Close with it.
func TestDisconnectAppliesLinger(t *testing.T) {
	dead := deadEndpoint(t)
	cases := []struct {
		name string
		opts []zmq.ContextOption
		typ  zmq.SocketType
		prep func(*zmq.Socket) error
	}{
		{"SUB subscribed (default linger 0)", nil, zmq.SUB,
			func(s *zmq.Socket) error { return s.SetSubscribe([]byte("a")) }},
		{"PUSH with a queued message, Blocky(false)", []zmq.ContextOption{zmq.Blocky(false)}, zmq.PUSH,
			func(s *zmq.Socket) error { return s.Send([]byte("queued"), zmq.DontWait) }},
		{"PUSH with a queued message, SetLinger(0)", nil, zmq.PUSH,
			func(s *zmq.Socket) error {
				if err := s.SetLinger(0); err != nil {
					return err
				}
				return s.Send([]byte("queued"), zmq.DontWait)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			leakcheck.FDs(t)
			c, err := zmq.NewContext(tc.opts...)
			testutil.Must(t, err, "NewContext")
			s, err := c.NewSocket(tc.typ)
			testutil.Must(t, err, "NewSocket")
			testutil.Must(t, s.Connect(dead), "Connect")
			testutil.Must(t, tc.prep(s), "prepare")
			testutil.Must(t, s.Disconnect(dead), "Disconnect")
			testutil.Must(t, s.Close(), "Close")
			testutil.CloseCtx(t, c)
		})
	}
}

// Unbind ends the connections accepted on an endpoint with the socket's linger too: here a
// peer (in its own context) that never reads, so a session that lingered forever would hold
// Context.Close.
func TestUnbindAppliesLinger(t *testing.T) {
	leakcheck.FDs(t)
	pc := testutil.NewCtx(t)
	peer := testutil.NewSocket(t, pc, zmq.PULL)
	testutil.Must(t, peer.SetRcvHWM(1), "SetRcvHWM")

	c, err := zmq.NewContext(zmq.Blocky(false)) // linger 0, never set on the socket
	testutil.Must(t, err, "NewContext")
	srv, err := c.NewSocket(zmq.PUSH)
	testutil.Must(t, err, "NewSocket")
	testutil.Must(t, srv.SetSndHWM(1), "SetSndHWM")
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	ep := srv.LastEndpoint()
	testutil.Must(t, peer.Connect(ep), "Connect")
	// Fill the peer's queue, the socket buffers and the session's pipe: send until a send
	// waits 200 ms in vain.
	testutil.Must(t, srv.SetSndTimeo(200*time.Millisecond), "SetSndTimeo")
	payload := make([]byte, 256<<10)
	for {
		err := srv.Send(payload, 0)
		if errors.Is(err, zmq.ErrAgain) {
			break
		}
		testutil.Must(t, err, "Send")
	}
	testutil.Must(t, srv.Unbind(ep), "Unbind")
	testutil.Must(t, srv.Close(), "Close")
	testutil.CloseCtx(t, c)
}

// A library leaves GOMAXPROCS alone unless asked; RaiseGOMAXPROCS raises it while the
// context is open and puts it back on Close.
func TestGOMAXPROCSUntouched(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	c, err := zmq.NewContext(zmq.IOThreads(4))
	testutil.Must(t, err, "NewContext")
	if got := runtime.GOMAXPROCS(0); got != before {
		t.Errorf("NewContext(IOThreads(4)) changed GOMAXPROCS from %d to %d", before, got)
	}
	testutil.Must(t, c.Close(), "Close")

	want := max(before, 4+2)
	c, err = zmq.NewContext(zmq.IOThreads(4), zmq.RaiseGOMAXPROCS())
	testutil.Must(t, err, "NewContext")
	if got := runtime.GOMAXPROCS(0); got != want {
		t.Errorf("RaiseGOMAXPROCS: GOMAXPROCS %d while open, want %d", got, want)
	}
	testutil.Must(t, c.Close(), "Close")
	if got := runtime.GOMAXPROCS(0); got != before {
		t.Errorf("GOMAXPROCS %d after Close, want %d back", got, before)
	}
}
