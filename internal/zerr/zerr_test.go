package zerr

import (
	"errors"
	"fmt"
	"syscall"
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestSentinelsMatchErrnoAndEachOther(t *testing.T) {
	cases := []struct {
		err   *Error
		errno syscall.Errno
	}{
		{ErrAgain, syscall.EAGAIN}, {ErrTerminated, ETERM}, {ErrFSM, EFSM},
		{ErrHostUnreachable, syscall.EHOSTUNREACH}, {ErrInvalid, syscall.EINVAL},
	}
	for _, c := range cases {
		detailed := With(c.err, "what %d", 1)
		wrapped := fmt.Errorf("context: %w", detailed)
		for _, e := range []error{c.err, detailed, wrapped} {
			if !errors.Is(e, c.err) || !errors.Is(e, c.errno) {
				t.Errorf("%v: errors.Is against sentinel and errno must both hold", e)
			}
		}
		if errors.Is(detailed, ErrNoEntry) && c.errno != syscall.ENOENT {
			t.Errorf("%v matched a different sentinel", detailed)
		}
	}
	if got := With(ErrInvalid, "bad %s", "x").Error(); got != "zmq: invalid argument: bad x" {
		t.Fatalf("message %q", got)
	}
	if ETERM != 156384765 || EFSM != 156384763 {
		t.Fatal("libzmq errno values changed")
	}
}
