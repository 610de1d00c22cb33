package zmq_test

import (
	"testing"

	"github.com/zreactor/zmq/internal/kdctest"
	"github.com/zreactor/zmq/internal/leakcheck"
)

// TestMain checks, after every test has run, that no goroutine is left (every I/O thread and
// reaper exits on Context.Close) and that the process holds as many fds as before the tests
// (mailbox eventfds and epoll fds are all released). The GSSAPI tests' KDC stops first.
func TestMain(m *testing.M) { leakcheck.Main(m, kdctest.StopShared) }
