package leakcheck_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// recorder is a testing.TB whose cleanups and errors the test runs and reads itself.
type recorder struct {
	testing.TB
	cleanups []func()
	errs     []string
}

func (r *recorder) Helper()          {}
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Error(a ...any)   { r.errs = append(r.errs, fmt.Sprint(a...)) }
func (r *recorder) Errorf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}

func (r *recorder) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func openNull(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Open("/dev/null")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCountSeesOneFd(t *testing.T) {
	before := leakcheck.Count()
	f := openNull(t)
	if n := leakcheck.Count(); n != before+1 {
		t.Errorf("%d fds with one more open, want %d", n, before+1)
	}
	f.Close()
	if n := leakcheck.Count(); n != before {
		t.Errorf("%d fds after closing it, want %d", n, before)
	}
}

// An fd left open fails the check; one closed by another goroutine while the check settles
// does not.
func TestFDs(t *testing.T) {
	leaky := &recorder{TB: t}
	leakcheck.FDs(leaky)
	f := openNull(t)
	leaky.runCleanups()
	f.Close()
	if len(leaky.errs) != 1 {
		t.Errorf("an fd left open: errors %q, want one", leaky.errs)
	}

	late := &recorder{TB: t}
	leakcheck.FDs(late)
	f = openNull(t)
	time.AfterFunc(20*time.Millisecond, func() { f.Close() })
	late.runCleanups()
	if len(late.errs) != 0 {
		t.Errorf("an fd closed while settling: errors %q, want none", late.errs)
	}
}

// A goroutine the test started and that outlives it fails the check; one that ends while the
// check waits does not.
func TestGoroutines(t *testing.T) {
	stop := make(chan struct{})
	stuck := &recorder{TB: t}
	leakcheck.Goroutines(stuck)
	go func() { <-stop }()
	stuck.runCleanups()
	close(stop)
	if len(stuck.errs) != 1 {
		t.Errorf("a goroutine left running: errors %q, want one", stuck.errs)
	}

	late := &recorder{TB: t}
	leakcheck.Goroutines(late)
	go time.Sleep(20 * time.Millisecond)
	late.runCleanups()
	if len(late.errs) != 0 {
		t.Errorf("a goroutine ending while the check waits: errors %q, want none", late.errs)
	}
}
