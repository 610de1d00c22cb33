package poller

import (
	"testing"

	"golang.org/x/sys/unix"
)

// setNonblock makes fds non-blocking (socketpair and pipe take no such flag on macOS).
func setNonblock(t testing.TB, fds ...int) {
	t.Helper()
	for _, fd := range fds {
		must(t, unix.SetNonblock(fd, true))
	}
}
