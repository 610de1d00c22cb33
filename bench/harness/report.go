package main

import (
	"fmt"
	"math"
	"strings"
)

// metric is one table of the report: a value per (size, pairing).
type metric struct {
	title string
	kind  string
	value func(ss []sample, size int) float64
	fmt   func(float64) string
}

var metrics = []metric{
	{"Throughput (msg/s)", "thr", func(ss []sample, _ int) float64 {
		return median(ss, func(s sample) float64 { return s.rate })
	}, fmtRate},
	{"Throughput (MB/s)", "thr", func(ss []sample, size int) float64 {
		return median(ss, func(s sample) float64 { return s.rate }) * float64(size) / 1e6
	}, fmtFloat},
	{"Latency, one way (us)", "lat", func(ss []sample, _ int) float64 {
		return median(ss, func(s sample) float64 { return s.latUS })
	}, fmtFloat},
	{"Latency, one way, both pinned to CPU 0 (us)", "latpin", func(ss []sample, _ int) float64 {
		return median(ss, func(s sample) float64 { return s.latUS })
	}, fmtFloat},
	{"Receiver peak RSS in throughput runs (MiB)", "thr", func(ss []sample, _ int) float64 {
		return median(ss, func(s sample) float64 { return float64(s.rssKiB) / 1024 })
	}, fmtFloat},
	{"CURVE throughput (msg/s)", "curve", func(ss []sample, _ int) float64 {
		return median(ss, func(s sample) float64 { return s.rate })
	}, fmtRate},
	{"CURVE throughput (MB/s)", "curve", func(ss []sample, size int) float64 {
		return median(ss, func(s sample) float64 { return s.rate }) * float64(size) / 1e6
	}, fmtFloat},
	{"Throughput over ipc (msg/s)", "ipc", func(ss []sample, _ int) float64 {
		return median(ss, func(s sample) float64 { return s.rate })
	}, fmtRate},
	{"Throughput over ipc (MB/s)", "ipc", func(ss []sample, size int) float64 {
		return median(ss, func(s sample) float64 { return s.rate }) * float64(size) / 1e6
	}, fmtFloat},
	{"GSSAPI throughput, encrypted (msg/s)", "gssapi", func(ss []sample, _ int) float64 {
		return median(ss, func(s sample) float64 { return s.rate })
	}, fmtRate},
	{"GSSAPI throughput, encrypted (MB/s)", "gssapi", func(ss []sample, size int) float64 {
		return median(ss, func(s sample) float64 { return s.rate }) * float64(size) / 1e6
	}, fmtFloat},
	{"GSSAPI latency, encrypted, one way (us)", "gssapilat", func(ss []sample, _ int) float64 {
		return median(ss, func(s sample) float64 { return s.latUS })
	}, fmtFloat},
}

// shown reports whether a metric's kind is part of this run and has cells.
func (m *matrix) shown(mt metric) bool {
	k, ok := kindNamed(mt.kind)
	return ok && len(m.pairsOf(k)) > 0 && len(m.sizesOf(k)) > 0
}

// table renders one metric as rows of cells, header first. The last
// column is the zreactor/libzmq ratio of the kind (see ratioLabels).
func (m *matrix) table(mt metric) [][]string {
	k, _ := kindNamed(mt.kind)
	pairs := m.pairsOf(k)
	head := []string{"size (B)"}
	for _, p := range pairs {
		head = append(head, p.label)
	}
	head = append(head, "zr/libzmq")
	rows := [][]string{head}
	for _, size := range m.sizesOf(k) {
		row := []string{fmt.Sprint(size)}
		vals := map[string]float64{}
		for _, p := range pairs {
			c := m.cell(cellKey{mt.kind, p.label, size})
			switch {
			case c.na:
				row = append(row, "n/a")
			case len(c.samples) == 0:
				row = append(row, "FAIL")
			default:
				v := mt.value(c.samples, size)
				vals[p.label] = v
				s := mt.fmt(v)
				if c.failed > 0 {
					s += "*"
				}
				row = append(row, s)
			}
		}
		zrLabel, lzLabel := ratioLabels(k)
		zr, okz := vals[zrLabel]
		lz, okl := vals[lzLabel]
		if okz && okl && lz > 0 {
			row = append(row, fmt.Sprintf("%.2f", zr/lz))
		} else {
			row = append(row, "n/a")
		}
		rows = append(rows, row)
	}
	return rows
}

// text renders rows as an aligned plain-text table.
func text(rows [][]string) string {
	w := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			w[i] = max(w[i], len(c))
		}
	}
	var b strings.Builder
	for ri, r := range rows {
		for i, c := range r {
			if i == 0 {
				fmt.Fprintf(&b, "%-*s", w[i], c)
			} else {
				fmt.Fprintf(&b, "  %*s", w[i], c)
			}
		}
		b.WriteByte('\n')
		if ri == 0 {
			b.WriteString(strings.Repeat("-", sum(w)+2*(len(w)-1)) + "\n")
		}
	}
	return b.String()
}

// markdown renders rows as a GitHub table.
func markdown(rows [][]string) string {
	var b strings.Builder
	for ri, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
		if ri == 0 {
			b.WriteString("|---" + strings.Repeat("|--:", len(r)-1) + "|\n")
		}
	}
	return b.String()
}

func (m *matrix) scaleTable(sc map[string]*scaleCell) [][]string {
	rows := [][]string{{"library", "runs", "all connected (ms)", "msg/s (64 B, all connected)",
		"PULL RSS/conn (KiB)", "PUSH RSS/conn (KiB)", "PULL peak RSS (MiB)"}}
	for _, im := range scaleImpls {
		c := sc[im.name]
		row := []string{im.name}
		switch {
		case c == nil || c.na:
			row = append(row, "n/a", "n/a", "n/a", "n/a", "n/a", "n/a")
		case len(c.runs) == 0:
			row = append(row, fmt.Sprintf("0 (%d failed)", c.failed), "FAIL", "FAIL", "FAIL", "FAIL", "FAIL")
		default:
			med := func(f func(scaleResult) float64) float64 { return scaleMedian(c.runs, f) }
			runs := fmt.Sprint(len(c.runs))
			if c.failed > 0 {
				runs += fmt.Sprintf(" (%d failed)", c.failed)
			}
			row = append(row, runs,
				fmtFloat(med(func(r scaleResult) float64 { return r.connectMS })),
				fmtRate(med(func(r scaleResult) float64 { return r.msgsPerS })),
				fmtFloat(med(func(r scaleResult) float64 { return r.pullKiBPer })),
				fmtFloat(med(func(r scaleResult) float64 { return r.pushKiBPer })),
				fmtFloat(med(func(r scaleResult) float64 { return float64(r.recvPeakKiB) / 1024 })))
		}
		rows = append(rows, row)
	}
	return rows
}

func sum(v []int) int {
	t := 0
	for _, x := range v {
		t += x
	}
	return t
}

// fmtRate prints a rate with an SI suffix: 3.12M, 845k.
func fmtRate(v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case v >= 1e9:
		return fmt.Sprintf("%.2fG", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

// fmtFloat keeps about three significant digits.
func fmtFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
