package sysio

import (
	"errors"
	"io"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func socketpair(t *testing.T) (int, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0) // no flags on macOS
	if err == nil {
		err = unix.SetNonblock(fds[0], true)
	}
	if err == nil {
		err = unix.SetNonblock(fds[1], true)
	}
	if err != nil {
		t.Fatal(err)
	}
	return fds[0], fds[1]
}

func TestReadWriteWritevEOF(t *testing.T) {
	a, b := socketpair(t)
	defer Close(a)
	buf := make([]byte, 16)
	if _, err := Read(a, buf); err != unix.EAGAIN {
		t.Fatalf("empty read: %v, want bare EAGAIN", err)
	}
	if n, err := Writev(b, [][]byte{[]byte("he"), nil, []byte("llo")}); n != 5 || err != nil {
		t.Fatalf("Writev = %d, %v", n, err)
	}
	if n, err := Write(b, []byte("!")); n != 1 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if n, err := Read(a, buf); err != nil || string(buf[:n]) != "hello!" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	Close(b)
	if _, err := Read(a, buf); err != io.EOF {
		t.Fatalf("after peer close: %v, want io.EOF", err)
	}
	// Writing to a closed peer is EPIPE, not a SIGPIPE that kills the test.
	c, d := socketpair(t)
	Close(d)
	if _, err := Write(c, []byte("x")); !errors.Is(err, syscall.EPIPE) {
		t.Fatalf("write to closed peer: %v, want EPIPE", err)
	}
	Close(c)
}

func TestHooksInjectAndRestore(t *testing.T) {
	a, b := socketpair(t)
	defer Close(a)
	defer Close(b)
	calls := 0
	restore := SetHooks(Hooks{Read: func(fd int, p []byte) (int, error) {
		if calls++; calls < 3 {
			return 0, unix.EINTR // retried
		}
		return 0, unix.ECONNRESET
	}})
	_, err := Read(a, make([]byte, 4))
	restore()
	if !errors.Is(err, syscall.ECONNRESET) || calls != 3 {
		t.Fatalf("Read = %v after %d calls, want ECONNRESET after 3", err, calls)
	}
	if _, err := Read(a, make([]byte, 4)); err != unix.EAGAIN {
		t.Fatalf("after restore: %v", err)
	}
}

func TestNoAllocations(t *testing.T) {
	a, b := socketpair(t)
	defer Close(a)
	defer Close(b)
	buf := make([]byte, 64)
	segs := [][]byte{[]byte("abc"), []byte("def")}
	allocs := testing.AllocsPerRun(100, func() {
		Writev(b, segs)
		Read(a, buf)
		Read(a, buf) // EAGAIN
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per write+read", allocs)
	}
}
