package zmq_test

import (
	"strings"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestSocksOptionsReadBack(t *testing.T) {
	t.Parallel()
	s := testutil.NewSocket(t, testutil.NewCtx(t), zmq.DEALER)
	if s.SocksProxy() != "" || s.SocksUsername() != "" || s.SocksPassword() != "" {
		t.Fatalf("defaults %q %q %q, want empty", s.SocksProxy(), s.SocksUsername(), s.SocksPassword())
	}
	max := strings.Repeat("x", 255)
	for _, v := range []string{"127.0.0.1:1080", "localhost:1080", "[::1]:1080", max[:250] + ":1080"} {
		testutil.Must(t, s.SetSocksProxy(v), "SetSocksProxy(%.20q)", v)
		if got := s.SocksProxy(); got != v {
			t.Errorf("SocksProxy() = %q, want %q", got, v)
		}
	}
	testutil.Must(t, s.SetSocksUsername(max), "SetSocksUsername(255 bytes)")
	testutil.Must(t, s.SetSocksPassword(max), "SetSocksPassword(255 bytes)")
	if s.SocksUsername() != max || s.SocksPassword() != max {
		t.Errorf("credentials did not read back")
	}
	// An empty value clears, as NULL or "" does in libzmq.
	testutil.Must(t, s.SetSocksProxy(""), "clear proxy")
	testutil.Must(t, s.SetSocksUsername(""), "clear username")
	testutil.Must(t, s.SetSocksPassword(""), "clear password")
	if s.SocksProxy() != "" || s.SocksUsername() != "" || s.SocksPassword() != "" {
		t.Errorf("not cleared: %q %q %q", s.SocksProxy(), s.SocksUsername(), s.SocksPassword())
	}
}

func TestSocksOptionsInvalid(t *testing.T) {
	t.Parallel()
	s := testutil.NewSocket(t, testutil.NewCtx(t), zmq.DEALER)
	testutil.Must(t, s.SetSocksProxy("proxy:1080"), "SetSocksProxy")
	testutil.Must(t, s.SetSocksUsername("u"), "SetSocksUsername")
	testutil.Must(t, s.SetSocksPassword("p"), "SetSocksPassword")
	long := strings.Repeat("x", 256)
	for _, v := range []string{long + ":1080", "proxy", "tcp://proxy:1080", "proxy:0", "proxy:99999",
		"10.0.0.1:0;proxy:1080", "bad host:1080"} {
		testutil.RequireIs(t, s.SetSocksProxy(v), zmq.ErrInvalid, syscall.EINVAL)
	}
	testutil.RequireIs(t, s.SetSocksUsername(long), zmq.ErrInvalid, syscall.EINVAL)
	testutil.RequireIs(t, s.SetSocksPassword(long), zmq.ErrInvalid, syscall.EINVAL)
	// A refused value leaves the option as it was.
	if s.SocksProxy() != "proxy:1080" || s.SocksUsername() != "u" || s.SocksPassword() != "p" {
		t.Errorf("after refused values: %q %q %q", s.SocksProxy(), s.SocksUsername(), s.SocksPassword())
	}
	testutil.Must(t, s.Close(), "Close")
	testutil.RequireIs(t, s.SetSocksProxy("proxy:1080"), zmq.ErrNotSocket)
}

// A name a proxy cannot be asked for is refused by Connect (libzmq 4.3 aborts the process on
// it); without a proxy the same endpoint is an ordinary unresolvable name.
func TestSocksConnectRefusesLongName(t *testing.T) {
	t.Parallel()
	s := testutil.NewSocket(t, testutil.NewCtx(t), zmq.DEALER)
	endpoint := "tcp://" + strings.Repeat("n", 256) + ":5555"
	testutil.Must(t, s.SetSocksProxy("127.0.0.1:1"), "SetSocksProxy")
	err := s.Connect(endpoint)
	testutil.RequireIs(t, err, zmq.ErrInvalid, syscall.EINVAL)
	testutil.ErrorMentions(t, err, "255")
	testutil.Must(t, s.SetSocksProxy(""), "clear proxy")
	testutil.Must(t, s.Connect(endpoint), "Connect without a proxy")
}
