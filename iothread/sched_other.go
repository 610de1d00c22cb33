//go:build !linux

package iothread

import (
	"runtime"

	"github.com/zreactor/zmq/internal/zerr"
)

// applySched refuses what it cannot do. Outside Linux a thread cannot name, pin or reschedule
// itself without cgo (macOS has only pthread calls; FreeBSD's cpuset and rtprio calls are not
// wrapped here yet), so a name prefix or any scheduling setting fails with ENOTSUP instead of
// being dropped in silence; the default name, which asks for nothing, is simply not set.
func (t *Thread) applySched() error {
	s := &t.sched
	if s.NamePrefix != "" || s.Policy != Default || s.Priority != Default || len(s.CPUs) > 0 {
		return zerr.With(zerr.ErrNotSupported, "thread %s: thread name prefix, affinity and scheduling options need Linux, not %s",
			t.Name(), runtime.GOOS)
	}
	return nil
}

// onMainThread is false: with nothing applied to any thread, which one runs the loop does not
// matter.
func onMainThread() bool { return false }
