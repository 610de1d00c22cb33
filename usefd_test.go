package zmq_test

import (
	"strconv"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// ZMQ_USE_FD (libzmq test_use_fd): Bind adopts a listening socket the application made, as
// systemd's socket activation hands them over, and the listener closes it at Unbind.

// listeningFD makes a listening socket of the given family bound to sa, closed when the test
// ends unless the test hands it over (then pass it to adopted).
func listeningFD(t *testing.T, domain int, sa unix.Sockaddr) int {
	t.Helper()
	fd, err := unix.Socket(domain, unix.SOCK_STREAM, 0)
	testutil.Must(t, err, "socket")
	if err := unix.Bind(fd, sa); err != nil {
		unix.Close(fd)
		t.Fatalf("bind: %v", err)
	}
	if err := unix.Listen(fd, 16); err != nil {
		unix.Close(fd)
		t.Fatalf("listen: %v", err)
	}
	return fd
}

func TestUseFDTCP(t *testing.T) {
	leakcheck.FDs(t) // the adopted fd is closed by Unbind: nothing is left
	c := testutil.NewCtx(t)
	fd := listeningFD(t, unix.AF_INET, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}})
	srv := testutil.NewSocket(t, c, zmq.REP)
	testutil.Must(t, srv.SetUseFD(fd), "SetUseFD")
	w := watchEvents(t, srv, zmq.EventListening|zmq.EventClosed)
	// As in libzmq, the address of the endpoint is not used: the fd's own is.
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	ep := srv.LastEndpoint()
	sa, err := unix.Getsockname(fd)
	testutil.Must(t, err, "getsockname")
	if want := "tcp://127.0.0.1:" + strconv.Itoa(sa.(*unix.SockaddrInet4).Port); ep != want {
		t.Fatalf("LastEndpoint %q, want the adopted socket's %q", ep, want)
	}
	if e := w.expect(zmq.EventListening); e.Value != int64(fd) {
		t.Errorf("LISTENING on fd %d, want the adopted %d", e.Value, fd)
	}
	if fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); err != nil || fl&unix.O_NONBLOCK == 0 {
		t.Errorf("adopted fd flags %#x, %v: want O_NONBLOCK", fl, err)
	}
	cli := testutil.Connected(t, c, zmq.REQ, ep)
	testutil.Bounce(t, cli, srv)

	testutil.Must(t, srv.Unbind(ep), "Unbind")
	if e := w.waitFor(zmq.EventClosed); e.Value != int64(fd) {
		t.Errorf("CLOSED fd %d, want the adopted %d", e.Value, fd)
	}
	expectRefused(t, ep)
}

// A wrong fd fails Bind and stays the caller's.
func TestUseFDRejects(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	notListening, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	testutil.Must(t, err, "socket")
	t.Cleanup(func() { unix.Close(notListening) })
	udp, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	testutil.Must(t, err, "socket")
	t.Cleanup(func() { unix.Close(udp) })
	local := listeningFD(t, unix.AF_UNIX, &unix.SockaddrUnix{Name: "@zr-usefd-" + strconv.Itoa(unix.Getpid())})
	t.Cleanup(func() { unix.Close(local) })
	var pipe [2]int
	testutil.Must(t, unix.Pipe(pipe[:]), "pipe")
	t.Cleanup(func() { unix.Close(pipe[0]); unix.Close(pipe[1]) })

	for _, tc := range []struct {
		name string
		fd   int
		want []error
	}{
		{"not listening", notListening, []error{zmq.ErrInvalid, syscall.EINVAL}},
		{"datagram", udp, []error{zmq.ErrInvalid, syscall.EINVAL}},
		{"unix-domain for tcp", local, []error{zmq.ErrInvalid, syscall.EINVAL}},
		{"not a socket", pipe[0], []error{zmq.ErrNotSocket, syscall.ENOTSOCK}},
	} {
		s := testutil.NewSocket(t, c, zmq.PULL)
		testutil.Must(t, s.SetUseFD(tc.fd), "SetUseFD")
		err := s.Bind("tcp://127.0.0.1:*")
		testutil.RequireIs(t, err, tc.want...)
		testutil.ErrorMentions(t, err, "USE_FD")
		if _, err := unix.FcntlInt(uintptr(tc.fd), unix.F_GETFD, 0); err != nil {
			t.Errorf("%s: fd closed by the failed Bind: %v", tc.name, err)
		}
	}
	s := testutil.NewSocket(t, c, zmq.PULL)
	testutil.RequireIs(t, s.SetUseFD(-2), zmq.ErrInvalid)
}
