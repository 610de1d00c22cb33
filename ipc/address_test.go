package ipc

import (
	"errors"
	"strings"
	"syscall"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		addr  string
		errno syscall.Errno // 0: valid
	}{
		{"/tmp/x.sock", 0},
		{"relative/x.sock", 0},
		{"@name", 0},
		{"*", 0}, // a path named "*" for connect; Bind makes it a wildcard first
		{"/" + strings.Repeat("p", maxName-1), 0},
		{"/" + strings.Repeat("p", maxName), syscall.ENAMETOOLONG},
		{"@" + strings.Repeat("a", maxName-1), 0},
		{"@" + strings.Repeat("a", maxName), syscall.ENAMETOOLONG},
		{"", syscall.EINVAL},
		{"@", syscall.EINVAL},
		{"/tmp/a\x00b", syscall.EINVAL},
	} {
		sa, err := Parse(tc.addr)
		if tc.errno == 0 {
			if err != nil || sa.Name != tc.addr {
				t.Errorf("Parse(%q) = %v, %v", tc.addr, sa, err)
			}
			continue
		}
		var ae *AddrError
		if !errors.Is(err, tc.errno) || !errors.As(err, &ae) || ae.Addr != tc.addr {
			t.Errorf("Parse(%q) error %v, want an *AddrError wrapping %v", tc.addr, err, tc.errno)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "ipc: ") {
			t.Errorf("error %q does not say ipc", err)
		}
	}
	if maxName != 107 {
		t.Errorf("maxName = %d, want 107 (sun_path 108 with its NUL)", maxName)
	}
}
