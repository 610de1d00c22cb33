package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Aggregating full runs (make bench RUNS=n): each run is a complete harness run with its own
// results directory; aggregate reads their CSV files back into one matrix whose cells hold one
// sample per run, that run's median, so the usual report shows medians over the runs, and
// writes headline.md: every zreactor/libzmq figure with its spread over the runs and whether
// the ratio holds in all of them.

// aggregate writes the report of the runs in dirs into out.
func aggregate(dirs []string, out string) error {
	m := &matrix{cfg: config{runs: len(dirs)}, cells: map[cellKey]*cell{}}
	sc := map[string]*scaleCell{}
	seenKinds := map[string]bool{}
	seenRows := map[string]bool{}
	var head []string
	for run, dir := range dirs {
		if err := m.loadResults(filepath.Join(dir, "results.csv"), run, seenKinds); err != nil {
			return err
		}
		if err := m.loadPatterns(filepath.Join(dir, "patterns.csv"), run, seenRows); err != nil && !os.IsNotExist(err) {
			return err
		}
		if err := loadScale(filepath.Join(dir, "scale.csv"), sc); err != nil && !os.IsNotExist(err) {
			return err
		}
		head = append(head, fmt.Sprintf("run %d (%s): %s", run+1, dir, strings.Join(runHeader(dir), "; ")))
	}
	// The report reads these package tables: keep what the runs had, in new slices, so that
	// the tables' own arrays are left as they were.
	kinds = keep(kinds, func(k kind) bool { return seenKinds[k.name] })
	seen := func(p pairing) bool {
		for _, k := range kinds {
			if _, ok := m.cells[cellKey{k.name, p.label, m.sizesOf(k)[0]}]; ok {
				return true
			}
		}
		return false
	}
	pairings, curvePairings = keep(pairings, seen), keep(curvePairings, seen)
	ipcPairings, gssapiPairings = keep(ipcPairings, seen), keep(gssapiPairings, seen)
	for _, r := range patternRows() {
		if seenRows[r.id] {
			m.patRows = append(m.patRows, r)
		}
	}
	if len(sc) == 0 {
		sc = nil
	}
	notes := []string{fmt.Sprintf("aggregate of %d full runs: each cell is the median over the runs of each run's own median "+
		"(headline.md gives every figure with its spread over the runs)", len(dirs))}
	m.report(sc, out, append(machineInfo()[1:], head...), notes)
	return os.WriteFile(filepath.Join(out, "headline.md"), []byte(m.headline(dirs)), 0o644)
}

// keep returns the elements of s for which f holds, in a new slice.
func keep[T any](s []T, f func(T) bool) []T {
	var out []T
	for _, v := range s {
		if f(v) {
			out = append(out, v)
		}
	}
	return out
}

// runHeader picks the date and noise lines of a run's results.md.
func runHeader(dir string) []string {
	b, err := os.ReadFile(filepath.Join(dir, "results.md"))
	if err != nil {
		return []string{"no results.md"}
	}
	var out []string
	for l := range strings.Lines(string(b)) {
		l = strings.TrimSpace(strings.TrimPrefix(l, "- "))
		if strings.HasPrefix(l, "date:") || strings.HasPrefix(l, "machine noise:") {
			out = append(out, l)
		}
	}
	return out
}

// readCSV reads a CSV file into maps keyed by its header.
func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []map[string]string
	for _, r := range recs[min(1, len(recs)):] {
		row := map[string]string{}
		for i, h := range recs[0] {
			if i < len(r) {
				row[h] = r[i]
			}
		}
		out = append(out, row)
	}
	return out, nil
}

func numOr(m map[string]string, k string, def float64) float64 {
	if v, err := strconv.ParseFloat(m[k], 64); err == nil {
		return v
	}
	return def
}

// addRun records one run's outcome of a cell: its median as one sample, or a failure.
func (m *matrix) addRun(key cellKey, status string, s sample) {
	c := m.cell(key)
	switch status {
	case "ok":
		c.samples = append(c.samples, s)
	case "n/a":
		c.na = true
	default:
		c.failed++
		c.errs = append(c.errs, fmt.Sprintf("run %d: no sample", s.run+1))
	}
}

func (m *matrix) loadResults(path string, run int, seen map[string]bool) error {
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	for _, r := range rows {
		size, _ := strconv.Atoi(r["size"])
		k := r["kind"]
		seen[k] = true
		switch kd, _ := kindNamed(k); {
		case kd.curve || kd.gssapi:
			addSize(&m.cfg.curveSizes, size)
		case kd.ipc:
			addSize(&m.cfg.ipcSizes, size)
		default:
			addSize(&m.cfg.sizes, size)
		}
		if p := r["pairing"]; !slices.ContainsFunc(allPairings(), func(q pairing) bool { return q.label == p }) {
			addBaselineLabel(p) // a -baseline pairing of the runs
		}
		m.addRun(cellKey{k, r["pairing"], size}, r["status"], sample{run: run, count: 1, elapsed: 1,
			rate: numOr(r, "msgs_per_s", math.NaN()), latUS: numOr(r, "latency_us", math.NaN()),
			rssKiB: int64(numOr(r, "recv_peak_rss_kib", -1))})
	}
	return nil
}

func (m *matrix) loadPatterns(path string, run int, seen map[string]bool) error {
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	short := map[string]string{}
	for _, im := range allImpl {
		short[im.name] = im.short
	}
	for _, r := range rows {
		size, _ := strconv.Atoi(r["size"])
		seen[r["row"]] = true
		addSize(&m.cfg.patSizes, size)
		m.addRun(cellKey{"pat:" + r["row"], short[r["impl"]], size}, r["status"], sample{run: run, count: 1, elapsed: 1,
			rate: numOr(r, "msgs_per_s", math.NaN()), cpuNS: numOr(r, "cpu_ns_per_msg", -1),
			delivered: numOr(r, "delivered", -1), rssKiB: int64(numOr(r, "peak_rss_kib", -1))})
	}
	return nil
}

func loadScale(path string, sc map[string]*scaleCell) error {
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	for _, r := range rows {
		c := sc[r["library"]]
		if c == nil {
			c = &scaleCell{}
			sc[r["library"]] = c
		}
		c.runs = append(c.runs, scaleResult{connectMS: numOr(r, "connect_ms", 0), msgsPerS: numOr(r, "msgs_per_s", 0),
			pullKiBPer: numOr(r, "pull_rss_kib_per_conn", 0), pushKiBPer: numOr(r, "push_rss_kib_per_conn", 0),
			recvPeakKiB: int64(numOr(r, "pull_peak_rss_kib", 0))})
	}
	return nil
}

// addSize appends size to sizes unless it is there, keeping them sorted.
func addSize(sizes *[]int, size int) {
	if !slices.Contains(*sizes, size) {
		*sizes = append(*sizes, size)
		slices.Sort(*sizes)
	}
}

// spread is a figure over the runs: median, lowest and highest.
type spread struct {
	med, lo, hi float64
	n           int
}

func spreadOf(v []float64) spread {
	if len(v) == 0 {
		return spread{med: math.NaN(), lo: math.NaN(), hi: math.NaN()}
	}
	v = slices.Clone(v)
	slices.Sort(v)
	med := v[len(v)/2]
	if len(v)%2 == 0 {
		med = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return spread{med: med, lo: v[0], hi: v[len(v)-1], n: len(v)}
}

func (s spread) text(f func(float64) string) string {
	if s.n == 0 {
		return "n/a"
	}
	if s.n == 1 {
		return f(s.med)
	}
	return fmt.Sprintf("%s [%s-%s]", f(s.med), f(s.lo), f(s.hi))
}

// ratioText reads a ratio's spread: it holds when every run puts zreactor on the same side of
// libzmq; a ratio that does not hold says "mixed" and must not be quoted as a gain or a loss.
func (s spread) ratioText() string {
	if s.n == 0 {
		return "n/a"
	}
	r := func(v float64) string { return fmt.Sprintf("%.2fx", v) }
	if s.n > 1 && s.lo < 1 && s.hi > 1 {
		return fmt.Sprintf("mixed [%s-%s]", r(s.lo), r(s.hi))
	}
	return s.text(r)
}

// perRun pairs the samples of two cells by run: a's values, b's values and a/b for each run
// that both have.
func perRun(a, b *cell, f func(sample) float64) (av, bv, ratio []float64) {
	for _, x := range a.samples {
		av = append(av, f(x))
		for _, y := range b.samples {
			if y.run == x.run && f(y) > 0 {
				ratio = append(ratio, f(x)/f(y))
			}
		}
	}
	for _, y := range b.samples {
		bv = append(bv, f(y))
	}
	return av, bv, ratio
}

// headline is headline.md: the figures for the README, each with its spread over the runs.
func (m *matrix) headline(dirs []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Headline figures: %d full runs of make bench\n\n", len(dirs))
	b.WriteString("Every figure is the median over the runs of each run's own median, with the lowest and highest run " +
		"in brackets. A ratio divides zreactor by libzmq in each run; it is given as a gain or a loss only when every " +
		"run agrees, and reads `mixed` otherwise. " + apiNote + "\n\n")
	for _, d := range dirs {
		b.WriteString("- " + d + ": " + strings.Join(runHeader(d), "; ") + "\n")
	}
	type col struct {
		kind, title string
		f           func(sample) float64
		fmt         func(float64) string
	}
	cols := []col{
		{"thr", "throughput msg/s", func(s sample) float64 { return s.rate }, fmtRate},
		{"lat", "one-way latency µs", func(s sample) float64 { return s.latUS }, fmtFloat},
		{"latpin", "latency, pinned µs", func(s sample) float64 { return s.latUS }, fmtFloat},
		{"thr", "receiver peak RSS MiB", func(s sample) float64 { return float64(s.rssKiB) / 1024 }, fmtFloat},
	}
	b.WriteString("\n## PUSH -> PULL over TCP, API `Msg` (zreactor -> zreactor against libzmq -> libzmq)\n\n")
	b.WriteString("| size | figure | zreactor | libzmq | zr/libzmq |\n|---|---|--:|--:|--:|\n")
	for _, size := range m.cfg.sizes {
		for _, c := range cols {
			if _, ok := kindNamed(c.kind); !ok {
				continue
			}
			zr, lz := m.cell(cellKey{c.kind, "zreactor", size}), m.cell(cellKey{c.kind, "libzmq", size})
			a, l, r := perRun(zr, lz, c.f)
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", sizeText(size), c.title,
				spreadOf(a).text(c.fmt), spreadOf(l).text(c.fmt), spreadOf(r).ratioText())
		}
	}
	if len(m.patRows) > 0 {
		b.WriteString("\n## Patterns (msg/s; round trips/s for ROUTER rows; per subscriber for PUB rows)\n\n")
		b.WriteString("| pattern | setting | API | size | zreactor | libzmq | zr/libzmq |\n|---|---|---|---|--:|--:|--:|\n")
		for _, r := range m.patRows {
			for _, size := range m.cfg.patSizes {
				zr := m.cell(cellKey{"pat:" + r.id, zreactor.short, size})
				lz := m.cell(cellKey{"pat:" + r.id, libzmq.short, size})
				a, l, q := perRun(zr, lz, func(s sample) float64 { return s.rate })
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", r.group, r.label, r.api, sizeText(size),
					spreadOf(a).text(fmtRate), spreadOf(l).text(fmtRate), spreadOf(q).ratioText())
			}
		}
	}
	return b.String()
}

// allPairings is every pairing of every section.
func allPairings() []pairing {
	return slices.Concat(pairings, curvePairings, ipcPairings, gssapiPairings)
}
