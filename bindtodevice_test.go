package zmq_test

import (
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// ZMQ_BINDTODEVICE, as libzmq 4.3.4 behaves (it has no test of its own): TCP sockets bound and
// connected through "lo" work, an unknown device fails Bind with ENODEV and makes Connect
// retry (CONNECT_RETRIED, no CONNECTED), and names longer than libzmq's 16 bytes are refused.

// deviceBound makes a socket of typ on device bound to endpoint, skipping the test where the
// kernel refuses SO_BINDTODEVICE to this process (no CAP_NET_RAW before Linux 5.7).
func deviceBound(t *testing.T, c *zmq.Context, typ zmq.SocketType, device, endpoint string) *zmq.Socket {
	t.Helper()
	s := testutil.NewSocket(t, c, typ)
	testutil.Must(t, s.SetBindToDevice(device), "SetBindToDevice(%q)", device)
	if err := s.Bind(endpoint); errors.Is(err, syscall.EPERM) {
		t.Skipf("SO_BINDTODEVICE not permitted here: %v", err)
	} else {
		testutil.Must(t, err, "Bind(%q) on device %q", endpoint, device)
	}
	return s
}

func TestBindToDeviceLoopback(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := deviceBound(t, c, zmq.PAIR, "lo", "tcp://127.0.0.1:*")
	cli := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.Must(t, cli.SetBindToDevice("lo"), "SetBindToDevice")
	testutil.Must(t, cli.Connect(srv.LastEndpoint()), "Connect")
	testutil.Bounce(t, cli, srv)
}

func TestBindToDeviceUnknown(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	const bogus = "zr-nodev0"
	srv := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, srv.SetBindToDevice(bogus), "SetBindToDevice")
	err := srv.Bind("tcp://127.0.0.1:*")
	if errors.Is(err, syscall.EPERM) {
		t.Skipf("SO_BINDTODEVICE not permitted here: %v", err)
	}
	testutil.RequireIs(t, err, zmq.ErrNoDevice, syscall.ENODEV)
	testutil.ErrorMentions(t, err, "SO_BINDTODEVICE")

	// Connect succeeds, as libzmq's does, and every attempt fails before a connection
	// exists: CONNECT_RETRIED, never CONNECTED.
	target := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	cli := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, cli.SetBindToDevice(bogus), "SetBindToDevice")
	w := watchEvents(t, cli, zmq.EventConnected|zmq.EventConnectRetried)
	testutil.Must(t, cli.Connect(target.LastEndpoint()), "Connect")
	w.expect(zmq.EventConnectRetried)
	w.expect(zmq.EventConnectRetried)
}

func TestBindToDeviceNameLength(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, s.SetBindToDevice(strings.Repeat("d", 16)), "16-byte name")
	testutil.RequireIs(t, s.SetBindToDevice(strings.Repeat("d", 17)), zmq.ErrInvalid, syscall.EINVAL)
	testutil.Must(t, s.SetBindToDevice(""), "SetBindToDevice(\"\")")
	if got := s.BindToDevice(); got != "" {
		t.Fatalf("BindToDevice = %q after clearing", got)
	}
}
