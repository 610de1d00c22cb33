// Package leakcheck is the one leak check every package's tests share: a TestMain wrapper that
// fails the run when a goroutine or an fd outlives the tests (RELIABILITY.md ), and a
// per-test fd check. It is for _test.go files only; it imports goleak, which library code never
// does, and it needs no cgo.
//
// Counting rules: the first os.Open of a process makes the Go runtime create its
// netpoller's epoll fd and eventfd, which it keeps, so Main opens a file once before taking its
// baseline; counts read /proc/self/fd with raw syscalls, so a count opens nothing but the
// directory fd, which is open during every count alike.
//
// Threading rule: Count may be called from any goroutine. FDs is only for tests that do not
// call t.Parallel: parallel tests open fds concurrently.
package leakcheck

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// settleTime is how long a check waits for the count to come back: an fd closed by another
// goroutine (an I/O thread, a reaper) just after the event a test waited for may need a moment.
const settleTime = 2 * time.Second

// Main runs the tests and exits, failing the run if a goroutine is left when they end (every
// I/O thread and reaper exits on Context.Close) or if the process then holds another number of
// fds than before them. Use it as the package's whole TestMain:
//
//	func TestMain(m *testing.M) { leakcheck.Main(m) }
func Main(m *testing.M) {
	warmUp()
	before := Count()
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if code == 0 {
			if after := Settle(before); after != before {
				fmt.Fprintf(os.Stderr, "fd leak: %d open fds before the tests, %d after\n", before, after)
				code = 1
			}
		}
		os.Exit(code)
	}))
}

// FDs fails t if it ends with more or fewer open fds than it started with, after waiting up to
// settleTime for the count to come back. Call it before the test makes what it closes at
// cleanup (a context, a pool), so that its own cleanup runs after theirs.
func FDs(t testing.TB) {
	t.Helper()
	before := Count()
	t.Cleanup(func() {
		if after := Settle(before); after != before {
			t.Errorf("fd leak: %d open fds before the test, %d after", before, after)
		}
	})
}

// Count returns the number of open fds of the process (the directory fd of the count
// included). It panics if /proc/self/fd cannot be read: every check depends on it.
func Count() int {
	fd, err := syscall.Open("/proc/self/fd", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		panic("leakcheck: open /proc/self/fd: " + err.Error())
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
			panic("leakcheck: readdirent /proc/self/fd: " + err.Error())
		}
		if k <= 0 {
			return n
		}
		_, count, _ := syscall.ParseDirent(buf[:k], -1, nil)
		n += count
	}
}

// warmUp makes the Go runtime create the fds it keeps for the life of the process, so they are
// not counted as leaks.
func warmUp() {
	if f, err := os.Open("/dev/null"); err == nil {
		f.Close()
	}
}

// Settle returns the fd count once it equals want, or the last count after settleTime: for a
// test that compares against a baseline taken midway (once its server is up, say).
func Settle(want int) int {
	deadline := time.Now().Add(settleTime)
	for {
		n := Count()
		if n == want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
}
