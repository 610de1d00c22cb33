//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package poller

import "testing"

// readableFd returns an fd that stays readable until closed at cleanup: the read end of a pipe
// holding one byte, whose write end stays open (so it never reports a hang-up).
func readableFd(t testing.TB) int {
	t.Helper()
	r, w, _ := pipe(t)
	write(t, w, "x")
	return r
}
