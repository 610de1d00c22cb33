package zmq_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq"
)

// Time limits. Positive waits (something must happen) get waitTimeout, which only a broken
// library reaches; negative checks (something must not happen) wait quietTime.
const (
	waitTimeout = 5 * time.Second
	quietTime   = 100 * time.Millisecond
)

// newCtx makes a context that is closed when the test ends. A Close that does not return (a
// socket left open, a lost term ack) fails the test instead of hanging the suite.
func newCtx(t testing.TB, opts ...zmq.ContextOption) *zmq.Context {
	t.Helper()
	c, err := zmq.NewContext(opts...)
	if err != nil {
		t.Fatalf("NewContext: %v", err)
	}
	t.Cleanup(func() { closeCtx(t, c) })
	return c
}

// closeCtx closes c, failing t if that takes longer than waitTimeout.
func closeCtx(t testing.TB, c *zmq.Context) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Context.Close: %v", err)
		}
	case <-time.After(waitTimeout):
		t.Errorf("Context.Close did not return within %v", waitTimeout)
	}
}

// newSocket makes a socket closed when the test ends (unless the test closed it already).
func newSocket(t testing.TB, c *zmq.Context, typ zmq.SocketType) *zmq.Socket {
	t.Helper()
	s, err := c.NewSocket(typ)
	if err != nil {
		t.Fatalf("NewSocket(%v): %v", typ, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil && !errors.Is(err, zmq.ErrNotSocket) {
			t.Errorf("closing %v: %v", typ, err)
		}
	})
	return s
}

// bound makes a socket bound to endpoint.
func bound(t testing.TB, c *zmq.Context, typ zmq.SocketType, endpoint string) *zmq.Socket {
	t.Helper()
	s := newSocket(t, c, typ)
	if err := s.Bind(endpoint); err != nil {
		t.Fatalf("%v Bind(%q): %v", typ, endpoint, err)
	}
	return s
}

// connected makes a socket connected to endpoint.
func connected(t testing.TB, c *zmq.Context, typ zmq.SocketType, endpoint string) *zmq.Socket {
	t.Helper()
	s := newSocket(t, c, typ)
	if err := s.Connect(endpoint); err != nil {
		t.Fatalf("%v Connect(%q): %v", typ, endpoint, err)
	}
	return s
}

// must fails t at once if err is not nil.
func must(t testing.TB, err error, what string, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", fmt.Sprintf(what, args...), err)
	}
}

// requireIs fails t unless errors.Is(err, target) holds for every target (typically a zmq
// sentinel and its syscall.Errno).
func requireIs(t testing.TB, err error, targets ...error) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", targets)
	}
	for _, target := range targets {
		if !errors.Is(err, target) {
			t.Fatalf("got error %q (%T), want errors.Is(err, %#v) (%v)", err, err, target, target)
		}
	}
}

// send sends one message made of frames, blocking.
func send(t testing.TB, s *zmq.Socket, frames ...string) {
	t.Helper()
	if err := s.SendMulti(byteFrames(frames), 0); err != nil {
		t.Fatalf("%v SendMulti(%q): %v", s.Type(), frames, err)
	}
}

func byteFrames(frames []string) [][]byte {
	b := make([][]byte, len(frames))
	for i, f := range frames {
		b[i] = []byte(f)
	}
	return b
}

func strFrames(frames [][]byte) []string {
	s := make([]string, len(frames))
	for i, f := range frames {
		s[i] = string(f)
	}
	return s
}

// recvWithTimeout receives one whole message, waiting at most d for its first frame (the rest
// of a message is always there once its first frame is). It returns context.DeadlineExceeded
// when nothing came. Safe to call from any goroutine that owns s.
func recvWithTimeout(s *zmq.Socket, d time.Duration) ([][]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	first, err := s.RecvContext(ctx, 0)
	if err != nil {
		return nil, err
	}
	frames := [][]byte{first}
	for s.RcvMore() {
		f, err := s.Recv(0)
		if err != nil {
			return frames, fmt.Errorf("frame %d of a started message: %w", len(frames), err)
		}
		frames = append(frames, f)
	}
	return frames, nil
}

// recv receives one message as strings, failing t if none comes within waitTimeout.
func recv(t testing.TB, s *zmq.Socket) []string {
	t.Helper()
	frames, err := recvWithTimeout(s, waitTimeout)
	if err != nil {
		t.Fatalf("%v receive: %v", s.Type(), err)
	}
	return strFrames(frames)
}

// expectRecv receives one message and compares it with want.
func expectRecv(t testing.TB, s *zmq.Socket, want ...string) {
	t.Helper()
	if got := recv(t, s); !equalStrings(got, want) {
		t.Fatalf("%v received %q, want %q", s.Type(), got, want)
	}
}

// expectNoRecv asserts that nothing arrives at s within quietTime.
func expectNoRecv(t testing.TB, s *zmq.Socket) {
	t.Helper()
	frames, err := recvWithTimeout(s, quietTime)
	if err == nil {
		t.Fatalf("%v received %q, want nothing", s.Type(), strFrames(frames))
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v receive: got %v, want nothing within %v", s.Type(), err, quietTime)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// bounceFrames is the message bounce sends: a 32-byte frame, an empty one, one too large to be
// stored inline and a last one, so every framing path is crossed.
var bounceFrames = [][]byte{
	[]byte("12345678ABCDEFGH12345678abcdefgh"),
	{},
	bytes.Repeat([]byte("0123456789"), 10),
	[]byte("end"),
}

// bounce sends a multipart message from a to b and back (libzmq testutil's bounce): b must
// receive it intact, send it back, and a must receive it intact. It works for PAIR-PAIR,
// DEALER-DEALER and REQ-REP.
func bounce(t testing.TB, a, b *zmq.Socket) {
	t.Helper()
	must(t, a.SendMulti(bounceFrames, 0), "bounce: %v send", a.Type())
	got, err := recvWithTimeout(b, waitTimeout)
	must(t, err, "bounce: %v receive", b.Type())
	checkFrames(t, got, bounceFrames)
	must(t, b.SendMulti(got, 0), "bounce: %v send back", b.Type())
	got, err = recvWithTimeout(a, waitTimeout)
	must(t, err, "bounce: %v receive reply", a.Type())
	checkFrames(t, got, bounceFrames)
}

func checkFrames(t testing.TB, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d frames %q, want %d", len(got), strFrames(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("frame %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

// expectBounceFail is bounce's negative (libzmq's expect_bounce_fail): what a sends does not
// reach b, and what b sends does not reach a, within quietTime each. Sends that fail with
// ErrAgain count as not delivered.
func expectBounceFail(t testing.TB, a, b *zmq.Socket) {
	t.Helper()
	for _, dir := range [][2]*zmq.Socket{{a, b}, {b, a}} {
		from, to := dir[0], dir[1]
		if err := from.SendMulti(bounceFrames, zmq.DontWait); err != nil && !errors.Is(err, zmq.ErrAgain) {
			t.Fatalf("expectBounceFail: %v send: %v", from.Type(), err)
		}
		expectNoRecv(t, to)
	}
}

// drainCount receives with DontWait until ErrAgain and returns the messages' first frames.
func drainCount(t testing.TB, s *zmq.Socket) []string {
	t.Helper()
	var got []string
	for {
		frames, err := s.RecvMulti(zmq.DontWait)
		if errors.Is(err, zmq.ErrAgain) {
			return got
		}
		must(t, err, "%v RecvMulti(DontWait)", s.Type())
		got = append(got, string(frames[0]))
	}
}

// errorMentions fails t unless err's text contains every one of words (errors must say what
// was wrong).
func errorMentions(t testing.TB, err error, words ...string) {
	t.Helper()
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}
