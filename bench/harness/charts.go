package main

import (
	"image/color"
	"math"
	"path/filepath"
	"slices"
)

var colors = map[string]color.RGBA{
	"zreactor":    {214, 39, 40, 255},
	"libzmq":      {31, 119, 180, 255},
	"zr->libzmq":  {255, 127, 14, 255},
	"libzmq->zr":  {148, 103, 189, 255},
	"pebbe":       {44, 160, 44, 255},
	"go-zeromq":   {140, 86, 75, 255},
	"raw-tcp":     {110, 110, 110, 255},
	"zr-baseline": {230, 100, 180, 255}, // -baseline pairings: zreactor built otherwise
	// CURVE: lighter shades of the plain pairings' colours.
	"zreactor-curve":   {255, 152, 150, 255},
	"libzmq-curve":     {120, 170, 220, 255},
	"zr->libzmq-curve": {255, 187, 120, 255},
	// ipc: darker shades.
	"zreactor-ipc":   {140, 20, 20, 255},
	"libzmq-ipc":     {15, 70, 120, 255},
	"zr->libzmq-ipc": {180, 85, 5, 255},
}

// seriesFor builds one line per pairing from a metric.
func (m *matrix) seriesFor(mt metric) []series {
	k, ok := kindNamed(mt.kind)
	if !ok {
		return nil
	}
	var out []series
	for _, p := range m.pairsOf(k) {
		col, ok := colors[p.label]
		if !ok { // a -baseline pairing other than zr-baseline
			col = colors["zr-baseline"]
		}
		s := series{name: p.label, col: col, dashed: p.send != p.recv}
		for _, size := range m.sizesOf(k) {
			c := m.cell(cellKey{mt.kind, p.label, size})
			if len(c.samples) == 0 {
				continue
			}
			if v := mt.value(c.samples, size); v > 0 && !math.IsNaN(v) {
				s.pts = append(s.pts, [2]float64{float64(size), v})
			}
		}
		out = append(out, s)
	}
	return out
}

// writeCharts writes throughput.png and latency.png into dir.
func (m *matrix) writeCharts(dir string) error {
	x := "message size (bytes)"
	thr := []panel{
		{"messages per second", x, "throughput (msg/s)", slices.Concat(m.seriesFor(metrics[0]), m.seriesFor(metrics[5]), m.seriesFor(metrics[7]))},
		{"megabytes per second", x, "throughput (MB/s)", slices.Concat(m.seriesFor(metrics[1]), m.seriesFor(metrics[6]), m.seriesFor(metrics[8]))},
	}
	if err := writePNG(filepath.Join(dir, "throughput.png"),
		"Throughput over tcp://127.0.0.1, PUSH -> PULL (log-log, median of runs; -curve lines: under CURVE; -ipc lines: over ipc://)", thr); err != nil {
		return err
	}
	lat := []panel{
		{"unpinned", x, "one-way latency (us)", m.seriesFor(metrics[2])},
		{"both processes on CPU 0", x, "one-way latency (us)", m.seriesFor(metrics[3])},
	}
	if err := writePNG(filepath.Join(dir, "latency.png"),
		"Latency over tcp://127.0.0.1, REQ -> REP, half the round trip (log-log)", lat); err != nil {
		return err
	}
	if len(m.patRows) == 0 {
		return nil
	}
	pat := []panel{
		{"Msg API (InitSize/SendMsg, RecvMsgInto)", x, "zreactor / libzmq", m.patSeries(apiMsg)},
		{"plain Send/Recv", x, "zreactor / libzmq", m.patSeries(apiPlain)},
	}
	return writePNG(filepath.Join(dir, "patterns.png"),
		"Patterns: zreactor's rate over libzmq's, same pattern and API (log-log; 1 = parity)", pat)
}

// palette gives the i-th of a set of distinguishable colours.
func palette(i int) color.RGBA {
	p := []color.RGBA{{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
		{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
		{188, 189, 34, 255}, {23, 190, 207, 255}, {0, 0, 128, 255}, {128, 0, 0, 255},
		{0, 128, 0, 255}, {255, 0, 255, 255}, {0, 0, 0, 255}, {128, 128, 0, 255},
		{255, 187, 120, 255}, {152, 223, 138, 255}, {197, 176, 213, 255}, {247, 182, 210, 255}}
	return p[i%len(p)]
}
