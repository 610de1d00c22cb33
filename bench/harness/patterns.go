package main

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The patterns section: socket patterns beyond PUSH->PULL, each run by zreactor (zr-perf's
// pattern roles) and by libzmq (the C programs of the same names), with either receive API.
// A row is one pattern, API and setting; its cells are the message sizes.

// patAPI names the API a row's programs use (the C programs' zmq_send/zmq_recv or
// zmq_msg_t; zreactor's Send/Recv or Msg).
type patAPI string

const (
	apiPlain patAPI = "Send/Recv"
	apiMsg   patAPI = "Msg"
)

// apiNote says, for the reports, what each API value means.
const apiNote = "API `Send/Recv`: zreactor `Send` and `Recv` (which returns a slice the caller keeps), " +
	"libzmq `zmq_send` and `zmq_recv` into the caller's buffer. API `Msg`: zreactor `Msg.InitSize` + `SendMsg` " +
	"and `RecvMsgInto` one reused Msg, libzmq `zmq_msg_init_size` + `zmq_msg_send` and `zmq_msg_recv` into one " +
	"reused `zmq_msg_t` (the matrix above uses these)."

// patProc is one process of a row, in start order.
type patProc struct {
	role     string
	ep, ep2  int // indexes of the cell's endpoints; ep2 -1 means "-"
	env      []string
	untilEOF bool
}

// patRow is one row of the patterns section.
type patRow struct {
	id     string // key in patterns.csv and -patterns
	group  string // heading: the pattern
	label  string // the setting within the pattern
	api    patAPI
	n      int // clients or subscribers
	env    []string
	procs  []patProc
	report int    // index of the process whose result line holds the rate
	unit   string // what msgs_per_s counts
}

// inprocEP is the endpoint of the single-process inproc rows.
const inprocEP = -2

func apis() []patAPI { return []patAPI{apiPlain, apiMsg} }

func (a patAPI) env() []string {
	if a == apiPlain {
		return []string{"ZR_API=plain"}
	}
	return nil
}

func (a patAPI) key() string {
	if a == apiPlain {
		return "recv"
	}
	return "msg"
}

func ioEnv(io int) []string {
	if io > 1 {
		return []string{fmt.Sprintf("ZR_IO_THREADS=%d", io)}
	}
	return nil
}

func ioLabel(io int) string {
	if io > 1 {
		return fmt.Sprintf(", IOThreads(%d)", io)
	}
	return ""
}

// patternRows builds every row, in display order.
func patternRows() []patRow {
	var rows []patRow
	add := func(r patRow) { rows = append(rows, r) }
	const (
		gInproc = "inproc PUSH -> PULL, one process"
		gPush   = "PUSH -> PULL over TCP"
		gRR     = "ROUTER echo server, DEALER clients doing round trips over TCP"
		gPub    = "PUB -> SUB over TCP"
		gProxy  = "through a proxy (zmq.Proxy / zmq_proxy), all over TCP"
	)
	for _, api := range apis() {
		add(patRow{id: "inproc-" + api.key(), group: gInproc, label: "two threads", api: api, n: 1,
			env: api.env(), procs: []patProc{{role: "inproc_thr", ep: inprocEP, ep2: -1}}, unit: "msg/s"})
	}
	for _, io := range []int{1, 2} {
		for _, frames := range []int{1, 3} {
			if io > 1 && frames > 1 {
				continue
			}
			for _, api := range apis() {
				if io > 1 && api == apiPlain {
					continue
				}
				label := "1 frame"
				if frames > 1 {
					label = fmt.Sprintf("%d frames per message (msg/s counts messages)", frames)
				}
				env := append(append(api.env(), ioEnv(io)...), fmt.Sprintf("ZR_FRAMES=%d", frames))
				add(patRow{id: fmt.Sprintf("push-f%d-io%d-%s", frames, io, api.key()), group: gPush,
					label: label + ioLabel(io), api: api, n: 1, env: env, report: 0, unit: "msg/s",
					procs: []patProc{{role: "pull_thr", ep: 0, ep2: -1}, {role: "push_thr", ep: 0, ep2: -1}}})
			}
		}
	}
	for _, io := range []int{1, 2} {
		for _, n := range []int{1, 8, 64} {
			for _, api := range apis() {
				if io > 1 && (n != 64 || api == apiPlain) {
					continue
				}
				add(patRow{id: fmt.Sprintf("rr-%d-io%d-%s", n, io, api.key()), group: gRR,
					label: fmt.Sprintf("%d clients%s", n, ioLabel(io)), api: api, n: n,
					env: append(api.env(), ioEnv(io)...), report: 1, unit: "round trips/s",
					procs: []patProc{{role: "rr_server", ep: 0, ep2: -1}, {role: "rr_client", ep: 0, ep2: -1}}})
			}
		}
	}
	for _, io := range []int{1, 2} {
		for _, filter := range []bool{false, true} {
			for _, n := range []int{1, 4, 16} {
				for _, api := range apis() {
					if io > 1 && (n != 16 || filter || api == apiPlain) {
						continue
					}
					label, env, id := fmt.Sprintf("%d SUB", n), append(api.env(), ioEnv(io)...), "all"
					if filter {
						label += ", filter drops every other message"
						env, id = append(env, "ZR_FILTER=1"), "half"
					}
					add(patRow{id: fmt.Sprintf("pub-%d-%s-io%d-%s", n, id, io, api.key()), group: gPub,
						label: label + ioLabel(io), api: api, n: n, env: env, report: 1, unit: "msg/s per SUB",
						procs: []patProc{{role: "pub_fan", ep: 0, ep2: 1}, {role: "sub_fan", ep: 0, ep2: 1}}})
				}
			}
		}
	}
	for _, api := range apis() {
		add(patRow{id: "proxy-pub-4-" + api.key(), group: gProxy, label: "PUB -> XSUB|XPUB -> 4 SUB", api: api, n: 4,
			env: api.env(), report: 2, unit: "msg/s per SUB",
			procs: []patProc{
				{role: "proxy", ep: 0, ep2: 1, env: []string{"ZR_PROXY=xsubxpub"}, untilEOF: true},
				{role: "pub_fan", ep: 0, ep2: 2, env: []string{"ZR_CONNECT=1"}},
				{role: "sub_fan", ep: 1, ep2: 2},
			}})
	}
	for _, api := range apis() {
		add(patRow{id: "proxy-rr-8-" + api.key(), group: gProxy, label: "8 DEALER -> ROUTER|DEALER -> ROUTER echo", api: api, n: 8,
			env: api.env(), report: 2, unit: "round trips/s",
			procs: []patProc{
				{role: "proxy", ep: 0, ep2: 1, env: []string{"ZR_PROXY=routerdealer"}, untilEOF: true},
				{role: "rr_server", ep: 1, ep2: -1, env: []string{"ZR_CONNECT=1"}},
				{role: "rr_client", ep: 0, ep2: -1},
			}})
	}
	// zreactor again with RaiseGOMAXPROCS where the Go scheduler's hand-offs around blocking
	// waits show (docs/performance.md P12, P13), and with kernel waits forced where the wait
	// mode matters (P14: machines with fewer Ps than I/O threads plus two get scheduler waits
	// by default); libzmq runs these rows unchanged.
	variant := func(id, suffix, label, env string) {
		i := slices.IndexFunc(rows, func(r patRow) bool { return r.id == id })
		r := rows[i]
		api := id[strings.LastIndexByte(id, '-'):]
		r.id = strings.TrimSuffix(id, api) + "-" + suffix + api
		r.label += ", zreactor with " + label
		r.env = append(append([]string(nil), r.env...), env)
		add(r)
	}
	for _, id := range []string{"inproc-msg", "rr-8-io1-msg", "rr-64-io1-msg"} {
		variant(id, "raise", "RaiseGOMAXPROCS", "ZR_RAISE_PROCS=1")
	}
	for _, id := range []string{"inproc-recv", "inproc-msg", "push-f1-io1-recv", "rr-1-io1-msg", "rr-8-io1-msg",
		"rr-64-io1-msg", "pub-4-all-io1-msg", "proxy-rr-8-msg"} {
		variant(id, "kernel", "SchedulerWaits(false)", "ZR_WAITS=kernel")
	}
	return rows
}

// patImpls are the columns of every pattern row: zreactor first, the ratio's numerator.
var patImpls = []*impl{zreactor, libzmq}

// members builds the processes of one cell.
func (r patRow) members(im *impl, binDir string, eps []string, size, count int) []member {
	ms := make([]member, len(r.procs))
	for i, p := range r.procs {
		ep, ep2 := "inproc://zr-bench", "-"
		if p.ep >= 0 {
			ep = eps[p.ep]
		}
		if p.ep2 >= 0 {
			ep2 = eps[p.ep2]
		}
		argv := append(im.bin(binDir, p.role), ep, strconv.Itoa(size), strconv.Itoa(count), strconv.Itoa(r.n), ep2)
		ms[i] = member{argv: argv, env: append(append([]string(nil), r.env...), p.env...), untilEOF: p.untilEOF}
	}
	return ms
}

// patKind is the estimator's kind for a row: counts are learned per row.
func (r patRow) kind() kind { return kind{name: "pat:" + r.id, recvRole: "local_thr"} }

// patSample runs one cell once.
func (m *matrix) patSample(r patRow, im *impl, size, count int) (sample, error) {
	eps := make([]string, 3)
	for i := range eps {
		port, err := freePort()
		if err != nil {
			return sample{}, err
		}
		eps[i] = fmt.Sprintf("tcp://127.0.0.1:%d", port)
	}
	o := runGroup(r.members(im, m.cfg.binDir, eps, size, count), m.cfg.timeout)
	if o.err != nil {
		return sample{}, o.err
	}
	res := o.results[r.report]
	el, ok := num(res, "elapsed_ns")
	rate, ok2 := num(res, "msgs_per_s")
	if !ok || !ok2 {
		return sample{}, fmt.Errorf("result without elapsed_ns or msgs_per_s: %v", res)
	}
	s := sample{count: count, elapsed: math.Max(el, 1) / 1e9, rate: rate, rssKiB: peakRSS(res), cpuNS: -1, delivered: -1}
	if v, ok := num(res, "cpu_ns_per_msg"); ok {
		s.cpuNS = v
	}
	if v, ok := num(res, "delivered"); ok {
		s.delivered = v
	}
	return s, nil
}

// runPatterns runs the patterns section: for each size, run by run, row by row, zreactor and
// libzmq take turns (A B A B), so drift hits both alike. A row and implementation whose every
// run at one size timed out is not run at the larger sizes.
func (m *matrix) runPatterns() {
	hung := map[string]int{}
	for _, size := range m.cfg.patSizes {
		for run := range m.cfg.runs {
			for _, r := range m.patRows {
				for _, im := range patImpls {
					key := cellKey{"pat:" + r.id, im.short, size}
					c := m.cell(key)
					if !im.built {
						c.na = true
						continue
					}
					m.done++
					if at, ok := hung[key.kind+im.short]; ok {
						if c.failed++; c.failed == 1 {
							c.errs = append(c.errs, fmt.Sprintf("not run: every run at %d B timed out", at))
						}
						continue
					}
					m.patOnce(r, im, size, run, c)
				}
			}
		}
		for _, r := range m.patRows {
			for _, im := range patImpls {
				c := m.cell(cellKey{"pat:" + r.id, im.short, size})
				if _, ok := hung["pat:"+r.id+im.short]; !ok && len(c.samples) == 0 && c.timeouts > 0 && c.timeouts == c.failed {
					hung["pat:"+r.id+im.short] = size
				}
			}
		}
	}
	progressEnd()
}

// patOnce runs one sample of a pattern cell, repeating a run shorter than a third of the
// target with a corrected count, at most three times. Counts are learned from the run's own
// length (count over elapsed), not from its reported rate, which for fan-out counts what
// arrived rather than what was sent.
func (m *matrix) patOnce(r patRow, im *impl, size, run int, c *cell) {
	target := m.cfg.patTarget.Seconds()
	k := r.kind()
	for attempt := 0; ; attempt++ {
		count := m.est.count(k, im.short, size, target)
		progress("[%3d/%d] %-22s %-9s %8d B  run %d/%d  count %d", m.done, m.total, r.id, im.short, size, run+1, m.cfg.runs, count)
		s, err := m.patSample(r, im, size, count)
		if errors.Is(err, errTimeout) {
			c.timeouts++
			m.est.learn(k, im.short, size, float64(count)/m.cfg.timeout.Seconds()/4)
		}
		if err != nil {
			c.failed++
			c.errs = append(c.errs, err.Error())
			logf("pattern %s %d B %s run %d failed: %v", r.id, size, im.short, run+1, err)
			return
		}
		m.est.learn(k, im.short, size, float64(count)/s.elapsed)
		if s.elapsed >= target/3 || attempt == 3 {
			c.samples = append(c.samples, s)
			return
		}
	}
}

// patValue is a pattern cell's median rate, ok false when it has none.
func (m *matrix) patValue(r patRow, im *impl, size int) (v float64, c *cell, ok bool) {
	c = m.cell(cellKey{"pat:" + r.id, im.short, size})
	if c.na || len(c.samples) == 0 {
		return math.NaN(), c, false
	}
	return median(c.samples, func(s sample) float64 { return s.rate }), c, true
}

// patTable renders the section: one row per pattern row, one column per size holding
// "zreactor / libzmq (ratio)".
func (m *matrix) patTable() [][]string {
	head := []string{"pattern", "setting", "API", "unit"}
	for _, size := range m.cfg.patSizes {
		head = append(head, sizeText(size)+": zr / libzmq")
	}
	rows := [][]string{head}
	for _, r := range m.patRows {
		row := []string{r.group, r.label, string(r.api), r.unit}
		for _, size := range m.cfg.patSizes {
			row = append(row, m.patCellText(r, size))
		}
		rows = append(rows, row)
	}
	return rows
}

func (m *matrix) patCellText(r patRow, size int) string {
	var parts []string
	var vals []float64
	for _, im := range patImpls {
		v, c, ok := m.patValue(r, im, size)
		switch {
		case c.na:
			parts = append(parts, "n/a")
		case !ok:
			parts = append(parts, "FAIL")
		default:
			s := fmtRate(v)
			if c.failed > 0 {
				s += "*"
			}
			parts = append(parts, s)
			vals = append(vals, v)
		}
	}
	s := strings.Join(parts, " / ")
	if len(vals) == 2 && vals[1] > 0 {
		s += fmt.Sprintf(" (%.2fx)", vals[0]/vals[1])
	}
	return s
}

// writePatternsCSV writes one line per pattern cell with every sample.
func (m *matrix) patCSVRows() [][]string {
	out := [][]string{{"row", "pattern", "setting", "api", "unit", "size", "impl", "status", "runs", "failed",
		"msgs_per_s", "cpu_ns_per_msg", "delivered", "peak_rss_kib", "counts", "samples"}}
	for _, size := range m.cfg.patSizes {
		for _, r := range m.patRows {
			for _, im := range patImpls {
				v, c, ok := m.patValue(r, im, size)
				status := "ok"
				switch {
				case c.na:
					status = "n/a"
				case !ok:
					status = "failed"
				}
				var counts, vals []string
				for _, s := range c.samples {
					counts = append(counts, fmt.Sprint(s.count))
					vals = append(vals, fmt.Sprintf("%.0f", s.rate))
				}
				rate, cpu, del, rss := "", "", "", ""
				if ok {
					rate = fmt.Sprintf("%.0f", v)
					if x := median(c.samples, func(s sample) float64 { return s.cpuNS }); x >= 0 {
						cpu = fmt.Sprintf("%.0f", x)
					}
					if x := median(c.samples, func(s sample) float64 { return s.delivered }); x >= 0 {
						del = fmt.Sprintf("%.4f", x)
					}
					rss = fmt.Sprintf("%.0f", median(c.samples, func(s sample) float64 { return float64(s.rssKiB) }))
				}
				out = append(out, []string{r.id, r.group, r.label, string(r.api), r.unit, fmt.Sprint(size), im.name, status,
					fmt.Sprint(len(c.samples)), fmt.Sprint(c.failed), rate, cpu, del, rss,
					strings.Join(counts, ";"), strings.Join(vals, ";")})
			}
		}
	}
	return out
}

// patSeries is one line per pattern row of a given API: zreactor's rate over libzmq's, per size.
func (m *matrix) patSeries(api patAPI) []series {
	var out []series
	colour := map[string]int{} // one colour per pattern and setting, the same in both APIs' panels
	for _, r := range m.patRows {
		name := shortGroup(r.group) + " " + r.label
		if _, ok := colour[name]; !ok {
			colour[name] = len(colour)
		}
		if r.api != api {
			continue
		}
		s := series{name: name, col: palette(colour[name])}
		for _, size := range m.cfg.patSizes {
			zr, _, ok1 := m.patValue(r, zreactor, size)
			lz, _, ok2 := m.patValue(r, libzmq, size)
			if ok1 && ok2 && zr > 0 && lz > 0 {
				s.pts = append(s.pts, [2]float64{float64(size), zr / lz})
			}
		}
		out = append(out, s)
	}
	return out
}

// shortGroup names a pattern group in a chart legend.
func shortGroup(g string) string {
	switch {
	case strings.HasPrefix(g, "inproc"):
		return "inproc"
	case strings.HasPrefix(g, "PUSH"):
		return "PUSH/PULL"
	case strings.HasPrefix(g, "ROUTER"):
		return "ROUTER/DEALER"
	case strings.HasPrefix(g, "PUB"):
		return "PUB/SUB"
	case strings.HasPrefix(g, "through"):
		return "proxy:"
	}
	return g
}

// patternRowsNamed keeps the rows whose id starts with one of the comma-separated prefixes
// ("rr-", "pub-16", "inproc"), all of them for "" and none for "none".
func patternRowsNamed(list string) []patRow {
	all := patternRows()
	switch list {
	case "":
		return all
	case "none":
		return nil
	}
	var out []patRow
	for _, r := range all {
		for _, p := range strings.Split(list, ",") {
			if p != "" && strings.HasPrefix(r.id, p) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// sizeText names a message size: 64 B, 1 KiB, 64 KiB, 1 MiB.
func sizeText(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
