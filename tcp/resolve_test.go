package tcp

import (
	"context"
	"errors"
	"net"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func resolveString(t *testing.T, addr string, forBind, ipv6 bool) (unix.Sockaddr, unix.Sockaddr, error) {
	t.Helper()
	ep, err := ParseEndpoint(addr, forBind)
	if err != nil {
		t.Fatalf("ParseEndpoint(%q): %v", addr, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return Resolve(ctx, ep, forBind, ipv6)
}

func TestResolve(t *testing.T) {
	lo := loopbackIndex(t)
	tests := []struct {
		addr          string
		forBind, ipv6 bool
		want          string // EndpointString of the result
	}{
		{"127.0.0.1:5555", false, false, "tcp://127.0.0.1:5555"},
		{"127.0.0.1:5555", true, false, "tcp://127.0.0.1:5555"},
		{"127.0.0.1:5555", false, true, "tcp://[::ffff:127.0.0.1]:5555"},
		{"*:*", true, false, "tcp://0.0.0.0:0"},
		{"*:5555", true, true, "tcp://[::]:5555"},
		{"[::1]:5555", false, true, "tcp://[::1]:5555"},
		{"::1:5555", true, true, "tcp://[::1]:5555"},
		{"[fe80::1%lo]:5555", false, true, "tcp://[fe80::1%lo]:5555"},
		{"[fe80::1%" + strconv.Itoa(lo) + "]:5555", false, true, "tcp://[fe80::1%lo]:5555"},
		{"localhost:5555", false, false, "tcp://127.0.0.1:5555"},
		{"localhost:5555", false, true, ""}, // ::1 or ::ffff:127.0.0.1, see below
		{"lo:5555", true, false, "tcp://127.0.0.1:5555"},
		{"lo:0", true, true, "tcp://[::1]:0"},
	}
	for _, tt := range tests {
		sa, src, err := resolveString(t, tt.addr, tt.forBind, tt.ipv6)
		if err != nil {
			t.Errorf("Resolve(%q, bind=%v, ipv6=%v): %v", tt.addr, tt.forBind, tt.ipv6, err)
			continue
		}
		if src != nil {
			t.Errorf("Resolve(%q): unexpected source %v", tt.addr, src)
		}
		got := EndpointString(sa)
		if tt.want == "" {
			if got != "tcp://[::1]:5555" && got != "tcp://[::ffff:127.0.0.1]:5555" {
				t.Errorf("Resolve(%q, ipv6) = %s, want ::1 or ::ffff:127.0.0.1", tt.addr, got)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("Resolve(%q, bind=%v, ipv6=%v) = %s, want %s", tt.addr, tt.forBind, tt.ipv6, got, tt.want)
		}
	}
}

func TestResolveSource(t *testing.T) {
	sa, src, err := resolveString(t, "lo:*;127.0.0.1:5555", false, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := EndpointString(src); got != "tcp://127.0.0.1:0" {
		t.Errorf("source = %s, want tcp://127.0.0.1:0", got)
	}
	if got := EndpointString(sa); got != "tcp://127.0.0.1:5555" {
		t.Errorf("destination = %s", got)
	}
	// Source addresses are never looked up in DNS (libzmq: allow_dns false).
	_, _, err = resolveString(t, "localhost:0;127.0.0.1:5555", false, false)
	if !errors.Is(err, syscall.ENODEV) {
		t.Errorf("DNS name as source: %v, want ENODEV", err)
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		addr          string
		forBind, ipv6 bool
		errno         syscall.Errno
	}{
		// bind does not use DNS: libzmq fails "localhost" with ENODEV.
		{"localhost:5555", true, false, syscall.ENODEV},
		{"no-such-interface0:5555", true, false, syscall.ENODEV},
		{"[::1]:5555", false, false, syscall.EINVAL},
		{"[::1]:5555", true, false, syscall.ENODEV},
		{"[fe80::1%nosuchif0]:5555", false, true, syscall.EINVAL},
		{"[fe80::1%0]:5555", false, true, syscall.EINVAL},
		{"host%eth0:5555", false, true, syscall.EINVAL},
		{"no-such-host.invalid:5555", false, false, syscall.EINVAL},
	}
	for _, tt := range tests {
		_, _, err := resolveString(t, tt.addr, tt.forBind, tt.ipv6)
		if !errors.Is(err, tt.errno) {
			t.Errorf("Resolve(%q, bind=%v, ipv6=%v) = %v, want %v", tt.addr, tt.forBind, tt.ipv6, err, tt.errno)
		}
		var ae *AddrError
		if err != nil && !errors.As(err, &ae) {
			t.Errorf("Resolve(%q): %T is not *AddrError", tt.addr, err)
		}
	}
}

func TestResolveContext(t *testing.T) {
	leakcheck.FDs(t)
	// The cancelled lookup goes on in the net package's goroutines, which open
	// /etc/nsswitch.conf and /etc/hosts after Resolve returned: wait for them, so that
	// those fds do not close during a later test's fd check (a shuffled run failed one
	// as "11 open fds before the test, 10 after").
	leakcheck.Goroutines(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A literal never consults the resolver, so a dead context is fine.
	if _, _, err := Resolve(ctx, Endpoint{Host: "127.0.0.1", Port: 1}, false, false); err != nil {
		t.Errorf("literal with cancelled context: %v", err)
	}
	_, _, err := Resolve(ctx, Endpoint{Host: "example.invalid", Port: 1}, false, false)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, syscall.EINVAL) {
		t.Errorf("name with cancelled context: %v, want context.Canceled and EINVAL", err)
	}
}

func TestIsLiteral(t *testing.T) {
	for host, want := range map[string]bool{
		"*": true, "127.0.0.1": true, "::1": true, "fe80::1%lo": true,
		"localhost": false, "lo": false, "": false,
	} {
		if got := IsLiteral(host); got != want {
			t.Errorf("IsLiteral(%q) = %v", host, got)
		}
	}
}

func loopbackIndex(t *testing.T) int {
	ifi, err := net.InterfaceByName("lo")
	if err != nil {
		t.Skipf("no lo interface: %v", err)
	}
	return ifi.Index
}
