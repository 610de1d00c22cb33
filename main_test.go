package zmq_test

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain checks, after every test has run, that no goroutine is left (every I/O thread and
// reaper exits on Context.Close) and that the process holds as many fds as before the tests
// (mailbox eventfds and epoll fds are all released).
func TestMain(m *testing.M) {
	warmUpFDs()
	before := countFDs()
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if code == 0 {
			if after := settleFDs(before, 2*time.Second); after != before {
				fmt.Fprintf(os.Stderr, "fd leak: %d open fds before the tests, %d after\n", before, after)
				code = 1
			}
		}
		os.Exit(code)
	}))
}

// warmUpFDs makes the Go runtime create the fds it keeps for the life of the process (the
// netpoller's epoll fd and eventfd appear on the first os.Open), so they are not counted as
// leaks.
func warmUpFDs() {
	if f, err := os.Open("/dev/null"); err == nil {
		f.Close()
	}
}

// countFDs counts the entries of /proc/self/fd with raw syscalls, so the count itself opens
// nothing but the directory fd, which is open during every count alike.
func countFDs() int {
	fd, err := syscall.Open("/proc/self/fd", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		panic("open /proc/self/fd: " + err.Error())
	}
	defer syscall.Close(fd)
	var buf [4096]byte
	n := 0
	for {
		k, err := syscall.ReadDirent(fd, buf[:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			panic("readdirent /proc/self/fd: " + err.Error())
		}
		if k <= 0 {
			return n
		}
		_, count, _ := syscall.ParseDirent(buf[:k], -1, nil)
		n += count
	}
}

// settleFDs returns the fd count once it equals want, or the last count after d: an fd closed
// by another goroutine just after the event we waited for may need a moment.
func settleFDs(want int, d time.Duration) int {
	deadline := time.Now().Add(d)
	for {
		n := countFDs()
		if n == want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// checkFDs fails t if it ends with more or fewer open fds than it started with. Only for tests
// that do not call t.Parallel: parallel tests open fds concurrently. Call it before newCtx so
// its cleanup runs after the context's.
func checkFDs(t testing.TB) {
	t.Helper()
	before := countFDs()
	t.Cleanup(func() {
		if after := settleFDs(before, 2*time.Second); after != before {
			t.Errorf("fd leak: %d open fds before the test, %d after", before, after)
		}
	})
}
