package main

import (
	"strings"
	"testing"
	"time"
)

// shImpl runs a shell script in place of a benchmark program; the
// endpoint, size and count become $0, $1 and $2.
func shImpl(name, script string) *impl {
	return &impl{name: name, built: true, bin: func(string, string) []string {
		return []string{"sh", "-c", script}
	}}
}

// TestHungPairingSkipsLargerSizes checks that a pairing whose runs all time
// out at one size is not run again at the larger ones, while a healthy
// pairing next to it still is.
func TestHungPairingSkipsLargerSizes(t *testing.T) {
	hang := shImpl("hang", "echo ready; exec sleep 30")
	ok := shImpl("ok", `echo ready; echo "result elapsed_ns=600000000 msgs_per_s=$(( $2 * 5 / 3 ))"`)
	saved, savedKinds := pairings, kinds
	t.Cleanup(func() { pairings, kinds = saved, savedKinds })
	pairings = []pairing{{"hang", hang, hang}, {"ok", ok, ok}}
	kinds = kinds[:1]
	m := newMatrix(config{sizes: []int{1, 64, 1024}, runs: 2, target: time.Second,
		timeout: 300 * time.Millisecond, binDir: t.TempDir()}, nil)
	start := time.Now()
	m.run()
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("took %v: hung pairing was retried at larger sizes", el)
	}
	first := m.cell(cellKey{"thr", "hang", 1})
	if len(first.samples) != 0 || first.timeouts != 2 {
		t.Fatalf("hung cell at 1 B: %d samples, %d timeouts", len(first.samples), first.timeouts)
	}
	for _, size := range []int{64, 1024} {
		c := m.cell(cellKey{"thr", "hang", size})
		if c.failed != 2 || c.timeouts != 0 || len(c.errs) != 1 || !strings.Contains(c.errs[0], "at 1 B timed out") {
			t.Fatalf("hung cell at %d B: failed %d, timeouts %d, errs %q", size, c.failed, c.timeouts, c.errs)
		}
		if n := len(m.cell(cellKey{"thr", "ok", size}).samples); n != 2 {
			t.Fatalf("healthy cell at %d B has %d samples", size, n)
		}
	}
	if got := m.table(metrics[0])[1]; got[1] != "FAIL" || got[2] == "FAIL" {
		t.Fatalf("table row %q", got)
	}
}
