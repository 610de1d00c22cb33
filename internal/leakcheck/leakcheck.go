// Package leakcheck is the one leak check every package's tests share: a TestMain wrapper that
// fails the run when a goroutine or an fd outlives the tests, and
// per-test checks of fds (FDs) and of goroutines left running (Goroutines). It is for _test.go files only; it imports goleak, which library code never
// does, and it needs no cgo.
//
// Counting rules: the first os.Open of a process makes the Go runtime create its
// netpoller's epoll fd and eventfd, which it keeps, so Main opens a file once before taking its
// baseline; counts read /proc/self/fd (/dev/fd outside Linux, fddir_other.go) with raw
// syscalls, so a count opens nothing but the directory fd, which it leaves out.
//
// Threading rule: Count and Settle may be called from any goroutine. FDs and Goroutines are only
// for tests that do not call t.Parallel: parallel tests open fds and start goroutines
// concurrently.
package leakcheck

import (
	"fmt"
	"os"
	"strconv"
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
//
// after, if given, run once the tests are done and before the checks: they stop what the
// tests shared for the whole run (kdctest.StopShared, a private KDC).
func Main(m *testing.M, after ...func()) {
	warmUp()
	before := Count()
	goleak.VerifyTestMain(runThen{m, after}, goleak.Cleanup(func(code int) {
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
// settleTime for the count to come back; the failure names the fds that came or went. Call it
// before the test makes what it closes at cleanup (a context, a pool), so that its own cleanup
// runs after theirs.
func FDs(t testing.TB) {
	t.Helper()
	before := list()
	t.Cleanup(func() {
		if after := Settle(len(before)); after != len(before) {
			t.Errorf("fd leak: %d open fds before the test, %d after%s", len(before), after, diff(before, list()))
		}
	})
}

// Goroutines fails t if a goroutine it started is still running when it ends, after waiting
// for it to exit (goleak.VerifyNone with the goroutines of the moment ignored): for a test
// whose calls leave work running in the background, such as a cancelled name lookup that the
// net package finishes in its own goroutines, opening files as it goes. Register FDs first, so
// that the fd count is taken after the wait. Not for parallel tests.
func Goroutines(t testing.TB) {
	t.Helper()
	others := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, others) })
}

// Count returns the number of open fds of the process, less the directory fd the count reads.
// It panics if /proc/self/fd cannot be read: every check depends on it.
func Count() int {
	n := 0
	readFDDir(func(_ int, buf []byte) {
		_, count, _ := syscall.ParseDirent(buf, -1, nil)
		n += count
	})
	return n - 1
}

// list returns what each open fd of the process refers to, by fd number (the directory fd of
// the listing left out).
func list() map[string]string {
	var names []string
	dir := -1
	readFDDir(func(fd int, buf []byte) {
		dir = fd
		_, _, names = syscall.ParseDirent(buf, -1, names)
	})
	fds := make(map[string]string, len(names))
	for _, name := range names {
		if name == strconv.Itoa(dir) {
			continue
		}
		var target [256]byte
		n, err := syscall.Readlink(fdDir+"/"+name, target[:])
		if err != nil {
			fds[name] = "?"
			continue
		}
		fds[name] = string(target[:n])
	}
	return fds
}

// diff says which fds are in one listing and not the other (or refer to something else).
func diff(before, after map[string]string) string {
	var s string
	for fd, what := range after {
		if before[fd] != what {
			s += fmt.Sprintf("; opened %s -> %s", fd, what)
		}
	}
	for fd, what := range before {
		if after[fd] != what {
			s += fmt.Sprintf("; closed %s -> %s", fd, what)
		}
	}
	return s
}

// readFDDir calls f with the directory fd and each batch of entries read from /proc/self/fd,
// with raw syscalls, so that reading opens nothing but the directory fd.
func readFDDir(f func(dir int, buf []byte)) {
	fd, err := syscall.Open(fdDir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		panic("leakcheck: open " + fdDir + ": " + err.Error())
	}
	defer syscall.Close(fd)
	var buf [4096]byte
	for {
		k, err := syscall.ReadDirent(fd, buf[:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			panic("leakcheck: readdirent " + fdDir + ": " + err.Error())
		}
		if k <= 0 {
			return
		}
		f(fd, buf[:k])
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

// runThen runs the tests, then the after functions.
type runThen struct {
	m     *testing.M
	after []func()
}

func (r runThen) Run() int {
	code := r.m.Run()
	for _, f := range r.after {
		f()
	}
	return code
}
