package tcp

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

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
