// Package testutil holds the helpers the black-box tests of the root package and of interop
// share, like libzmq's tests/testutil.cpp: contexts and sockets closed when a test ends,
// blocking sends and receives with deadlines, Bounce and ExpectBounceFail, and the time limits
// every wait uses. It is for _test.go files only; it uses only the root package's public API
// and needs no cgo.
//
// Threading rule: a helper that takes a socket must be called from the goroutine that owns it.
package testutil

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

// Time limits. Positive waits (something must happen) get WaitTimeout, which only a broken
// library reaches; negative checks (something must not happen) wait QuietTime.
const (
	WaitTimeout = 5 * time.Second
	QuietTime   = 100 * time.Millisecond
)

// NewCtx makes a context that is closed when the test ends. A Close that does not return (a
// socket left open, a lost term ack) fails the test instead of hanging the suite.
func NewCtx(t testing.TB, opts ...zmq.ContextOption) *zmq.Context {
	t.Helper()
	c, err := zmq.NewContext(opts...)
	if err != nil {
		t.Fatalf("NewContext: %v", err)
	}
	t.Cleanup(func() { CloseCtx(t, c) })
	return c
}

// CloseCtx closes c, failing t if that takes longer than WaitTimeout.
func CloseCtx(t testing.TB, c *zmq.Context) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Context.Close: %v", err)
		}
	case <-time.After(WaitTimeout):
		t.Errorf("Context.Close did not return within %v", WaitTimeout)
	}
}

// NewSocket makes a socket closed when the test ends (unless the test closed it already).
func NewSocket(t testing.TB, c *zmq.Context, typ zmq.SocketType) *zmq.Socket {
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

// Bound makes a socket bound to endpoint.
func Bound(t testing.TB, c *zmq.Context, typ zmq.SocketType, endpoint string) *zmq.Socket {
	t.Helper()
	s := NewSocket(t, c, typ)
	if err := s.Bind(endpoint); err != nil {
		t.Fatalf("%v Bind(%q): %v", typ, endpoint, err)
	}
	return s
}

// Connected makes a socket connected to endpoint.
func Connected(t testing.TB, c *zmq.Context, typ zmq.SocketType, endpoint string) *zmq.Socket {
	t.Helper()
	s := NewSocket(t, c, typ)
	if err := s.Connect(endpoint); err != nil {
		t.Fatalf("%v Connect(%q): %v", typ, endpoint, err)
	}
	return s
}

// Must fails t at once if err is not nil.
func Must(t testing.TB, err error, what string, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", fmt.Sprintf(what, args...), err)
	}
}

// RequireIs fails t unless errors.Is(err, target) holds for every target (typically a zmq
// sentinel and its syscall.Errno).
func RequireIs(t testing.TB, err error, targets ...error) {
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

// Send sends one message made of frames, blocking.
func Send(t testing.TB, s *zmq.Socket, frames ...string) {
	t.Helper()
	if err := s.SendMulti(ByteFrames(frames), 0); err != nil {
		t.Fatalf("%v SendMulti(%q): %v", s.Type(), frames, err)
	}
}

// ByteFrames converts frames to [][]byte.
func ByteFrames(frames []string) [][]byte {
	b := make([][]byte, len(frames))
	for i, f := range frames {
		b[i] = []byte(f)
	}
	return b
}

// StrFrames converts frames to []string.
func StrFrames(frames [][]byte) []string {
	s := make([]string, len(frames))
	for i, f := range frames {
		s[i] = string(f)
	}
	return s
}

// RecvWithTimeout receives one whole message, waiting at most d for its first frame (the rest
// of a message is always there once its first frame is). It returns context.DeadlineExceeded
// when nothing came. Safe to call from any goroutine that owns s.
func RecvWithTimeout(s *zmq.Socket, d time.Duration) ([][]byte, error) {
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

// Recv receives one message as strings, failing t if none comes within WaitTimeout.
func Recv(t testing.TB, s *zmq.Socket) []string {
	t.Helper()
	frames, err := RecvWithTimeout(s, WaitTimeout)
	if err != nil {
		t.Fatalf("%v receive: %v", s.Type(), err)
	}
	return StrFrames(frames)
}

// ExpectRecv receives one message and compares it with want.
func ExpectRecv(t testing.TB, s *zmq.Socket, want ...string) {
	t.Helper()
	if got := Recv(t, s); !EqualStrings(got, want) {
		t.Fatalf("%v received %q, want %q", s.Type(), got, want)
	}
}

// ExpectNoRecv asserts that nothing arrives at s within QuietTime.
func ExpectNoRecv(t testing.TB, s *zmq.Socket) {
	t.Helper()
	frames, err := RecvWithTimeout(s, QuietTime)
	if err == nil {
		t.Fatalf("%v received %q, want nothing", s.Type(), StrFrames(frames))
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v receive: got %v, want nothing within %v", s.Type(), err, QuietTime)
	}
}

// EqualStrings reports whether a and b hold the same strings in the same order.
func EqualStrings(a, b []string) bool {
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

// BounceFrames is the message Bounce sends: a 32-byte frame, an empty one, one too large to be
// stored inline and a last one, so every framing path is crossed.
var BounceFrames = [][]byte{
	[]byte("12345678ABCDEFGH12345678abcdefgh"),
	{},
	bytes.Repeat([]byte("0123456789"), 10),
	[]byte("end"),
}

// Bounce sends a multipart message from a to b and back (libzmq testutil's bounce): b must
// receive it intact, send it back, and a must receive it intact. It works for PAIR-PAIR,
// DEALER-DEALER and REQ-REP.
func Bounce(t testing.TB, a, b *zmq.Socket) {
	t.Helper()
	Must(t, a.SendMulti(BounceFrames, 0), "Bounce: %v Send", a.Type())
	got, err := RecvWithTimeout(b, WaitTimeout)
	Must(t, err, "Bounce: %v receive", b.Type())
	CheckFrames(t, got, BounceFrames)
	Must(t, b.SendMulti(got, 0), "Bounce: %v Send back", b.Type())
	got, err = RecvWithTimeout(a, WaitTimeout)
	Must(t, err, "Bounce: %v receive reply", a.Type())
	CheckFrames(t, got, BounceFrames)
}

// CheckFrames fails t unless got holds exactly the frames of want.
func CheckFrames(t testing.TB, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d frames %q, want %d", len(got), StrFrames(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("frame %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

// ExpectBounceFail is Bounce's negative (libzmq's expect_bounce_fail): what a sends does not
// reach b, and what b sends does not reach a, within QuietTime each. Sends that fail with
// ErrAgain count as not delivered.
func ExpectBounceFail(t testing.TB, a, b *zmq.Socket) {
	t.Helper()
	for _, dir := range [][2]*zmq.Socket{{a, b}, {b, a}} {
		from, to := dir[0], dir[1]
		if err := from.SendMulti(BounceFrames, zmq.DontWait); err != nil && !errors.Is(err, zmq.ErrAgain) {
			t.Fatalf("ExpectBounceFail: %v Send: %v", from.Type(), err)
		}
		ExpectNoRecv(t, to)
	}
}

// DrainCount receives with DontWait until ErrAgain and returns the messages' first frames.
func DrainCount(t testing.TB, s *zmq.Socket) []string {
	t.Helper()
	var got []string
	for {
		frames, err := s.RecvMulti(zmq.DontWait)
		if errors.Is(err, zmq.ErrAgain) {
			return got
		}
		Must(t, err, "%v RecvMulti(DontWait)", s.Type())
		got = append(got, string(frames[0]))
	}
}

// ErrorMentions fails t unless err's text contains every one of words (errors must say what
// was wrong).
func ErrorMentions(t testing.TB, err error, words ...string) {
	t.Helper()
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}
