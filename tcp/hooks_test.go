package tcp

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// hook installs h for the duration of the test.
func hook(t *testing.T, h Hooks) {
	t.Cleanup(SetHooks(h))
}

func TestInjectedExhaustionOnAccept(t *testing.T) {
	for _, errno := range []unix.Errno{unix.EMFILE, unix.ENFILE} {
		t.Run(errno.Error(), func(t *testing.T) {
			leakcheck.FDs(t)
			lfd, bound := listenLoopback(t)
			mustConnect(t, bound, nil)
			waitFD(t, lfd, unix.POLLIN, 5*time.Second)
			real := DefaultHooks().Accept4
			restore := SetHooks(Hooks{Accept4: func(fd, flags int) (int, unix.Sockaddr, error) {
				if fd == lfd {
					return -1, nil, errno
				}
				return real(fd, flags)
			}})
			_, _, err := Accept(lfd)
			restore()
			if err == unix.EAGAIN || !errors.Is(err, errno) || !IsExhausted(err) {
				t.Fatalf("Accept = %v, want a distinct %v that IsExhausted", err, errno)
			}
			// The connection stayed queued: it is accepted once fds free up.
			sfd, _, err := Accept(lfd)
			if err != nil {
				t.Fatalf("Accept after recovery: %v", err)
			}
			closeT(t, sfd)
		})
	}
	if IsExhausted(unix.EAGAIN) || IsExhausted(nil) || IsExhausted(errors.New("x")) {
		t.Error("IsExhausted is too broad")
	}
}

func TestAcceptSkipsAbortedConnections(t *testing.T) {
	leakcheck.FDs(t)
	lfd, bound := listenLoopback(t)
	mustConnect(t, bound, nil)
	waitFD(t, lfd, unix.POLLIN, 5*time.Second)
	real := DefaultHooks().Accept4
	faults := []error{unix.EINTR, unix.ECONNABORTED, unix.EPROTO}
	hook(t, Hooks{Accept4: func(fd, flags int) (int, unix.Sockaddr, error) {
		if len(faults) > 0 {
			e := faults[0]
			faults = faults[1:]
			return -1, nil, e
		}
		return real(fd, flags)
	}})
	sfd, _, err := Accept(lfd)
	if err != nil {
		t.Fatalf("Accept after aborted connections: %v", err)
	}
	closeT(t, sfd)
}

func TestAcceptAbortStormIsBounded(t *testing.T) {
	calls := 0
	hook(t, Hooks{Accept4: func(int, int) (int, unix.Sockaddr, error) {
		calls++
		return -1, nil, unix.ECONNABORTED
	}})
	if _, _, err := Accept(12345); err != unix.EAGAIN {
		t.Fatalf("Accept during an abort storm = %v, want unix.EAGAIN", err)
	}
	if calls != maxAcceptRetries {
		t.Errorf("%d accept4 calls, want %d", calls, maxAcceptRetries)
	}
}

func TestInjectedReadWriteFaults(t *testing.T) {
	leakcheck.FDs(t)
	cfd, sfd := connectedPair(t)
	d := DefaultHooks()
	var readErr, writeErr error
	hook(t, Hooks{
		Read: func(fd int, p []byte) (int, error) {
			if fd == sfd && readErr != nil {
				return -1, readErr
			}
			return d.Read(fd, p)
		},
		Write: func(fd int, p []byte) (int, error) {
			if fd == cfd && writeErr != nil {
				return -1, writeErr
			}
			if fd == cfd && len(p) > 1 {
				p = p[:1] // short writes: one byte per call
			}
			return d.Write(fd, p)
		},
	})
	if n, err := Write(cfd, []byte("hi")); n != 1 || err != nil {
		t.Fatalf("short Write = %d, %v; want 1, nil", n, err)
	}
	writeErr = unix.EAGAIN
	if _, err := Write(cfd, []byte("x")); err != unix.EAGAIN {
		t.Errorf("injected EAGAIN on Write = %v, want bare unix.EAGAIN", err)
	}
	writeErr = unix.EPIPE
	if _, err := Write(cfd, []byte("x")); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("injected EPIPE on Write = %v", err)
	}
	readErr = unix.ECONNRESET
	if _, err := Read(sfd, make([]byte, 4)); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("injected ECONNRESET on Read = %v", err)
	}
	readErr = nil
	if got := readFull(t, sfd, 1); string(got) != "h" {
		t.Errorf("read %q after faults, want \"h\"", got)
	}
}

func TestEINTRRetried(t *testing.T) {
	leakcheck.FDs(t)
	cfd, sfd := connectedPair(t)
	d := DefaultHooks()
	left := map[string]int{"read": 3, "write": 3, "writev": 3}
	intr := func(op string) bool {
		if left[op] > 0 {
			left[op]--
			return true
		}
		return false
	}
	hook(t, Hooks{
		Read: func(fd int, p []byte) (int, error) {
			if intr("read") {
				return -1, unix.EINTR
			}
			return d.Read(fd, p)
		},
		Write: func(fd int, p []byte) (int, error) {
			if intr("write") {
				return -1, unix.EINTR
			}
			return d.Write(fd, p)
		},
		Writev: func(fd int, b [][]byte) (int, error) {
			if intr("writev") {
				return -1, unix.EINTR
			}
			return d.Writev(fd, b)
		},
	})
	if n, err := Write(cfd, []byte("ab")); n != 2 || err != nil {
		t.Fatalf("Write through EINTR = %d, %v", n, err)
	}
	if n, err := Writev(cfd, [][]byte{[]byte("c")}); n != 1 || err != nil {
		t.Fatalf("Writev through EINTR = %d, %v", n, err)
	}
	if got := readFull(t, sfd, 3); string(got) != "abc" {
		t.Fatalf("Read through EINTR = %q", got)
	}
	for op, n := range left {
		if n != 0 {
			t.Errorf("%s: %d EINTRs not consumed", op, n)
		}
	}
}

func TestInjectedSocketAndConnectFaults(t *testing.T) {
	leakcheck.FDs(t)
	lo := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	restore := SetHooks(Hooks{Socket: func(int, int, int) (int, error) { return -1, unix.EMFILE }})
	_, _, lerr := Listen(lo, 1, DefaultOptions())
	_, _, cerr := Connect(lo, nil, DefaultOptions())
	restore()
	if !errors.Is(lerr, syscall.EMFILE) || !errors.Is(cerr, syscall.EMFILE) {
		t.Errorf("socket EMFILE: Listen %v, Connect %v", lerr, cerr)
	}
	// A synchronous connect failure closes the new fd (leakcheck.FDs verifies).
	hook(t, Hooks{Connect: func(int, unix.Sockaddr) error { return unix.ENETUNREACH }})
	if _, _, err := Connect(lo, nil, DefaultOptions()); !errors.Is(err, syscall.ENETUNREACH) {
		t.Errorf("Connect = %v, want ENETUNREACH", err)
	}
}

func TestConnectEINTRIsInProgress(t *testing.T) {
	leakcheck.FDs(t)
	lfd, bound := listenLoopback(t)
	real := DefaultHooks().Connect
	hook(t, Hooks{Connect: func(fd int, sa unix.Sockaddr) error {
		real(fd, sa) // the kernel goes on connecting after a signal
		return unix.EINTR
	}})
	fd, inProgress, err := Connect(bound, nil, DefaultOptions())
	if err != nil || !inProgress {
		t.Fatalf("Connect with EINTR = %v, %v; want in progress", inProgress, err)
	}
	closeT(t, fd)
	waitFD(t, fd, unix.POLLOUT, 5*time.Second)
	if err := ConnectResult(fd); err != nil {
		t.Fatalf("ConnectResult: %v", err)
	}
	waitFD(t, lfd, unix.POLLIN, 5*time.Second)
	sfd, _, err := Accept(lfd)
	if err != nil {
		t.Fatal(err)
	}
	closeT(t, sfd)
}

func TestCloseEINTRNotRetried(t *testing.T) {
	leakcheck.FDs(t)
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	hook(t, Hooks{Close: func(fd int) error {
		calls++
		unix.Close(fd) // Linux releases the fd even when close reports EINTR
		return unix.EINTR
	}})
	if err := Close(fd); err != nil {
		t.Errorf("Close with EINTR = %v, want nil", err)
	}
	if calls != 1 {
		t.Errorf("close called %d times, want 1", calls)
	}
}
