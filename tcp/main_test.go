package tcp

import (
	"os"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) {
	// The Go runtime opens its own epoll fd and eventfd on first file use;
	// do it now so fd baselines taken in tests are stable.
	if f, err := os.Open("/proc/self/fd"); err == nil {
		f.Close()
	}
	goleak.VerifyTestMain(m)
}

// openFDs counts the entries of /proc/self/fd with raw syscalls, so that the
// count itself creates nothing lasting.
func openFDs(t testing.TB) int {
	t.Helper()
	dfd, err := syscall.Open("/proc/self/fd", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Fatalf("open /proc/self/fd: %v", err)
	}
	defer syscall.Close(dfd)
	n := 0
	buf := make([]byte, 8192)
	for {
		k, err := syscall.ReadDirent(dfd, buf)
		if err != nil {
			t.Fatalf("readdirent: %v", err)
		}
		if k == 0 {
			break
		}
		_, cnt, _ := syscall.ParseDirent(buf[:k], -1, nil)
		n += cnt
	}
	return n - 1 // the directory fd itself
}

// checkFDs fails the test if it ends with more open fds than it started with,
// after giving closes still in flight on I/O threads a moment. Fewer is not
// this test's leak: an fd of an earlier test (an I/O thread stopping) may close
// meanwhile, which once failed a shuffled CI run as "10 before, 9 after".
func checkFDs(t *testing.T) {
	t.Helper()
	before := openFDs(t)
	t.Cleanup(func() {
		after := openFDs(t)
		for deadline := time.Now().Add(2 * time.Second); after > before && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
			after = openFDs(t)
		}
		if after > before {
			t.Errorf("fd leak: %d open before, %d after", before, after)
		}
	})
}

// waitFD polls fd for events with a deadline, retrying EINTR, and returns
// the revents.
func waitFD(t *testing.T, fd int, events int16, timeout time.Duration) int16 {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			t.Fatalf("fd %d: no events %#x within %v", fd, events, timeout)
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: events}}
		n, err := unix.Poll(pfd, int(left/time.Millisecond)+1)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			t.Fatalf("poll: %v", err)
		}
		if n > 0 {
			return pfd[0].Revents
		}
	}
}

// closeT closes fd at the end of the test.
func closeT(t *testing.T, fd int) {
	t.Cleanup(func() {
		if err := Close(fd); err != nil {
			t.Errorf("close %d: %v", fd, err)
		}
	})
}

// listenLoopback opens a listener on 127.0.0.1 with an ephemeral port.
func listenLoopback(t *testing.T) (int, unix.Sockaddr) {
	t.Helper()
	fd, bound, err := Listen(&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}, 16, DefaultOptions())
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	closeT(t, fd)
	return fd, bound
}

// connectedPair returns a connected client fd and the fd the listener
// accepted for it, both non-blocking, closed at the end of the test.
func connectedPair(t *testing.T) (client, server int) {
	t.Helper()
	client, server = openPair(t)
	closeT(t, client)
	closeT(t, server)
	return client, server
}

// openPair is connectedPair for tests that close the fds themselves.
func openPair(t *testing.T) (client, server int) {
	t.Helper()
	lfd, bound := listenLoopback(t)
	client, inProgress, err := Connect(bound, nil, DefaultOptions())
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	if inProgress {
		waitFD(t, client, unix.POLLOUT, 5*time.Second)
		if err := ConnectResult(client); err != nil {
			t.Fatalf("ConnectResult: %v", err)
		}
	}
	waitFD(t, lfd, unix.POLLIN, 5*time.Second)
	server, _, err = Accept(lfd)
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	return client, server
}
