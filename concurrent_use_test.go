package zmq_test

import (
	"errors"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// Close from another goroutine ends a call blocked on the socket, as closing a net.Conn ends
// its reader: the call returns ErrNotSocket, Close returns once it has, and nothing is left
// polling the socket's descriptor (the suite's goroutine and fd checks).
func TestCloseFromAnotherGoroutineUnblocks(t *testing.T) {
	blocked := map[string]func(s *zmq.Socket) error{
		"Recv":        func(s *zmq.Socket) error { _, err := s.Recv(0); return err },
		"RecvMulti":   func(s *zmq.Socket) error { _, err := s.RecvMulti(0); return err },
		"RecvMsgInto": func(s *zmq.Socket) error { var m zmq.Msg; return s.RecvMsgInto(&m, 0) },
		"Send": func(s *zmq.Socket) error { // a PUSH with no peer blocks
			return s.Send([]byte("x"), 0)
		},
		"Poll": func(s *zmq.Socket) error {
			p := zmq.NewPoller()
			p.Add(s, zmq.PollIn|zmq.PollOut)
			_, err := p.Poll(-1)
			return err
		},
	}
	for name, call := range blocked {
		t.Run(name, func(t *testing.T) {
			leakcheck.FDs(t)
			c := testutil.NewCtx(t)
			typ := zmq.PULL
			if name == "Send" || name == "Poll" {
				typ = zmq.PUSH
			}
			s, err := c.NewSocket(typ)
			testutil.Must(t, err, "NewSocket")
			testutil.Must(t, s.Bind("inproc://blocked-"+name), "Bind")
			done := make(chan error, 1)
			go func() { done <- call(s) }()
			time.Sleep(20 * time.Millisecond) // let it block (it returns the same error if not yet)
			testutil.Must(t, s.Close(), "Close")
			select {
			case err := <-done:
				testutil.RequireIs(t, err, zmq.ErrNotSocket, syscall.ENOTSOCK)
			case <-time.After(testutil.WaitTimeout):
				t.Fatalf("blocked %s did not return after Close from another goroutine", name)
			}
			testutil.RequireIs(t, s.Close(), zmq.ErrNotSocket)
			_, err = s.Recv(zmq.DontWait)
			testutil.RequireIs(t, err, zmq.ErrNotSocket)
		})
	}
}

// A goroutine that keeps calling a socket while another closes it gets ErrNotSocket, never a
// panic or a hang.
func TestCloseWhileOwnerLoops(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://loop")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://loop")
	done := make(chan error, 1)
	go func() {
		for {
			if err := push.Send([]byte("x"), zmq.DontWait); err != nil && !errors.Is(err, zmq.ErrAgain) {
				done <- err
				return
			}
		}
	}()
	time.Sleep(10 * time.Millisecond)
	testutil.Must(t, push.Close(), "Close")
	select {
	case err := <-done:
		testutil.RequireIs(t, err, zmq.ErrNotSocket)
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("sending goroutine did not stop after Close")
	}
	_ = pull
}

// Two goroutines calling one socket at once is a misuse that used to corrupt its queues
// silently (index out of range in the pipe, malformed and duplicate frames, hangs); the
// second call now panics with a ConcurrentUseError naming both calls.
func TestConcurrentUsePanics(t *testing.T) {
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://misuse")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://misuse")
	// One goroutine blocks in Recv on pull; another then calls Send on it.
	recvDone := make(chan error, 1)
	go func() { _, err := pull.Recv(0); recvDone <- err }()
	time.Sleep(20 * time.Millisecond)
	got := make(chan any, 1)
	go func() {
		defer func() { got <- recover() }()
		_ = pull.SetRcvHWM(5)
	}()
	r := <-got
	cu, ok := r.(*zmq.ConcurrentUseError)
	if !ok {
		t.Fatalf("second goroutine's call recovered %v (%T), want *zmq.ConcurrentUseError", r, r)
	}
	if cu.Call != "an option setter" || cu.InProgress != "Recv" {
		t.Errorf("ConcurrentUseError names %q in %q, want the setter in Recv", cu.Call, cu.InProgress)
	}
	if msg := cu.Error(); !strings.Contains(msg, "concurrent use") || !strings.Contains(msg, "one goroutine at a time") {
		t.Errorf("message %q does not name the misuse", msg)
	}
	// The socket still works for its owner.
	testutil.Must(t, push.Send([]byte("after"), 0), "Send")
	select {
	case err := <-recvDone:
		testutil.Must(t, err, "Recv")
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("Recv did not get the message sent after the misuse")
	}
}

// Concurrent Sends on one socket: every run either delivers each message whole or panics
// with ConcurrentUseError in the goroutine that lost; none corrupts the pipe.
func TestConcurrentSendsCaught(t *testing.T) {
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://senders")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://senders")
	testutil.Must(t, push.SetSndHWM(0), "SetSndHWM")
	testutil.Must(t, pull.SetRcvHWM(0), "SetRcvHWM")
	const goroutines, each = 4, 2000
	var wg sync.WaitGroup
	var mu sync.Mutex
	sent, panics := 0, 0
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				func() {
					defer func() {
						if r := recover(); r != nil {
							if _, ok := r.(*zmq.ConcurrentUseError); !ok {
								panic(r)
							}
							mu.Lock()
							panics++
							mu.Unlock()
						}
					}()
					if err := push.SendMulti([][]byte{[]byte("a"), []byte("b")}, 0); err != nil {
						t.Errorf("SendMulti: %v", err)
						return
					}
					mu.Lock()
					sent++
					mu.Unlock()
				}()
			}
		}()
	}
	wg.Wait()
	for i := range sent {
		msg, err := testutil.RecvWithTimeout(pull, testutil.WaitTimeout)
		if err != nil {
			t.Fatalf("message %d of %d: %v", i, sent, err)
		}
		if len(msg) != 2 || string(msg[0]) != "a" || string(msg[1]) != "b" {
			t.Fatalf("message %d is %q, want [a b]", i, msg)
		}
	}
	if _, err := pull.Recv(zmq.DontWait); !errors.Is(err, zmq.ErrAgain) {
		t.Fatalf("more messages than successful sends (%d): %v", sent, err)
	}
	t.Logf("%d sent whole, %d calls caught", sent, panics)
}

// nil messages are an error, not a panic.
func TestNilMsg(t *testing.T) {
	c := testutil.NewCtx(t)
	s := testutil.Bound(t, c, zmq.PAIR, "inproc://nil-msg")
	testutil.RequireIs(t, s.SendMsg(nil, 0), zmq.ErrInvalid, syscall.EINVAL)
	testutil.RequireIs(t, s.RecvMsgInto(nil, zmq.DontWait), zmq.ErrInvalid, syscall.EINVAL)
}
