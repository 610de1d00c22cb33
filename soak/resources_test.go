//go:build soak

package soak

import (
	"runtime"
	"time"

	"github.com/zreactor/zmq/testproc"
)

// Resource bounds, checked once a second while the run goes on and at its end.
//
//   - fds: at most baseline + fdSlack + fdsPerSocket per live socket (a socket's mailbox
//     eventfd plus its listeners and connections, a few each here); back to the baseline once
//     the context is closed.
//   - goroutines: at most baseline + goroutineSlack (I/O threads, reaper, the peers' pipe
//     readers); back to the baseline at the end, and goleak finds none left.
//   - RSS (VmRSS): warm-up is the first quarter of the run, at least 10 s and at most 2 min.
//     After it, RSS must stay below the warm-up peak plus the larger of 64 MiB and half that
//     peak. The run's in-flight bytes are bounded (maxInflightBytes), so RSS that keeps
//     climbing past that is memory kept that should have been freed.
const (
	fdSlack        = 64
	fdsPerSocket   = 8
	goroutineSlack = 64
	rssSlackMin    = 64 << 20
)

// resources samples this process (and the peers) once a second.
type resources struct {
	warmUpEnd time.Time
	next      time.Time

	baseFDs, baseGoroutines int
	peakFDs, peakGoroutines int
	endFDs, endGoroutines   int
	startRSS, warmPeak      int64
	peakRSS, lastRSS, bound int64
	peerPeakRSS             int64
	samples                 int
}

func startResources(d time.Duration) *resources {
	warm := min(max(d/4, 10*time.Second), 2*time.Minute)
	r := &resources{warmUpEnd: time.Now().Add(warm)}
	r.baseFDs, _ = testproc.CountFDs(0)
	r.baseGoroutines = runtime.NumGoroutine()
	r.startRSS, _ = testproc.RSS(0)
	return r
}

// check samples once a second and reports a bound crossed.
func (r *resources) check(s *soak, now time.Time) {
	if now.Before(r.next) {
		return
	}
	r.next = now.Add(time.Second)
	r.samples++
	fds, err := testproc.CountFDs(0)
	if err != nil {
		s.violate("counting fds: %v", err)
	}
	g := runtime.NumGoroutine()
	rss, _ := testproc.RSS(0)
	r.peakFDs, r.peakGoroutines, r.peakRSS, r.lastRSS = max(r.peakFDs, fds), max(r.peakGoroutines, g), max(r.peakRSS, rss), rss
	live := s.liveSockets
	if fds > r.baseFDs+fdSlack+fdsPerSocket*live {
		s.violate("%d fds open with %d live sockets (baseline %d, bound %d)", fds, live, r.baseFDs,
			r.baseFDs+fdSlack+fdsPerSocket*live)
	}
	if g > r.baseGoroutines+goroutineSlack {
		s.violate("%d goroutines (baseline %d, bound %d)", g, r.baseGoroutines, r.baseGoroutines+goroutineSlack)
	}
	r.checkRSS(s, now, rss)
	for _, p := range s.peers {
		if p.child != nil {
			if prss, err := testproc.RSS(p.child.Pid()); err == nil {
				r.peerPeakRSS = max(r.peerPeakRSS, prss)
			}
		}
	}
}

func (r *resources) checkRSS(s *soak, now time.Time, rss int64) {
	if now.Before(r.warmUpEnd) {
		r.warmPeak = max(r.warmPeak, rss)
		return
	}
	if r.bound == 0 {
		r.bound = r.warmPeak + max(rssSlackMin, r.warmPeak/2)
	}
	if rss > r.bound {
		s.violate("RSS %d MiB after warm-up, above its bound of %d MiB (warm-up peak %d MiB)",
			rss>>20, r.bound>>20, r.warmPeak>>20)
	}
}

// checkResources checks, once everything is closed, that fds and goroutines are back to
// where they were before the run.
func (s *soak) checkResources() {
	r := s.res
	r.endFDs = testproc.SettleFDs(r.baseFDs, 5*time.Second)
	r.endGoroutines = testproc.SettleGoroutines(r.baseGoroutines, 5*time.Second)
	if r.endFDs != r.baseFDs {
		s.violate("fd leak: %d open fds before the run, %d after", r.baseFDs, r.endFDs)
	}
	if r.endGoroutines > r.baseGoroutines {
		s.violate("goroutine leak: %d goroutines before the run, %d after", r.baseGoroutines, r.endGoroutines)
	}
}
