package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// kind is one family of cells: which roles run and how the result reads.
// A curve kind runs both processes with ZR_CURVE=1 (the programs' CURVE mode
// with fixed test keys) over its own pairings and sizes; an ipc kind runs
// over a unix-domain socket (ipc://) instead of loopback TCP, likewise with
// pairings and sizes of its own; a gssapi kind runs both processes with
// ZR_GSSAPI=1 against the harness's private KDC (gssapi.go), over the CURVE
// sizes.
type kind struct {
	name, title        string
	recvRole, sendRole string
	pinned             bool
	curve              bool
	ipc                bool
	gssapi             bool
}

var kinds = []kind{
	{name: "thr", title: "Throughput", recvRole: "local_thr", sendRole: "remote_thr"},
	{name: "lat", title: "Latency", recvRole: "local_lat", sendRole: "remote_lat"},
	{name: "latpin", title: "Latency, both pinned to CPU 0", recvRole: "local_lat", sendRole: "remote_lat", pinned: true},
	{name: "curve", title: "CURVE throughput", recvRole: "local_thr", sendRole: "remote_thr", curve: true},
	{name: "ipc", title: "Throughput over ipc", recvRole: "local_thr", sendRole: "remote_thr", ipc: true},
	{name: "gssapi", title: "GSSAPI throughput (encrypted)", recvRole: "local_thr", sendRole: "remote_thr", gssapi: true},
	{name: "gssapilat", title: "GSSAPI latency (encrypted)", recvRole: "local_lat", sendRole: "remote_lat", gssapi: true},
}

// thr reports whether the kind measures throughput (msg/s) rather than latency.
func (k kind) thr() bool { return k.recvRole == "local_thr" }

// env is what the kind adds to both processes' environment. Over ipc the
// receivers run with RCVHWM 0 (unbounded): a unix-domain sender's close is a
// hang-up at once, and libzmq 4.3 drops what is still in its receive
// buffer when that hang-up comes while its pipe is full, so a run could
// lose its last messages and hang (zreactor reads them: engine.Stream's
// repoll). Queues that never fill never stop input.
func (k kind) env() []string {
	switch {
	case k.curve:
		return []string{"ZR_CURVE=1"}
	case k.ipc:
		return []string{"ZR_RCVHWM=0"}
	case k.gssapi:
		return []string{"ZR_GSSAPI=1", "ZR_GSSAPI_SERVICE=" + gssService}
	}
	return nil
}

// kindNamed finds a kind that is part of this run (-kinds may drop some).
func kindNamed(name string) (kind, bool) {
	for _, k := range kinds {
		if k.name == name {
			return k, true
		}
	}
	return kind{}, false
}

// sample is one accepted run.
type sample struct {
	count   int
	elapsed float64 // seconds of the timed section
	rate    float64 // msgs/s (thr) or round trips/s (lat)
	latUS   float64 // one-way latency, lat only
	rssKiB  int64   // receiver's peak RSS
	// Pattern rows only (patterns.go): the reporting process's CPU per message, and the
	// share of published messages a subscriber got; -1 when not reported.
	cpuNS, delivered float64
	run              int // which full run it came from, in an aggregate (aggregate.go)
}

type cellKey struct {
	kind, pair string
	size       int
}

// cell gathers the runs of one (kind, size, pairing).
type cell struct {
	samples  []sample
	failed   int
	timeouts int // failed runs that were killed at the deadline
	errs     []string
	na       bool
}

// config is what the command line chose.
type config struct {
	sizes      []int
	curveSizes []int // sizes of the curve and gssapi kinds
	ipcSizes   []int // sizes of the ipc kind
	runs       int
	target     time.Duration // wanted length of one timed section
	timeout    time.Duration // per process pair
	binDir     string
	scaleConns int
	scaleCount int
	scaleRuns  int
	patSizes   []int         // sizes of the patterns section
	patTarget  time.Duration // wanted length of one timed section of a pattern cell
}

type matrix struct {
	cfg     config
	patRows []patRow // rows of the patterns section (patterns.go)
	cells   map[cellKey]*cell
	est     estimator
	done    int
	total   int
}

func newMatrix(cfg config, rows []patRow) *matrix {
	m := &matrix{cfg: cfg, patRows: rows, cells: map[cellKey]*cell{}, est: estimator{rate: map[cellKey]float64{}, last: map[[2]string]point{}}}
	for range rows {
		for _, im := range patImpls {
			if im.built {
				m.total += len(cfg.patSizes) * cfg.runs
			}
		}
	}
	for _, k := range kinds {
		for _, p := range m.pairsOf(k) {
			if p.ok() {
				m.total += len(m.sizesOf(k)) * cfg.runs
			}
		}
	}
	return m
}

// pairsOf returns the columns of a kind: the CURVE, ipc and GSSAPI sections
// have their own.
func (m *matrix) pairsOf(k kind) []pairing {
	switch {
	case k.curve:
		return curvePairings
	case k.ipc:
		return ipcPairings
	case k.gssapi:
		return gssapiPairings
	}
	return pairings
}

// sizesOf returns the rows of a kind.
func (m *matrix) sizesOf(k kind) []int {
	switch {
	case k.curve || k.gssapi:
		return m.cfg.curveSizes
	case k.ipc:
		return m.cfg.ipcSizes
	}
	return m.cfg.sizes
}

func (m *matrix) cell(k cellKey) *cell {
	c := m.cells[k]
	if c == nil {
		c = &cell{}
		m.cells[k] = c
	}
	return c
}

// run executes the whole matrix. For each size the pairings take turns run
// by run (A B C A B C ...), so slow drift of the machine is shared.
//
// A pairing whose every run at one size timed out (a hung handshake, say) is
// not run at the larger sizes of that kind: its cells there read FAIL with
// the reason, instead of costing a timeout per run.
func (m *matrix) run() {
	for _, k := range kinds {
		hung := map[string]int{} // pairing -> size where every run timed out
		for _, size := range m.sizesOf(k) {
			for r := range m.cfg.runs {
				for _, p := range m.pairsOf(k) {
					key := cellKey{k.name, p.label, size}
					c := m.cell(key)
					switch at, ok := hung[p.label]; {
					case !p.ok():
						c.na = true
						continue
					case ok:
						m.done++
						if c.failed++; c.failed == 1 {
							c.errs = append(c.errs, fmt.Sprintf("not run: every run at %d B timed out", at))
						}
						continue
					}
					m.done++
					m.runOnce(k, p, size, r, c)
				}
			}
			for _, p := range m.pairsOf(k) {
				c := m.cell(cellKey{k.name, p.label, size})
				if _, ok := hung[p.label]; !ok && len(c.samples) == 0 && c.timeouts > 0 && c.timeouts == c.failed {
					hung[p.label] = size
				}
			}
		}
	}
	progressEnd()
}

// runOnce runs one sample of a cell. A run shorter than a third of the
// target was a calibration: it is repeated with a count scaled to the
// target, at most three times.
func (m *matrix) runOnce(k kind, p pairing, size, r int, c *cell) {
	target := m.cfg.target.Seconds()
	prev := 0
	for attempt := 0; ; attempt++ {
		count := m.est.count(k, p.label, size, target)
		if prev > 0 {
			count = min(count, prev*50) // a tiny run's rate is rough
		}
		prev = count
		progress("[%3d/%d] %-6s %8d B  run %d/%d  %-11s count %-9d %s", m.done, m.total, k.name, size,
			r+1, m.cfg.runs, p.label, count, lastValue(k, c))
		s, err := m.sample(k, p, size, count)
		if errors.Is(err, errTimeout) {
			c.timeouts++
			// Whether hung or just slow, the next run asks for less.
			m.est.learn(k, p.label, size, float64(count)/m.cfg.timeout.Seconds()/4)
		}
		if err != nil {
			c.failed++
			c.errs = append(c.errs, err.Error())
			logf("%s %d B %s run %d failed: %v", k.name, size, p.label, r+1, err)
			return
		}
		m.est.learn(k, p.label, size, s.rate)
		if s.elapsed >= target/3 || attempt == 3 {
			c.samples = append(c.samples, s)
			return
		}
	}
}

func (m *matrix) sample(k kind, p pairing, size, count int) (sample, error) {
	ep, done, err := endpointFor(k)
	if err != nil {
		return sample{}, err
	}
	defer done()
	o := runPair(cellArgs(p.recv, m.cfg.binDir, k.recvRole, ep, size, count),
		cellArgs(p.send, m.cfg.binDir, k.sendRole, ep, size, count), k.pinned, k.env(), m.cfg.timeout)
	if o.err != nil {
		return sample{}, o.err
	}
	s := sample{count: count, rssKiB: o.recvRSSKiB}
	res := o.recv
	if k.recvRole == "local_lat" {
		res = o.send
	}
	el, ok := num(res, "elapsed_ns")
	if !ok {
		return s, fmt.Errorf("result without elapsed_ns: %v", res)
	}
	s.elapsed = math.Max(el, 1) / 1e9
	if k.thr() {
		s.rate, _ = num(res, "msgs_per_s")
	} else {
		s.latUS, _ = num(res, "latency_us")
		s.rate = float64(count) / s.elapsed
	}
	return s, nil
}

// endpointFor returns a fresh endpoint for one run of kind k: a free
// loopback TCP port, or a socket path in a new directory (libzmq leaves its
// socket file behind at close; done removes the directory either way).
func endpointFor(k kind) (ep string, done func(), err error) {
	if k.ipc {
		dir, err := os.MkdirTemp("", "zr-bench-ipc-")
		if err != nil {
			return "", nil, err
		}
		return "ipc://" + filepath.Join(dir, "s"), func() { os.RemoveAll(dir) }, nil
	}
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("tcp://127.0.0.1:%d", port), func() {}, nil
}

func lastValue(k kind, c *cell) string {
	if len(c.samples) == 0 {
		return ""
	}
	s := c.samples[len(c.samples)-1]
	if k.thr() {
		return "last " + fmtRate(s.rate) + " msg/s"
	}
	return fmt.Sprintf("last %.1f us", s.latUS)
}

// median of the values f picks from the samples; NaN when there are none.
func median(ss []sample, f func(sample) float64) float64 {
	if len(ss) == 0 {
		return math.NaN()
	}
	v := make([]float64, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
