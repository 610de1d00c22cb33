package main

import (
	"context"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// result is what one zmqcat run left behind.
type result struct {
	code           int
	stdout, stderr string
}

// lockedBuffer is a strings.Builder written by zmqcat's goroutines (the monitor's among them)
// and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs zmqcat with args and stdin in the background; wait collects the result.
type running struct {
	t      testing.TB
	args   []string
	done   chan int
	stdout *lockedBuffer
	stderr *lockedBuffer
	cancel context.CancelFunc
}

func start(t testing.TB, stdin string, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{t: t, args: args, done: make(chan int, 1), stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, cancel: cancel}
	go func() { r.done <- run(ctx, args, strings.NewReader(stdin), r.stdout, r.stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(testutil.WaitTimeout):
			t.Errorf("zmqcat %q did not stop when cancelled", args)
		}
	})
	return r
}

func (r *running) wait() result {
	r.t.Helper()
	select {
	case code := <-r.done:
		r.done <- code // for the cleanup
		return result{code, r.stdout.String(), r.stderr.String()}
	case <-time.After(2 * testutil.WaitTimeout):
		r.t.Fatalf("zmqcat %q did not exit; stdout %q, stderr %q", r.args, r.stdout.String(), r.stderr.String())
		return result{}
	}
}

// zmqcat runs zmqcat to the end.
func zmqcat(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	return start(t, stdin, args...).wait()
}

// expectOK fails t unless the run exited 0 with stdout want.
func (res result) expectOK(t testing.TB, want string) {
	t.Helper()
	if res.code != 0 || res.stdout != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 0, stdout %q", res.code, res.stdout, res.stderr, want)
	}
}

// freeEndpoint returns a TCP endpoint on loopback whose port was free a moment ago.
func freeEndpoint(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	testutil.Must(t, err, "listen")
	defer l.Close()
	return "tcp://127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}
