package zmq_test

import (
	"strings"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
)

func TestSocksOptionsReadBack(t *testing.T) {
	t.Parallel()
	s := newSocket(t, newCtx(t), zmq.DEALER)
	if s.SocksProxy() != "" || s.SocksUsername() != "" || s.SocksPassword() != "" {
		t.Fatalf("defaults %q %q %q, want empty", s.SocksProxy(), s.SocksUsername(), s.SocksPassword())
	}
	max := strings.Repeat("x", 255)
	for _, v := range []string{"127.0.0.1:1080", "localhost:1080", "[::1]:1080", max[:250] + ":1080"} {
		must(t, s.SetSocksProxy(v), "SetSocksProxy(%.20q)", v)
		if got := s.SocksProxy(); got != v {
			t.Errorf("SocksProxy() = %q, want %q", got, v)
		}
	}
	must(t, s.SetSocksUsername(max), "SetSocksUsername(255 bytes)")
	must(t, s.SetSocksPassword(max), "SetSocksPassword(255 bytes)")
	if s.SocksUsername() != max || s.SocksPassword() != max {
		t.Errorf("credentials did not read back")
	}
	// An empty value clears, as NULL or "" does in libzmq.
	must(t, s.SetSocksProxy(""), "clear proxy")
	must(t, s.SetSocksUsername(""), "clear username")
	must(t, s.SetSocksPassword(""), "clear password")
	if s.SocksProxy() != "" || s.SocksUsername() != "" || s.SocksPassword() != "" {
		t.Errorf("not cleared: %q %q %q", s.SocksProxy(), s.SocksUsername(), s.SocksPassword())
	}
}

func TestSocksOptionsInvalid(t *testing.T) {
	t.Parallel()
	s := newSocket(t, newCtx(t), zmq.DEALER)
	must(t, s.SetSocksProxy("proxy:1080"), "SetSocksProxy")
	must(t, s.SetSocksUsername("u"), "SetSocksUsername")
	must(t, s.SetSocksPassword("p"), "SetSocksPassword")
	long := strings.Repeat("x", 256)
	for _, v := range []string{long + ":1080", "proxy", "tcp://proxy:1080", "proxy:0", "proxy:99999",
		"10.0.0.1:0;proxy:1080", "bad host:1080"} {
		requireIs(t, s.SetSocksProxy(v), zmq.ErrInvalid, syscall.EINVAL)
	}
	requireIs(t, s.SetSocksUsername(long), zmq.ErrInvalid, syscall.EINVAL)
	requireIs(t, s.SetSocksPassword(long), zmq.ErrInvalid, syscall.EINVAL)
	// A refused value leaves the option as it was.
	if s.SocksProxy() != "proxy:1080" || s.SocksUsername() != "u" || s.SocksPassword() != "p" {
		t.Errorf("after refused values: %q %q %q", s.SocksProxy(), s.SocksUsername(), s.SocksPassword())
	}
	must(t, s.Close(), "Close")
	requireIs(t, s.SetSocksProxy("proxy:1080"), zmq.ErrNotSocket)
}

// A name a proxy cannot be asked for is refused by Connect (libzmq 4.3 aborts the process on
// it); without a proxy the same endpoint is an ordinary unresolvable name.
func TestSocksConnectRefusesLongName(t *testing.T) {
	t.Parallel()
	s := newSocket(t, newCtx(t), zmq.DEALER)
	endpoint := "tcp://" + strings.Repeat("n", 256) + ":5555"
	must(t, s.SetSocksProxy("127.0.0.1:1"), "SetSocksProxy")
	err := s.Connect(endpoint)
	requireIs(t, err, zmq.ErrInvalid, syscall.EINVAL)
	errorMentions(t, err, "255")
	must(t, s.SetSocksProxy(""), "clear proxy")
	must(t, s.Connect(endpoint), "Connect without a proxy")
}
