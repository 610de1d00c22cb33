//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package tcp

import (
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// foreignSockaddr is an address of a family that Connect does not take.
func foreignSockaddr() unix.Sockaddr { return &unix.SockaddrDatalink{} }

// bufStored is what SO_RCVBUF reads back after setting n: n itself here.
func bufStored(n int) int { return n }

// setOSOptions sets TCP_MAXRT, which is ignored here, as libzmq ignores it.
func setOSOptions(o *Options) { o.MaxRT = 1500 * time.Millisecond }

// osChecks has nothing to check: the Linux-only options are refused or ignored here.
func osChecks() []sockcheck { return nil }

// TestLinuxOnlyOptionsRefused checks that a priority or a device fails Listen with ENOTSUP
// instead of being silently dropped, as libzmq refuses ZMQ_BINDTODEVICE where there is no
// SO_BINDTODEVICE.
func TestLinuxOnlyOptionsRefused(t *testing.T) {
	leakcheck.FDs(t)
	for _, o := range []Options{{Priority: 3}, {BindToDevice: "lo0"}} {
		opts := DefaultOptions()
		opts.Priority, opts.BindToDevice = o.Priority, o.BindToDevice
		fd, _, err := Listen(&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}, 4, opts)
		if err == nil {
			Close(fd)
		}
		if !errors.Is(err, unix.ENOTSUP) || !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("Listen with %+v = %v, want ENOTSUP", o, err)
		}
	}
}
