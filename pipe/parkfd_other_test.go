//go:build !linux

package pipe

import "golang.org/x/sys/unix"

// parkFds returns a blocking pipe (read end, write end). A signal leaves 8 bytes and a park
// reads at most 8, so a park may return early for an older signal; spscRun then finds the
// queue empty and parks again, as after any spurious wake-up.
func parkFds() (r, w int, err error) {
	var p [2]int
	err = unix.Pipe(p[:])
	return p[0], p[1], err
}
