package zmq_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// blockedCall runs op in its own goroutine, which owns s from then on; when op returns it
// closes s and reports op's error.
func blockedCall(s *zmq.Socket, op func() error) <-chan error {
	done := make(chan error, 1)
	go func() {
		err := op()
		s.Close()
		done <- err
	}()
	return done
}

// Context.Close makes calls blocked in other goroutines return ErrTerminated (ETERM), and
// returns once those goroutines have closed their sockets (R-61, libzmq test_ctx_destroy).
func TestTermUnblocksBlockedCalls(t *testing.T) {
	leakcheck.FDs(t)
	c, err := zmq.NewContext()
	testutil.Must(t, err, "NewContext")
	newS := func(typ zmq.SocketType, ep string, bind bool) *zmq.Socket {
		s, err := c.NewSocket(typ)
		testutil.Must(t, err, "NewSocket")
		if bind {
			testutil.Must(t, s.Bind(ep), "Bind")
		} else {
			testutil.Must(t, s.Connect(ep), "Connect")
		}
		return s
	}
	pull := newS(zmq.PULL, "inproc://recv", true)
	push := newS(zmq.PUSH, "inproc://no-pullers", true) // no peer: Send blocks
	rep := newS(zmq.REP, "inproc://ctx", true)
	calls := map[string]<-chan error{
		"Recv": blockedCall(pull, func() error { _, err := pull.Recv(0); return err }),
		"Send": blockedCall(push, func() error { return push.Send([]byte("x"), 0) }),
		"RecvContext": blockedCall(rep, func() error {
			_, err := rep.RecvContext(context.Background(), 0)
			return err
		}),
	}
	closed := make(chan error, 1)
	go func() { closed <- c.Close() }()
	for name, done := range calls {
		select {
		case err := <-done:
			if !errors.Is(err, zmq.ErrTerminated) || !errors.Is(err, syscall.Errno(156384765)) {
				t.Errorf("blocked %s returned %v, want ErrTerminated (ETERM)", name, err)
			}
		case <-time.After(testutil.WaitTimeout):
			t.Fatalf("blocked %s did not return after Context.Close", name)
		}
	}
	select {
	case err := <-closed:
		testutil.Must(t, err, "Context.Close")
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("Context.Close did not return after every socket was closed")
	}
}

// After Context.Close has begun, every call on an open socket but Close fails with
// ErrTerminated; Close still works.
func TestTermLaterCallsFail(t *testing.T) {
	leakcheck.FDs(t)
	c, err := zmq.NewContext()
	testutil.Must(t, err, "NewContext")
	s, err := c.NewSocket(zmq.DEALER)
	testutil.Must(t, err, "NewSocket")
	testutil.Must(t, s.Bind("inproc://later"), "Bind")
	closed := make(chan error, 1)
	go func() { closed <- c.Close() }()
	// A blocking call returns when the Stop command arrives; wait for that event.
	ctx, cancel := context.WithTimeout(context.Background(), testutil.WaitTimeout)
	defer cancel()
	_, err = s.RecvContext(ctx, 0)
	testutil.RequireIs(t, err, zmq.ErrTerminated)
	testutil.RequireIs(t, s.Send([]byte("x"), zmq.DontWait), zmq.ErrTerminated)
	testutil.RequireIs(t, s.Connect("inproc://x"), zmq.ErrTerminated)
	testutil.RequireIs(t, s.Bind("inproc://y"), zmq.ErrTerminated)
	testutil.RequireIs(t, s.SetSndHWM(5), zmq.ErrTerminated)
	testutil.Must(t, s.Close(), "Close after termination")
	select {
	case err := <-closed:
		testutil.Must(t, err, "Context.Close")
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("Context.Close did not return")
	}
}

// Context.Close waits for sockets the application has not closed (zmq_ctx_term blocks).
func TestTermWaitsForOpenSockets(t *testing.T) {
	leakcheck.FDs(t)
	c, err := zmq.NewContext()
	testutil.Must(t, err, "NewContext")
	s, err := c.NewSocket(zmq.PAIR)
	testutil.Must(t, err, "NewSocket")
	closed := make(chan error, 1)
	go func() { closed <- c.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Context.Close returned %v with a socket still open", err)
	case <-time.After(testutil.QuietTime):
	}
	testutil.Must(t, s.Close(), "Close")
	select {
	case err := <-closed:
		testutil.Must(t, err, "Context.Close")
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("Context.Close did not return after the last socket closed")
	}
}

// A closed socket answers ErrNotSocket (ENOTSOCK) to everything, Close included.
func TestClosedSocketCalls(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.Must(t, s.Bind("inproc://closed"), "Bind")
	testutil.Must(t, s.Close(), "Close")
	_, err := s.Recv(zmq.DontWait)
	testutil.RequireIs(t, err, zmq.ErrNotSocket, syscall.ENOTSOCK)
	_, err = s.RecvMulti(0)
	testutil.RequireIs(t, err, zmq.ErrNotSocket)
	testutil.RequireIs(t, s.Send([]byte("x"), 0), zmq.ErrNotSocket)
	testutil.RequireIs(t, s.SendMulti([][]byte{[]byte("x")}, 0), zmq.ErrNotSocket)
	testutil.RequireIs(t, s.Bind("inproc://again"), zmq.ErrNotSocket)
	testutil.RequireIs(t, s.Connect("inproc://again"), zmq.ErrNotSocket)
	testutil.RequireIs(t, s.Unbind("inproc://closed"), zmq.ErrNotSocket)
	testutil.RequireIs(t, s.SetSndHWM(1), zmq.ErrNotSocket)
	testutil.RequireIs(t, s.SetLinger(0), zmq.ErrNotSocket)
	testutil.RequireIs(t, s.Close(), zmq.ErrNotSocket)
	// Its inproc name is released when the reaper has terminated it, asynchronously as in
	// libzmq (which also refuses an immediate rebind with EADDRINUSE): wait for that.
	again := testutil.NewSocket(t, c, zmq.PAIR)
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		err := again.Bind("inproc://closed")
		if err == nil {
			break
		}
		testutil.RequireIs(t, err, zmq.ErrAddrInUse)
		if time.Now().After(deadline) {
			t.Fatal("the inproc name of a closed socket was never released")
		}
		time.Sleep(time.Millisecond)
	}
}

// After Context.Close, NewSocket fails with ErrTerminated and Close is idempotent.
func TestTermNewSocketAfterClose(t *testing.T) {
	leakcheck.FDs(t)
	c, err := zmq.NewContext()
	testutil.Must(t, err, "NewContext")
	testutil.Must(t, c.Close(), "Close")
	_, err = c.NewSocket(zmq.PAIR)
	testutil.RequireIs(t, err, zmq.ErrTerminated)
	testutil.Must(t, c.Close(), "second Close")
}

// Contexts opened and closed in a loop release their threads and fds.
func TestTermContextChurn(t *testing.T) {
	leakcheck.FDs(t)
	for range 50 {
		c, err := zmq.NewContext(zmq.IOThreads(2))
		testutil.Must(t, err, "NewContext")
		a, err := c.NewSocket(zmq.PAIR)
		testutil.Must(t, err, "NewSocket")
		testutil.Must(t, a.Bind("inproc://churn"), "Bind")
		testutil.Must(t, a.Close(), "Close")
		testutil.Must(t, c.Close(), "Context.Close")
	}
}

// Many goroutines creating, connecting, using and closing sockets at once (libzmq
// test_shutdown_stress, scaled to the 2-core budget), then Context.Close.
func TestTermShutdownStress(t *testing.T) {
	leakcheck.FDs(t)
	const workers, rounds = 20, 20
	c, err := zmq.NewContext()
	testutil.Must(t, err, "NewContext")
	pull, err := c.NewSocket(zmq.PULL)
	testutil.Must(t, err, "NewSocket")
	testutil.Must(t, pull.Bind("inproc://stress"), "Bind")
	var wg sync.WaitGroup
	var sent atomic.Int64
	errs := make(chan error, workers*rounds)
	for range workers {
		wg.Go(func() {
			for range rounds {
				s, err := c.NewSocket(zmq.PUSH)
				if err != nil {
					errs <- err
					return
				}
				if err := s.Connect("inproc://stress"); err != nil {
					errs <- err
				}
				switch err := s.Send([]byte("x"), zmq.DontWait); {
				case err == nil:
					sent.Add(1)
				case !errors.Is(err, zmq.ErrAgain):
					errs <- err
				}
				if err := s.Close(); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	// The receiver drains while the senders run so none meets the HWM, then drains what is
	// left once they are all closed.
	stop := make(chan struct{})
	drained := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				for {
					if _, err := pull.Recv(zmq.DontWait); err != nil {
						break
					}
					n++
				}
				pull.Close()
				drained <- n
				return
			default:
			}
			if _, err := testutil.RecvWithTimeout(pull, 10*time.Millisecond); err == nil {
				n++
			}
		}
	}()
	wg.Wait()
	close(stop)
	n := <-drained
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if int64(n) != sent.Load() {
		t.Errorf("received %d messages, %d were sent", n, sent.Load())
	}
	testutil.CloseCtx(t, c)
}
