package tcp

import (
	"errors"
	"strings"
	"syscall"
	"testing"
)

func TestParseEndpointValid(t *testing.T) {
	tests := []struct {
		addr    string
		forBind bool
		want    Endpoint
	}{
		{"127.0.0.1:5555", false, Endpoint{Host: "127.0.0.1", Port: 5555}},
		{"localhost:1", false, Endpoint{Host: "localhost", Port: 1}},
		{"example.com:65535", false, Endpoint{Host: "example.com", Port: 65535}},
		{"my_host-1.lan:80", false, Endpoint{Host: "my_host-1.lan", Port: 80}},
		{"127.0.0.1:0", false, Endpoint{Host: "127.0.0.1"}},
		{"*:*", true, Endpoint{Host: "*"}},
		{"*:0", true, Endpoint{Host: "*"}},
		{"*:5555", true, Endpoint{Host: "*", Port: 5555}},
		{"eth0:5555", true, Endpoint{Host: "eth0", Port: 5555}},
		{"[::1]:5555", false, Endpoint{Host: "::1", Port: 5555}},
		{"[::1]:*", true, Endpoint{Host: "::1"}},
		{"::1:5555", false, Endpoint{Host: "::1", Port: 5555}},
		{"[fe80::1%eth0]:5555", false, Endpoint{Host: "fe80::1%eth0", Port: 5555}},
		{"[fe80::1%2]:5555", true, Endpoint{Host: "fe80::1%2", Port: 5555}},
		{"[127.0.0.1]:5555", false, Endpoint{Host: "127.0.0.1", Port: 5555}},
		{"00080:00080", false, Endpoint{Host: "00080", Port: 80}},
		{"127.0.0.1:*;127.0.0.1:5555", false,
			Endpoint{Host: "127.0.0.1", Port: 5555, SourceHost: "127.0.0.1"}},
		{"*:6000;[::1]:5555", false,
			Endpoint{Host: "::1", Port: 5555, SourceHost: "*", SourcePort: 6000}},
		{"lo:0;localhost:5555", false,
			Endpoint{Host: "localhost", Port: 5555, SourceHost: "lo"}},
	}
	for _, tt := range tests {
		got, err := ParseEndpoint(tt.addr, tt.forBind)
		if err != nil {
			t.Errorf("ParseEndpoint(%q, %v): %v", tt.addr, tt.forBind, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseEndpoint(%q, %v) = %+v, want %+v", tt.addr, tt.forBind, got, tt.want)
		}
		back, err := ParseEndpoint(got.String(), tt.forBind)
		if err != nil || back != got {
			t.Errorf("round trip of %q via %q: %+v, %v", tt.addr, got.String(), back, err)
		}
	}
}

func TestParseEndpointInvalid(t *testing.T) {
	tests := []struct {
		addr    string
		forBind bool
		reason  string // a substring of the error
	}{
		{"", false, "missing port"},
		{"127.0.0.1", false, "missing port"},
		{"127.0.0.1:", false, "missing port"},
		{"[::1]", true, "missing port"},
		{"127.0.0.1:http", false, "not a decimal number"},
		{"127.0.0.1:80x", false, "not a decimal number"},
		{"127.0.0.1:-1", false, "not a decimal number"},
		{"127.0.0.1: 80", false, "not a decimal number"},
		{"127.0.0.1:65536", false, "out of range"},
		{"127.0.0.1:70000", false, "out of range"},
		{"127.0.0.1:123456", false, "out of range"},
		{"127.0.0.1:00", false, "out of range"},
		{"127.0.0.1:*", false, "only valid for bind"},
		{"*:5555", false, "only valid for bind"},
		{":5555", false, "empty host"},
		{"[]:5555", false, "empty host"},
		{"[::1:5555", false, "unbalanced brackets"},
		{"::1]:5555", false, "unbalanced brackets"},
		{"[[::1]]:5555", false, "unbalanced brackets"},
		{"[::1]]:5555", true, "unbalanced brackets"},
		{"[:5555", false, "unbalanced brackets"},
		{"ho st:5555", false, "invalid character"},
		{"tcp://host:5555", false, "invalid character"},
		{"host/x:5555", false, "invalid character"},
		{"[fe80::1%]:5555", false, "invalid zone"},
		{"[fe80::1%a%b]:5555", false, "invalid zone"},
		{"127.0.0.1:5555;127.0.0.1:5556", true, "only valid for connect"},
		{";127.0.0.1:5555", false, "source address: missing port"},
		{"127.0.0.1;127.0.0.1:5555", false, "source address: missing port"},
		{"a:1;b:2;c:3", false, "source address: invalid character"},
		{"127.0.0.1:1;*:5555", false, "only valid for bind"},
		{"127.0.0.1:1;", false, "missing port"},
	}
	for _, tt := range tests {
		_, err := ParseEndpoint(tt.addr, tt.forBind)
		if err == nil {
			t.Errorf("ParseEndpoint(%q, %v) succeeded, want error %q", tt.addr, tt.forBind, tt.reason)
			continue
		}
		if !errors.Is(err, syscall.EINVAL) {
			t.Errorf("ParseEndpoint(%q): %v does not wrap EINVAL", tt.addr, err)
		}
		var ae *AddrError
		if !errors.As(err, &ae) || ae.Addr != tt.addr {
			t.Errorf("ParseEndpoint(%q): %v is not an *AddrError for the address", tt.addr, err)
		}
		if !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("ParseEndpoint(%q, %v) = %v, want it to mention %q", tt.addr, tt.forBind, err, tt.reason)
		}
	}
}

// FuzzEndpoint checks that parsing never panics and that whatever parses
// formats back to text that parses to the same endpoint (libzmq's
// test_bind_fuzzer and test_connect_fuzzer feed endpoint strings likewise).
func FuzzEndpoint(f *testing.F) {
	for _, s := range []string{
		"127.0.0.1:5555", "*:*", "[::1]:0", "[fe80::1%eth0]:1", "::1:5555",
		"a:1;b:2", "127.0.0.1:*;localhost:5555", "[", "]:", ";", ":", "%:1",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, addr string, forBind bool) {
		ep, err := ParseEndpoint(addr, forBind)
		if err != nil {
			if !errors.Is(err, syscall.EINVAL) {
				t.Fatalf("error %v does not wrap EINVAL", err)
			}
			return
		}
		if ep.Host == "" {
			t.Fatalf("%q parsed with an empty host", addr)
		}
		back, err := ParseEndpoint(ep.String(), forBind)
		if err != nil || back != ep {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", addr, ep, ep.String(), back, err)
		}
	})
}
