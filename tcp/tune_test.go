package tcp

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func getInt(t *testing.T, fd, level, opt int) int {
	t.Helper()
	v, err := unix.GetsockoptInt(fd, level, opt)
	if err != nil {
		t.Fatalf("getsockopt(%d, %d): %v", level, opt, err)
	}
	return v
}

// sockcheck is an integer socket option and the value a test expects of it.
type sockcheck struct {
	name       string
	level, opt int
	want       int
}

// keepIdle returns fd's keepalive idle time (TCP_KEEPIDLE, or TCP_KEEPALIVE on macOS), or -1
// where the OS has no such option (OpenBSD).
func keepIdle(t *testing.T, fd int) int {
	t.Helper()
	k := keepAliveOpts(Options{KeepAliveIdle: 1})[1]
	if k.value == -1 {
		return -1
	}
	return getInt(t, fd, unix.IPPROTO_TCP, k.opt)
}

func TestTuneSetsEachOption(t *testing.T) {
	leakcheck.FDs(t)
	_, sfd := connectedPair(t)
	o := DefaultOptions()
	o.KeepAlive, o.KeepAliveCnt, o.KeepAliveIdle, o.KeepAliveIntvl = 1, 5, 30, 7
	o.SndBuf, o.RcvBuf = 48<<10, 40<<10
	o.TOS = 0x10
	setOSOptions(&o) // priority and TCP_MAXRT where the OS has them
	if err := Tune(sfd, o); err != nil {
		t.Fatalf("Tune: %v", err)
	}
	checks := []sockcheck{
		{"TCP_NODELAY", unix.IPPROTO_TCP, unix.TCP_NODELAY, 1},
		{"SO_KEEPALIVE", unix.SOL_SOCKET, unix.SO_KEEPALIVE, 1},
		{"IP_TOS", unix.IPPROTO_IP, unix.IP_TOS, 0x10},
	}
	for _, k := range keepAliveOpts(o) { // TCP_KEEPCNT 5, idle 30, TCP_KEEPINTVL 7
		if k.value != -1 {
			checks = append(checks, sockcheck{k.name, unix.IPPROTO_TCP, k.opt, k.value})
		}
	}
	checks = append(checks, osChecks()...)
	for _, c := range checks {
		if got := getInt(t, sfd, c.level, c.opt); got != c.want {
			t.Errorf("%s = %d, want %d", c.name, got, c.want)
		}
	}
	// Linux doubles buffer sizes for bookkeeping.
	if got := getInt(t, sfd, unix.SOL_SOCKET, unix.SO_SNDBUF); got < o.SndBuf {
		t.Errorf("SO_SNDBUF = %d, want >= %d", got, o.SndBuf)
	}
	if got := getInt(t, sfd, unix.SOL_SOCKET, unix.SO_RCVBUF); got < o.RcvBuf {
		t.Errorf("SO_RCVBUF = %d, want >= %d", got, o.RcvBuf)
	}
}

func TestTuneDefaultsLeaveOS(t *testing.T) {
	leakcheck.FDs(t)
	_, sfd := connectedPair(t)
	before := [3]int{
		getInt(t, sfd, unix.SOL_SOCKET, unix.SO_KEEPALIVE),
		keepIdle(t, sfd),
		getInt(t, sfd, unix.SOL_SOCKET, unix.SO_SNDBUF),
	}
	if err := Tune(sfd, DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	after := [3]int{
		getInt(t, sfd, unix.SOL_SOCKET, unix.SO_KEEPALIVE),
		keepIdle(t, sfd),
		getInt(t, sfd, unix.SOL_SOCKET, unix.SO_SNDBUF),
	}
	if before != after {
		t.Errorf("default options changed the socket: %v -> %v", before, after)
	}
	if getInt(t, sfd, unix.IPPROTO_TCP, unix.TCP_NODELAY) != 1 {
		t.Error("TCP_NODELAY not set by default")
	}
	// KeepAlive 0 turns keepalives off explicitly.
	o := DefaultOptions()
	o.KeepAlive = 1
	Tune(sfd, o)
	o.KeepAlive = 0
	if err := Tune(sfd, o); err != nil {
		t.Fatal(err)
	}
	if getInt(t, sfd, unix.SOL_SOCKET, unix.SO_KEEPALIVE) != 0 {
		t.Error("KeepAlive 0 left SO_KEEPALIVE on")
	}
}

func TestTuneIPv6TrafficClass(t *testing.T) {
	leakcheck.FDs(t)
	o := DefaultOptions()
	o.TOS = 0x20
	lfd, _, err := Listen(&unix.SockaddrInet6{Addr: [16]byte{15: 1}}, 4, o)
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	closeT(t, lfd)
	if got := getInt(t, lfd, unix.IPPROTO_IPV6, unix.IPV6_TCLASS); got != 0x20 {
		t.Errorf("IPV6_TCLASS = %#x, want 0x20", got)
	}
}

func TestListenOptionsInherited(t *testing.T) {
	leakcheck.FDs(t)
	o := DefaultOptions()
	o.RcvBuf = 40 << 10
	lfd, bound, err := Listen(&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}, 4, o)
	if err != nil {
		t.Fatal(err)
	}
	closeT(t, lfd)
	mustConnect(t, bound, nil)
	waitFD(t, lfd, unix.POLLIN, 5*time.Second)
	sfd, _, err := Accept(lfd)
	if err != nil {
		t.Fatal(err)
	}
	closeT(t, sfd)
	// Linux stores twice the requested size (bufStored); an untouched socket
	// gets the tcp_rmem default (128 KiB here), so the exact value identifies
	// ours.
	if got := getInt(t, sfd, unix.SOL_SOCKET, unix.SO_RCVBUF); got != bufStored(o.RcvBuf) {
		t.Errorf("accepted SO_RCVBUF = %d, want %d (inherited)", got, bufStored(o.RcvBuf))
	}
}

func TestTuneErrorNamesOption(t *testing.T) {
	leakcheck.FDs(t)
	o := DefaultOptions()
	o.KeepAlive, o.KeepAliveCnt = 1, -5
	_, sfd := connectedPair(t)
	err := Tune(sfd, o)
	if !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("Tune with TCP_KEEPCNT -5 = %v, want EINVAL", err)
	}
	if want := "setsockopt(TCP_KEEPCNT)"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %s", err, want)
	}
}
