package tcp

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// foreignSockaddr is an address of a family that Connect does not take.
func foreignSockaddr() unix.Sockaddr { return &unix.SockaddrNetlink{} }

// bufStored is what SO_RCVBUF reads back after setting n: Linux doubles it for bookkeeping.
func bufStored(n int) int { return 2 * n }

// setOSOptions sets the options only Linux has, for TestTuneSetsEachOption.
func setOSOptions(o *Options) {
	o.Priority = 3
	o.MaxRT = 1500 * time.Millisecond
}

// osChecks are what setOSOptions should have set.
func osChecks() []sockcheck {
	return []sockcheck{
		{"SO_PRIORITY", unix.SOL_SOCKET, unix.SO_PRIORITY, 3},
		{"TCP_USER_TIMEOUT", unix.IPPROTO_TCP, unix.TCP_USER_TIMEOUT, 1500},
	}
}

func TestTuneBindToDevice(t *testing.T) {
	leakcheck.FDs(t)
	o := DefaultOptions()
	o.BindToDevice = "lo"
	fd, _, err := Listen(&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}, 4, o)
	if errors.Is(err, syscall.EPERM) {
		t.Skip("SO_BINDTODEVICE needs CAP_NET_RAW")
	}
	if err != nil {
		t.Fatal(err)
	}
	closeT(t, fd)
	if got, err := unix.GetsockoptString(fd, unix.SOL_SOCKET, unix.SO_BINDTODEVICE); err != nil || got != "lo" {
		t.Errorf("SO_BINDTODEVICE = %q, %v", got, err)
	}
}
