package tcp

import (
	"bytes"
	"errors"
	"strings"
	"syscall"
	"testing"
)

func TestSocksGreeting(t *testing.T) {
	// libzmq 4.3.4's bytes (the probe's pcap): one method, never both.
	if got := appendSocksGreeting(nil, false); !bytes.Equal(got, []byte{5, 1, 0}) {
		t.Errorf("no-auth greeting %x, want 050100", got)
	}
	if got := appendSocksGreeting(nil, true); !bytes.Equal(got, []byte{5, 1, 2}) {
		t.Errorf("login greeting %x, want 050102", got)
	}
}

func TestSocksLogin(t *testing.T) {
	got, err := appendSocksLogin(nil, "zuser", "zpass")
	want := []byte("\x01\x05zuser\x05zpass")
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("login %x %v, want %x", got, err, want)
	}
	if got, err := appendSocksLogin(nil, "u", ""); err != nil || !bytes.Equal(got, []byte{1, 1, 'u', 0}) {
		t.Errorf("empty password: %x %v", got, err)
	}
	long := strings.Repeat("x", 256)
	for _, c := range [][2]string{{"", "p"}, {long, "p"}, {"u", long}} {
		if _, err := appendSocksLogin(nil, c[0], c[1]); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("login %d/%d bytes: %v, want EINVAL", len(c[0]), len(c[1]), err)
		}
	}
	max := strings.Repeat("y", 255)
	if got, err := appendSocksLogin(nil, max, max); err != nil || len(got) != 3+2*255 {
		t.Errorf("255-byte login: %d bytes, %v", len(got), err)
	}
}

func TestSocksConnectRequest(t *testing.T) {
	cases := []struct {
		host string
		port uint16
		want string
	}{
		{"127.0.0.1", 6001, "\x05\x01\x00\x01\x7f\x00\x00\x01\x17\x71"},
		{"localhost", 80, "\x05\x01\x00\x03\x09localhost\x00\x50"}, // a name goes to the proxy, as in libzmq
		{"::1", 0x1234, "\x05\x01\x00\x04" + strings.Repeat("\x00", 15) + "\x01\x12\x34"},
		{"fe80::1%lo", 1, "\x05\x01\x00\x04\xfe\x80" + strings.Repeat("\x00", 13) + "\x01\x00\x01"},
		{"::ffff:10.0.0.1", 1, "\x05\x01\x00\x04" + strings.Repeat("\x00", 10) + "\xff\xff\x0a\x00\x00\x01\x00\x01"},
		{"no-such-host.invalid", 65535, "\x05\x01\x00\x03\x14no-such-host.invalid\xff\xff"},
		{strings.Repeat("a", 255), 1, "\x05\x01\x00\x03\xff" + strings.Repeat("a", 255) + "\x00\x01"},
	}
	for _, c := range cases {
		got, err := appendSocksConnect(nil, c.host, c.port)
		if err != nil || string(got) != c.want {
			t.Errorf("%s:%d: %x %v, want %x", c.host, c.port, got, err, c.want)
		}
	}
	for _, host := range []string{"", strings.Repeat("a", 256), "name%zone"} {
		if _, err := appendSocksConnect(nil, host, 1); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("host %.20q (%d bytes): %v, want EINVAL", host, len(host), err)
		}
	}
}

// feed gives checkSocksReply the reply r one byte at a time, as a trickling proxy would,
// and returns how many bytes it took before it was satisfied or failed.
func feed(step socksStep, login bool, r []byte) (int, error) {
	for n := 0; ; n++ {
		missing, err := checkSocksReply(step, login, r[:n])
		if err != nil || missing == 0 {
			return n, err
		}
		if n == len(r) {
			return n, errShort
		}
	}
}

var errShort = errors.New("reply ended early")

func TestSocksRepliesAccepted(t *testing.T) {
	cases := []struct {
		name  string
		step  socksStep
		login bool
		reply string
	}{
		{"no auth chosen", stepMethod, false, "\x05\x00"},
		{"login chosen", stepMethod, true, "\x05\x02"},
		{"login ok", stepLogin, true, "\x01\x00"},
		{"bound IPv4", stepConnect, false, "\x05\x00\x00\x01\x7f\x00\x00\x01\x04\x38"},
		{"bound IPv6", stepConnect, false, "\x05\x00\x00\x04" + strings.Repeat("\x00", 16) + "\x00\x00"},
		{"bound name", stepConnect, false, "\x05\x00\x00\x03\x04host\x00\x01"},
		{"bound empty name", stepConnect, false, "\x05\x00\x00\x03\x00\x00\x01"},
		{"RSV ignored", stepConnect, false, "\x05\x00\x07\x01\x00\x00\x00\x00\x00\x00"},
	}
	for _, c := range cases {
		// What follows the reply (a ZMTP greeting) must not be taken.
		r := []byte(c.reply + "\xff\x00\x00")
		n, err := feed(c.step, c.login, r)
		if err != nil || n != len(c.reply) {
			t.Errorf("%s: took %d bytes (%v), want exactly %d", c.name, n, err, len(c.reply))
		}
	}
}

func TestSocksRepliesRefused(t *testing.T) {
	cases := []struct {
		name  string
		step  socksStep
		login bool
		reply string
		errno syscall.Errno
		after int // bytes read when the error shows
	}{
		{"no acceptable method", stepMethod, false, "\x05\xff", syscall.EACCES, 2},
		{"login refused", stepMethod, true, "\x05\xff", syscall.EACCES, 2},
		{"method not offered: login", stepMethod, false, "\x05\x02", syscall.EPROTO, 2},
		{"method not offered: none", stepMethod, true, "\x05\x00", syscall.EPROTO, 2}, // libzmq takes it
		{"SOCKS4 proxy", stepMethod, false, "\x00\x5a", syscall.EPROTO, 1},
		{"bad login", stepLogin, true, "\x01\x01", syscall.EACCES, 2},
		{"login reply version", stepLogin, true, "\x05\x00", syscall.EPROTO, 1},
		{"general failure", stepConnect, false, "\x05\x01\x00\x01", syscall.ECONNABORTED, 2},
		{"not allowed", stepConnect, false, "\x05\x02", syscall.EACCES, 2},
		{"net unreachable", stepConnect, false, "\x05\x03", syscall.ENETUNREACH, 2},
		{"host unreachable", stepConnect, false, "\x05\x04", syscall.EHOSTUNREACH, 2},
		{"target refused", stepConnect, false, "\x05\x05", syscall.ECONNREFUSED, 2},
		{"TTL expired", stepConnect, false, "\x05\x06", syscall.ETIMEDOUT, 2},
		{"command not supported", stepConnect, false, "\x05\x07", syscall.EOPNOTSUPP, 2},
		{"address type not supported", stepConnect, false, "\x05\x08", syscall.EAFNOSUPPORT, 2},
		{"unassigned reply", stepConnect, false, "\x05\x09", syscall.ECONNABORTED, 2},
		{"connect reply version", stepConnect, false, "\x04\x00", syscall.EPROTO, 1},
		{"unknown address type", stepConnect, false, "\x05\x00\x00\x02\x00", syscall.EPROTO, 4},
	}
	for _, c := range cases {
		n, err := feed(c.step, c.login, []byte(c.reply))
		var se *socksError
		if !errors.Is(err, c.errno) || !errors.As(err, &se) || n != c.after {
			t.Errorf("%s: %v after %d bytes, want %v after %d", c.name, err, n, c.errno, c.after)
		}
	}
}

func TestCheckSocksProxy(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:1080", "localhost:1080", "[::1]:1080", strings.Repeat("p", 255) + ":1"} {
		if err := CheckSocksProxy(ok); err != nil {
			t.Errorf("%.30q: %v", ok, err)
		}
	}
	for _, bad := range []string{"localhost", "tcp://localhost:1080", "1.2.3.4:0;5.6.7.8:1080",
		"proxy:0", "proxy:*", strings.Repeat("p", 256) + ":1", ":1080", "[::1:1080"} {
		if err := CheckSocksProxy(bad); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("%.30q: %v, want EINVAL", bad, err)
		}
	}
}

func TestCheckSocksTarget(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:1", "name:2", "[::1]:3", "127.0.0.1:0;name:4", strings.Repeat("n", 255) + ":5"} {
		if err := CheckSocksTarget(ok); err != nil {
			t.Errorf("%.30q: %v", ok, err)
		}
	}
	for _, bad := range []string{strings.Repeat("n", 256) + ":5", "a%b:1", "name"} {
		if err := CheckSocksTarget(bad); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("%.30q: %v, want EINVAL", bad, err)
		}
	}
}
