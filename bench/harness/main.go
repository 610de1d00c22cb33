package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	fullSizes       = []int{1, 16, 64, 256, 1024, 4096, 16384, 65536, 1048576}
	quickSizes      = []int{1, 64, 1024, 65536}
	fullCurveSizes  = []int{1, 64, 1024, 16384, 65536}
	quickCurveSizes = []int{64, 16384}
	fullIPCSizes    = []int{1, 64, 1024, 16384, 65536}
	quickIPCSizes   = []int{64, 16384}
	fullPatSizes    = []int{64, 1024, 65536}
	quickPatSizes   = []int{64, 65536}
)

func main() {
	quick := flag.Bool("quick", os.Getenv("QUICK") == "1", "small matrix, one run per cell (also QUICK=1)")
	runs := flag.Int("runs", 0, "runs per cell (default 3, quick 1)")
	sizes := flag.String("sizes", "", "comma-separated message sizes (default: full or quick list)")
	curveSizes := flag.String("curve-sizes", "", "comma-separated message sizes of the CURVE section (default: full or quick list)")
	ipcSizes := flag.String("ipc-sizes", "", "comma-separated message sizes of the ipc section (default: full or quick list)")
	baseline := flag.String("baseline", "", "zr-perf programs to run beside zreactor in the same run, for before/after comparisons: a path (pairing zr-baseline) or label=path,label=path")
	only := flag.String("pairings", "", "comma-separated pairing labels to run, CURVE, ipc and GSSAPI ones included (default all)")
	onlyKinds := flag.String("kinds", "", "comma-separated sections to run: thr,lat,latpin,curve,ipc,gssapi,gssapilat,patterns (default all)")
	patterns := flag.String("patterns", "", "pattern rows to run: comma-separated id prefixes (inproc,push-,rr-,pub-,proxy-; see patterns.go), none for no rows (default all)")
	patSizes := flag.String("pattern-sizes", "", "comma-separated message sizes of the patterns section (default 64,1024,65536, quick 64,65536)")
	patTarget := flag.Duration("pattern-target", 0, "wanted length of one timed run of a pattern cell (default 300ms, quick 200ms)")
	target := flag.Duration("target", 0, "wanted length of one timed run (default 600ms, quick 300ms)")
	timeout := flag.Duration("timeout", 30*time.Second, "kill a process pair after this long")
	out := flag.String("out", "results", "directory for results.md, results.csv and the PNGs")
	bin := flag.String("bin", "bin", "directory for the built programs")
	conns := flag.Int("scale-conns", 1000, "connections in the scale run (0 skips it)")
	scaleCount := flag.Int("scale-count", 0, "data messages in the scale run (default 200000, quick 50000)")
	buildOnly := flag.Bool("build-only", false, "build the programs and exit")
	agg := flag.String("aggregate", "", "comma-separated result directories of full runs to aggregate into -out (make bench RUNS=n); runs nothing")
	flag.Parse()
	if *agg != "" {
		if err := aggregate(strings.Split(*agg, ","), *out); err != nil {
			fatalf("aggregate: %v", err)
		}
		return
	}

	if _, err := os.Stat("c/local_thr.c"); err != nil {
		fatalf("run me from the bench/ directory (go run ./harness)")
	}
	cfg := config{runs: 3, target: 600 * time.Millisecond, timeout: *timeout, binDir: *bin,
		sizes: fullSizes, curveSizes: fullCurveSizes, ipcSizes: fullIPCSizes, scaleConns: *conns, scaleCount: 200000, scaleRuns: 3,
		patSizes: fullPatSizes, patTarget: 300 * time.Millisecond}
	if *quick {
		cfg.runs, cfg.target, cfg.sizes, cfg.scaleCount, cfg.scaleRuns = 1, 300*time.Millisecond, quickSizes, 50000, 1
		cfg.curveSizes, cfg.ipcSizes, cfg.patSizes, cfg.patTarget = quickCurveSizes, quickIPCSizes, quickPatSizes, 200*time.Millisecond
	}
	if *runs > 0 {
		cfg.runs, cfg.scaleRuns = *runs, *runs
	}
	if *target > 0 {
		cfg.target = *target
	}
	if *scaleCount > 0 {
		cfg.scaleCount = *scaleCount
	}
	if *sizes != "" {
		cfg.sizes = parseSizes(*sizes)
	}
	if *curveSizes != "" {
		cfg.curveSizes = parseSizes(*curveSizes)
	}
	if *ipcSizes != "" {
		cfg.ipcSizes = parseSizes(*ipcSizes)
	}
	if *patSizes != "" {
		cfg.patSizes = parseSizes(*patSizes)
	}
	if *patTarget > 0 {
		cfg.patTarget = *patTarget
	}
	rows := patternRowsNamed(*patterns)
	buildAll(cfg.binDir, ensureLibzmq())
	if *buildOnly {
		return
	}
	if *baseline != "" {
		addBaselines(*baseline)
	}
	if *only != "" {
		keep := strings.Split(*only, ",")
		pairings = slices.DeleteFunc(pairings, func(p pairing) bool { return !slices.Contains(keep, p.label) })
		curvePairings = slices.DeleteFunc(curvePairings, func(p pairing) bool { return !slices.Contains(keep, p.label) })
		ipcPairings = slices.DeleteFunc(ipcPairings, func(p pairing) bool { return !slices.Contains(keep, p.label) })
		gssapiPairings = slices.DeleteFunc(gssapiPairings, func(p pairing) bool { return !slices.Contains(keep, p.label) })
	}
	if *onlyKinds != "" {
		keep := strings.Split(*onlyKinds, ",")
		kinds = slices.DeleteFunc(kinds, func(k kind) bool { return !slices.Contains(keep, k.name) })
		if !slices.Contains(keep, "patterns") {
			rows = nil
		}
	}
	if _, err := os.Stat("/usr/bin/taskset"); err != nil {
		logf("taskset not found: pinned latency runs will fail (install util-linux)")
	}

	if slices.ContainsFunc(kinds, func(k kind) bool { return k.gssapi }) && len(gssapiPairings) > 0 {
		stop, err := startKDC()
		if err != nil {
			logf("GSSAPI sections left out: %v", err)
			kinds = slices.DeleteFunc(kinds, func(x kind) bool { return x.gssapi })
		} else {
			defer stop()
		}
	}
	start, stat0 := time.Now(), readCPUStat()
	m := newMatrix(cfg, rows)
	m.run()
	m.runPatterns()
	var sc map[string]*scaleCell
	if cfg.scaleConns > 0 {
		sc = runScale(cfg)
	}
	noise := noiseNote(stat0, readCPUStat())
	notes := []string{fmt.Sprintf("runs per cell: %d, target run length %v (patterns %v), took %v", m.cfg.runs,
		m.cfg.target, m.cfg.patTarget, time.Since(start).Round(time.Second)), noise}
	if *quick {
		notes = append(notes, "QUICK matrix: one run per cell, treat as a smoke test")
	}
	for _, im := range allImpl {
		if !im.built {
			notes = append(notes, im.name+": not built ("+truncate(im.why, 160)+")")
		}
	}
	m.report(sc, *out, machineInfo(), notes)
}

// report prints the tables and writes every result file into dir; head describes the machine
// and notes the run.
func (m *matrix) report(sc map[string]*scaleCell, dir string, head, notes []string) {
	for _, l := range append(head, notes...) {
		fmt.Println(l)
	}
	for _, mt := range metrics {
		if m.shown(mt) {
			fmt.Printf("\n%s\n%s", mt.title, text(m.table(mt)))
		}
	}
	if len(m.patRows) > 0 {
		fmt.Printf("\nPatterns, msg/s (zreactor / libzmq, ratio)\n%s", text(m.patTable()))
	}
	if sc != nil {
		fmt.Printf("\nConnection scale: %d PUSH -> 1 PULL\n%s", m.cfg.scaleConns, text(m.scaleTable(sc)))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fatalf("%v", err)
	}
	check := func(err error) {
		if err != nil {
			logf("writing results: %v", err)
		}
	}
	check(m.writeCSV(resultsPath(dir, "results.csv")))
	if len(m.patRows) > 0 {
		check(writeCSVRows(resultsPath(dir, "patterns.csv"), m.patCSVRows()))
	}
	if sc != nil {
		check(writeScaleCSV(resultsPath(dir, "scale.csv"), sc))
	}
	check(m.writeCharts(dir))
	check(m.writeMarkdown(resultsPath(dir, "results.md"), sc, head, notes))
	fmt.Printf("\nwrote %s/results.md, results.csv, patterns.csv, scale.csv, throughput.png, latency.png, patterns.png\n", dir)
}

func parseSizes(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			fatalf("bad size %q", f)
		}
		out = append(out, n)
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
