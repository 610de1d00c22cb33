//go:build soak || faults

package testproc

import "golang.org/x/sys/unix"

// MonoNow is CLOCK_MONOTONIC in nanoseconds. The clock is system-wide, so stamps taken in two
// processes (a child reporting an event, the test applying a fault) can be subtracted.
func MonoNow() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		panic("testproc: clock_gettime: " + err.Error())
	}
	return ts.Nano()
}
