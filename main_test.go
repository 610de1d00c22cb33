package zmq_test

import (
	"os"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/kdctest"
	"github.com/zreactor/zmq/internal/leakcheck"
)

// TestMain checks, after every test has run, that no goroutine is left (every I/O thread and
// reaper exits on Context.Close) and that the process holds as many fds as before the tests
// (mailbox eventfds and epoll fds are all released). The GSSAPI tests' KDC stops first.
// ZR_TEST_WAITS=other runs every context in the wait mode this machine would not pick
// (SchedulerWaits), as `make test` does once.
func TestMain(m *testing.M) {
	if os.Getenv("ZR_TEST_WAITS") == "other" {
		zmq.FlipAutoWaits()
	}
	leakcheck.Main(m, kdctest.StopShared)
}
