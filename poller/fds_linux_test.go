package poller

import (
	"testing"

	"golang.org/x/sys/unix"
)

// readableFd returns an fd that stays readable until closed at cleanup: an eventfd holding 1.
func readableFd(t testing.TB) int {
	t.Helper()
	efd, err := unix.Eventfd(1, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	must(t, err)
	t.Cleanup(func() { unix.Close(efd) })
	return efd
}
