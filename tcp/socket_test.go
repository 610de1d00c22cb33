package tcp

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestListenEphemeralPort(t *testing.T) {
	leakcheck.FDs(t)
	lfd, bound := listenLoopback(t)
	a, ok := bound.(*unix.SockaddrInet4)
	if !ok || a.Port == 0 || a.Addr != [4]byte{127, 0, 0, 1} {
		t.Fatalf("bound = %#v, want 127.0.0.1 with a real port", bound)
	}
	assertFlags(t, lfd)
	// Nothing pending: EAGAIN, bare.
	if _, _, err := Accept(lfd); err != unix.EAGAIN {
		t.Fatalf("Accept on an idle listener = %v, want unix.EAGAIN", err)
	}
}

func TestListenWildcardIPv6DualStack(t *testing.T) {
	leakcheck.FDs(t)
	lfd, bound, err := Listen(&unix.SockaddrInet6{}, 16, DefaultOptions())
	if err != nil {
		t.Skipf("no IPv6: %v", err)
	}
	closeT(t, lfd)
	if got := EndpointString(bound); !strings.HasPrefix(got, "tcp://[::]:") {
		t.Errorf("EndpointString = %s, want tcp://[::]:port", got)
	}
	if v, err := unix.GetsockoptInt(lfd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY); err != nil || v != 0 {
		t.Errorf("IPV6_V6ONLY = %d, %v; want 0", v, err)
	}
	// An IPv4 client reaches the dual-stack listener and is seen mapped.
	port := bound.(*unix.SockaddrInet6).Port
	mustConnect(t, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}, nil)
	waitFD(t, lfd, unix.POLLIN, 5*time.Second)
	sfd, peer, err := Accept(lfd)
	if err != nil {
		t.Fatal(err)
	}
	closeT(t, sfd)
	if got := PeerAddress(peer); got != "::ffff:127.0.0.1" {
		t.Errorf("PeerAddress = %q, want ::ffff:127.0.0.1 as libzmq reports it", got)
	}
}

func TestListenAddrInUse(t *testing.T) {
	leakcheck.FDs(t)
	_, bound := listenLoopback(t)
	_, _, err := Listen(bound, 16, DefaultOptions())
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("second Listen = %v, want EADDRINUSE", err)
	}
}

func TestAcceptConnectEndToEnd(t *testing.T) {
	leakcheck.FDs(t)
	lfd, bound := listenLoopback(t)
	cfd := mustConnect(t, bound, nil)
	assertFlags(t, cfd)

	waitFD(t, lfd, unix.POLLIN, 5*time.Second)
	sfd, peer, err := Accept(lfd)
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	closeT(t, sfd)
	assertFlags(t, sfd)
	local, err := SockName(cfd)
	if err != nil {
		t.Fatal(err)
	}
	if EndpointString(peer) != EndpointString(local) {
		t.Errorf("accepted peer %s, client local %s", EndpointString(peer), EndpointString(local))
	}
	if got, err := PeerName(sfd); err != nil || EndpointString(got) != EndpointString(peer) {
		t.Errorf("PeerName = %v, %v", got, err)
	}
	exchange(t, cfd, sfd, []byte("hello"))
	exchange(t, sfd, cfd, []byte("world"))

	// Peer shuts its side: Read reports io.EOF after the data.
	if err := unix.Shutdown(cfd, unix.SHUT_WR); err != nil {
		t.Fatal(err)
	}
	waitFD(t, sfd, unix.POLLIN, 5*time.Second)
	if n, err := Read(sfd, make([]byte, 8)); n != 0 || err != io.EOF {
		t.Errorf("Read after peer close = %d, %v; want 0, io.EOF", n, err)
	}
}

func TestConnectWithSource(t *testing.T) {
	leakcheck.FDs(t)
	lfd, bound := listenLoopback(t)
	src := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	cfd := mustConnect(t, bound, src)
	if v, _ := unix.GetsockoptInt(cfd, unix.SOL_SOCKET, unix.SO_REUSEADDR); v != 1 {
		t.Errorf("SO_REUSEADDR on a source-bound connect = %d, want 1", v)
	}
	waitFD(t, lfd, unix.POLLIN, 5*time.Second)
	sfd, peer, err := Accept(lfd)
	if err != nil {
		t.Fatal(err)
	}
	closeT(t, sfd)
	if got := PeerAddress(peer); got != "127.0.0.1" {
		t.Errorf("peer = %q", got)
	}
}

func TestConnectResultRefused(t *testing.T) {
	leakcheck.FDs(t)
	// Take a free port, then close the listener so nothing listens there.
	lfd, bound, err := Listen(&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}, 1, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	Close(lfd)
	fd, inProgress, err := Connect(bound, nil, DefaultOptions())
	if err != nil {
		// Loopback may refuse synchronously; that is a valid outcome too.
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("Connect = %v, want in progress or ECONNREFUSED", err)
		}
		return
	}
	closeT(t, fd)
	if !inProgress {
		t.Fatal("connect to a closed port succeeded at once")
	}
	waitFD(t, fd, unix.POLLOUT, 5*time.Second)
	err = ConnectResult(fd)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("ConnectResult = %v, want ECONNREFUSED", err)
	}
}

func TestConnectErrorClosesFD(t *testing.T) {
	leakcheck.FDs(t)
	// Binding a source of the wrong family fails after the socket exists.
	src := &unix.SockaddrInet6{}
	_, _, err := Connect(&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 1}, src, DefaultOptions())
	if err == nil {
		t.Fatal("Connect with an IPv6 source to an IPv4 peer succeeded")
	}
	_, _, err = Connect(foreignSockaddr(), nil, DefaultOptions())
	if !errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Errorf("Connect to a %T = %v, want EAFNOSUPPORT", foreignSockaddr(), err)
	}
	// A unix-domain connect to a path nobody bound fails at once and
	// closes its socket too.
	_, _, err = Connect(&unix.SockaddrUnix{Name: t.TempDir() + "/none"}, nil, DefaultOptions())
	if !errors.Is(err, syscall.ENOENT) {
		t.Errorf("Connect to a missing unix path = %v, want ENOENT", err)
	}
	// The socket existed: the error names its fd, for the CLOSED event.
	var closed *ClosedSocketError
	if !errors.As(err, &closed) || closed.FD < 0 {
		t.Errorf("Connect error %#v, want a *ClosedSocketError with the fd", err)
	}
}

// TestUnixDomainListenConnect: Listen, Connect and Accept take unix-domain
// addresses (package ipc), without the TCP settings.
func TestUnixDomainListenConnect(t *testing.T) {
	leakcheck.FDs(t)
	path := t.TempDir() + "/s"
	o := DefaultOptions()
	o.SndBuf, o.TOS = 4096, 0x10 // not applied to unix-domain sockets
	lfd, bound, err := Listen(&unix.SockaddrUnix{Name: path}, 4, o)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	closeT(t, lfd)
	if b, ok := bound.(*unix.SockaddrUnix); !ok || b.Name != path {
		t.Fatalf("bound %#v, want %s", bound, path)
	}
	cfd, inProgress, err := Connect(&unix.SockaddrUnix{Name: path}, nil, o)
	if err != nil || inProgress {
		t.Fatalf("Connect = %v, in progress %v", err, inProgress)
	}
	closeT(t, cfd)
	if v, _ := unix.GetsockoptInt(cfd, unix.SOL_SOCKET, unix.SO_SNDBUF); v == 2*o.SndBuf {
		t.Errorf("SO_SNDBUF of a unix-domain socket is %d: the TCP settings were applied", v)
	}
	waitFD(t, lfd, unix.POLLIN, 5*time.Second)
	sfd, _, err := Accept(lfd)
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	closeT(t, sfd)
	if n, err := Write(cfd, []byte("hi")); n != 2 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	waitFD(t, sfd, unix.POLLIN, 5*time.Second)
	buf := make([]byte, 4)
	if n, err := Read(sfd, buf); n != 2 || err != nil || string(buf[:2]) != "hi" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
}

func TestWritevAndPartialWrites(t *testing.T) {
	leakcheck.FDs(t)
	cfd, sfd := connectedPair(t)
	bufs := [][]byte{[]byte("ab"), nil, []byte("cd"), {}, []byte("ef")}
	n, err := Writev(cfd, bufs)
	if err != nil || n != 6 {
		t.Fatalf("Writev = %d, %v", n, err)
	}
	got := readFull(t, sfd, 6)
	if string(got) != "abcdef" {
		t.Errorf("read %q", got)
	}
	// Fill the send buffer: the write path must end in a bare EAGAIN.
	if err := unix.SetsockoptInt(cfd, unix.SOL_SOCKET, unix.SO_SNDBUF, 4096); err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for i := 0; ; i++ {
		if i > 10000 {
			t.Fatal("send buffer never filled")
		}
		if _, err := Write(cfd, chunk); err == unix.EAGAIN {
			break
		} else if err != nil {
			t.Fatalf("Write: %v", err)
		}
	}
	if _, err := Writev(cfd, [][]byte{chunk}); err != unix.EAGAIN {
		t.Errorf("Writev on a full socket = %v, want unix.EAGAIN", err)
	}
}

func TestWriteAfterReset(t *testing.T) {
	leakcheck.FDs(t)
	cfd, sfd := openPair(t)
	closeT(t, cfd)
	// SO_LINGER 0 makes close send RST.
	if err := unix.SetsockoptLinger(sfd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1}); err != nil {
		t.Fatal(err)
	}
	if err := Close(sfd); err != nil {
		t.Fatal(err)
	}
	waitFD(t, cfd, unix.POLLIN, 5*time.Second)
	// Without MSG_NOSIGNAL the EPIPE write would also raise SIGPIPE, which
	// the Go runtime ignores for fds other than 1 and 2; either way the
	// error must come back, not a crash.
	var werr error
	for i := 0; i < 10 && werr == nil; i++ {
		_, werr = Write(cfd, []byte("x"))
	}
	if !errors.Is(werr, syscall.EPIPE) && !errors.Is(werr, syscall.ECONNRESET) {
		t.Fatalf("Write after peer reset = %v, want EPIPE or ECONNRESET", werr)
	}
	if _, err := Read(cfd, make([]byte, 1)); err == nil || err == unix.EAGAIN {
		t.Errorf("Read after peer reset = %v, want an error", err)
	}
}

func mustConnect(t *testing.T, sa, src unix.Sockaddr) int {
	t.Helper()
	fd, inProgress, err := Connect(sa, src, DefaultOptions())
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	closeT(t, fd)
	if inProgress {
		waitFD(t, fd, unix.POLLOUT, 5*time.Second)
		if err := ConnectResult(fd); err != nil {
			t.Fatalf("ConnectResult: %v", err)
		}
	}
	return fd
}

// assertFlags checks the fd is non-blocking and close-on-exec.
func assertFlags(t *testing.T, fd int) {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil || fl&unix.O_NONBLOCK == 0 {
		t.Errorf("fd %d not non-blocking (flags %#x, %v)", fd, fl, err)
	}
	fdfl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	if err != nil || fdfl&unix.FD_CLOEXEC == 0 {
		t.Errorf("fd %d not close-on-exec (%#x, %v)", fd, fdfl, err)
	}
}

// exchange writes p on from and reads it back on to, waiting with poll.
func exchange(t *testing.T, from, to int, p []byte) {
	t.Helper()
	if n, err := Write(from, p); err != nil || n != len(p) {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if got := readFull(t, to, len(p)); !bytes.Equal(got, p) {
		t.Fatalf("read %q, want %q", got, p)
	}
}

func readFull(t *testing.T, fd, n int) []byte {
	t.Helper()
	buf := make([]byte, n)
	got := 0
	for got < n {
		k, err := Read(fd, buf[got:])
		if err == unix.EAGAIN {
			waitFD(t, fd, unix.POLLIN, 5*time.Second)
			continue
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		got += k
	}
	return buf
}
