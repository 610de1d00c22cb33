package mailbox

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// readable reports whether the signaler's fd polls readable right now.
func readable(t *testing.T, s *signaler) bool {
	t.Helper()
	ok, err := s.wait(0)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestSignalsCollapse checks the contract both signalers share: any number of signals, even
// more than a pipe holds (64 KiB on Linux, 16 KiB to 64 KiB on macOS), leave the fd readable
// without blocking the signaller, and one reset makes it unreadable again.
func TestSignalsCollapse(t *testing.T) {
	leakcheck.FDs(t)
	s, err := newSignaler()
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	if readable(t, s) {
		t.Fatal("new signaler is readable")
	}
	for _, n := range []int{1, 3, 70_000} {
		for range n {
			s.signal()
		}
		if !readable(t, s) {
			t.Fatalf("%d signals: not readable", n)
		}
		s.reset()
		if readable(t, s) {
			t.Fatalf("%d signals: still readable after one reset", n)
		}
	}
	s.reset() // resetting an unsignalled signaler is harmless
	if readable(t, s) {
		t.Fatal("readable after a reset with nothing signalled")
	}
}

// TestSignalerFdFlags checks that the fds are non-blocking (a full pipe must not block a
// producer, a reset must not block the consumer) and close-on-exec.
func TestSignalerFdFlags(t *testing.T) {
	leakcheck.FDs(t)
	s, err := newSignaler()
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	fds := []int{s.fd}
	if w := writeFd(s); w != s.fd {
		fds = append(fds, w)
	}
	for _, fd := range fds {
		fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
		if err != nil || fl&unix.O_NONBLOCK == 0 {
			t.Errorf("fd %d: flags %#x, %v: not non-blocking", fd, fl, err)
		}
		fdfl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		if err != nil || fdfl&unix.FD_CLOEXEC == 0 {
			t.Errorf("fd %d: fd flags %#x, %v: not close-on-exec", fd, fdfl, err)
		}
	}
}
