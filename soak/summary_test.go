//go:build soak

package soak

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// stats counts what the run did, for the summary.
type stats struct {
	begin                    time.Time
	ops                      map[string]int
	other                    map[string]int // rarer outcomes worth a line (bind-addr-in-use, ...)
	perKind                  map[string]*kindStats
	sent, received           uint64
	sentBytes, receivedBytes uint64
	lost, late               uint64
	eagain, echoed           uint64
	kills                    int
	linksMade, linksStable   int
	linksFaulted             int
	linksVerified            int
}

type kindStats struct{ sent, received uint64 }

func newStats() stats {
	st := stats{begin: time.Now(), ops: map[string]int{}, other: map[string]int{}, perKind: map[string]*kindStats{}}
	for _, k := range kinds {
		st.perKind[k.name] = &kindStats{}
	}
	return st
}

func (st *stats) count(what string) { st.other[what]++ }

// print writes the summary to stdout.
func (st *stats) print(s *soak, seed int64) {
	r := s.res
	w := &strings.Builder{}
	fmt.Fprintf(w, "soak summary: seed %d, ran %.1f s, %d violations\n", seed, time.Since(st.begin).Seconds(), len(s.violations))
	fmt.Fprintf(w, "  operations: %s\n", formatCounts(st.ops))
	fmt.Fprintf(w, "  other: %s peer-kill=%d\n", formatCounts(st.other), st.kills)
	fmt.Fprintf(w, "  links: %d made (%d stable at birth), %d faulted later, %d stable links (PUB/SUB aside) verified complete at retirement\n",
		st.linksMade, st.linksStable, st.linksFaulted, st.linksVerified)
	fmt.Fprintf(w, "  messages: %d sent (%.1f MiB), %d received (%.1f MiB), %d echoed, %d EAGAIN at the HWM\n",
		st.sent, mib(int64(st.sentBytes)), st.received, mib(int64(st.receivedBytes)), st.echoed, st.eagain)
	fmt.Fprintf(w, "  on faulted links: %d never arrived (given up after 2 s without progress, or at retirement), %d arrived after that\n",
		st.lost, st.late)
	for _, k := range kinds {
		ks := st.perKind[k.name]
		fmt.Fprintf(w, "    %-26s sent %9d received %9d\n", k.name, ks.sent, ks.received)
	}
	fmt.Fprintf(w, "  RSS: start %.1f MiB, warm-up peak %.1f MiB, peak %.1f MiB, last %.1f MiB, bound %.1f MiB (%d samples); peers' peak %.1f MiB\n",
		mib(r.startRSS), mib(r.warmPeak), mib(r.peakRSS), mib(r.lastRSS), mib(r.bound), r.samples, mib(r.peerPeakRSS))
	fmt.Fprintf(w, "  goroutines: start %d, peak %d, end %d; fds: start %d, peak %d, end %d\n",
		r.baseGoroutines, r.peakGoroutines, r.endGoroutines, r.baseFDs, r.peakFDs, r.endFDs)
	fmt.Print(w.String())
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func formatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}
