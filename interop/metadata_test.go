//go:build cgo

package interop_test

import (
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Every frame we receive from libzmq carries the connection's properties: the peer's
// Socket-Type (from its READY), its Peer-Address (numeric, no port) and, on a ROUTER, its
// Identity (also answered as Routing-Id).
func TestInteropPropertiesFromLibzmq(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.ROUTER, libzmq.DEALER, withLib(libRoutingID("lib-id")))
		libSend(t, l.lib, []byte("a"), []byte("b"))
		for i, want := range []string{"lib-id", "a", "b"} {
			m, err := l.zr.RecvMsg(0)
			testutil.Must(t, err, "RecvMsg frame %d", i)
			if string(m.Bytes()) != want || m.More() != (i < 2) {
				t.Fatalf("frame %d is %q (more %v), want %q", i, m.Bytes(), m.More(), want)
			}
			for name, want := range map[string]string{
				"Socket-Type": "DEALER", "Peer-Address": "127.0.0.1",
				"Identity": "lib-id", "Routing-Id": "lib-id", "X-Absent": "",
			} {
				if got := m.Property(name); got != want {
					t.Errorf("frame %d: Property(%q) = %q, want %q", i, name, got, want)
				}
			}
		}
	})
}

// A PULL sees its PUSH peer's type and address; there is no Identity.
func TestInteropPropertiesFromLibPush(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.PULL, libzmq.PUSH)
		libSend(t, l.lib, []byte("x"))
		m, err := l.zr.RecvMsg(0)
		testutil.Must(t, err, "RecvMsg")
		for name, want := range map[string]string{
			"Socket-Type": "PUSH", "Peer-Address": "127.0.0.1", "Identity": "",
		} {
			if got := m.Property(name); got != want {
				t.Errorf("Property(%q) = %q, want %q", name, got, want)
			}
		}
	})
}

// libzmq's zmq_msg_gets reads the same properties on messages from us: our Socket-Type, our
// address, our routing id on a ROUTER (libzmq stores it as Identity and, as probed, does not
// answer Routing-Id), and the application metadata we set with SetMetadata.
func TestInteropPropertiesToLibzmq(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.DEALER, libzmq.ROUTER, withZr(func(t testing.TB, s *zmq.Socket) {
			testutil.Must(t, s.SetRoutingID([]byte("zr-id")), "SetRoutingID")
			testutil.Must(t, s.SetMetadata("X-Hello", "World"), "SetMetadata")
		}))
		testutil.Send(t, l.zr, "a", "b")
		names := []string{"Socket-Type", "Peer-Address", "Identity", "X-Hello", "X-Absent"}
		for i, want := range []string{"zr-id", "a", "b"} {
			m, err := l.lib.RecvMsg(0, names...)
			testutil.Must(t, err, "libzmq RecvMsg frame %d", i)
			if string(m.Data) != want || m.More != (i < 2) {
				t.Fatalf("frame %d is %q (more %v), want %q", i, m.Data, m.More, want)
			}
			for name, want := range map[string]string{
				"Socket-Type": "DEALER", "Peer-Address": "127.0.0.1",
				"Identity": "zr-id", "X-Hello": "World", "X-Absent": "",
			} {
				if got := m.Props[name]; got != want {
					t.Errorf("libzmq frame %d: zmq_msg_gets(%q) = %q, want %q", i, name, got, want)
				}
			}
		}
	})
}
