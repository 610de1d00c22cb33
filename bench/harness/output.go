package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// machineInfo describes where the numbers come from.
func machineInfo() []string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for l := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return []string{
		"date: " + time.Now().UTC().Format(time.RFC3339),
		fmt.Sprintf("machine: %s, %d CPUs, Linux %s, %s", cpu, runtime.NumCPU(), strings.TrimSpace(string(kernel)), runtime.Version()),
		"libzmq: " + libzmqVersion() + "; " + modVersions(),
	}
}

func libzmqVersion() string {
	b, err := os.ReadFile(zmqHeader)
	if err != nil {
		return "not installed"
	}
	v := map[string]string{}
	for l := range strings.Lines(string(b)) {
		f := strings.Fields(l)
		if len(f) == 3 && f[0] == "#define" && strings.HasPrefix(f[1], "ZMQ_VERSION_") {
			v[f[1]] = f[2]
		}
	}
	return v["ZMQ_VERSION_MAJOR"] + "." + v["ZMQ_VERSION_MINOR"] + "." + v["ZMQ_VERSION_PATCH"]
}

func modVersions() string {
	b, _ := os.ReadFile("go.mod")
	var out []string
	for l := range strings.Lines(string(b)) {
		f := strings.Fields(l)
		if len(f) >= 2 && (f[0] == "github.com/pebbe/zmq4" || f[0] == "github.com/go-zeromq/zmq4") {
			out = append(out, f[0]+" "+f[1])
		}
	}
	return strings.Join(out, ", ")
}

// writeCSV writes one row per matrix cell with every sample.
func (m *matrix) writeCSV(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"kind", "size", "pairing", "sender", "receiver", "status", "runs", "failed",
		"msgs_per_s", "mb_per_s", "latency_us", "recv_peak_rss_kib", "counts", "samples"})
	for _, k := range kinds {
		for _, size := range m.sizesOf(k) {
			for _, p := range m.pairsOf(k) {
				c := m.cell(cellKey{k.name, p.label, size})
				w.Write(m.csvRow(k, p, size, c))
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (m *matrix) csvRow(k kind, p pairing, size int, c *cell) []string {
	status := "ok"
	switch {
	case c.na:
		status = "n/a"
	case len(c.samples) == 0:
		status = "failed"
	}
	rate := median(c.samples, func(s sample) float64 { return s.rate })
	lat := median(c.samples, func(s sample) float64 { return s.latUS })
	rss := median(c.samples, func(s sample) float64 { return float64(s.rssKiB) })
	var counts, vals []string
	for _, s := range c.samples {
		counts = append(counts, fmt.Sprint(s.count))
		if k.thr() {
			vals = append(vals, fmt.Sprintf("%.0f", s.rate))
		} else {
			vals = append(vals, fmt.Sprintf("%.3f", s.latUS))
		}
	}
	mb, latS := "", ""
	rateS := ""
	if k.thr() && len(c.samples) > 0 {
		rateS, mb = fmt.Sprintf("%.0f", rate), fmt.Sprintf("%.3f", rate*float64(size)/1e6)
	}
	if !k.thr() && len(c.samples) > 0 {
		latS = fmt.Sprintf("%.3f", lat)
	}
	rssS := ""
	if len(c.samples) > 0 {
		rssS = fmt.Sprintf("%.0f", rss)
	}
	return []string{k.name, fmt.Sprint(size), p.label, p.send.name, p.recv.name, status,
		fmt.Sprint(len(c.samples)), fmt.Sprint(c.failed), rateS, mb, latS, rssS,
		strings.Join(counts, ";"), strings.Join(vals, ";")}
}

const gssapiNote = "PUSH->PULL as above with both processes in GSSAPI mode (`ZR_GSSAPI=1`: the binding PULL is the GSSAPI server, " +
	"Kerberos from a private MIT KDC the harness starts, encrypted: every frame is an RFC 4121 wrap token of AES256-SHA1). " +
	"zr/libzmq divides zreactor-gssapi by libzmq-gssapi; zr->libzmq-gssapi is zreactor's client against libzmq's server.\n\n"

const curveNote = "PUSH->PULL as above with both processes in CURVE mode (`ZR_CURVE=1`: the binding PULL is the CURVE server, " +
	"fixed test keys, no ZAP handler), so every frame is boxed and unboxed. zr/libzmq divides zreactor-curve by libzmq-curve; " +
	"zr->libzmq-curve is zreactor's client against libzmq's server.\n\n"

const gssapiLatNote = "REQ/REP latency as above with both processes in GSSAPI mode, encrypted (`ZR_GSSAPI=1`: the binding REP is the server); " +
	"zr/libzmq divides zreactor-gssapi by libzmq-gssapi.\n\n"

// kindNotes explain a section once, above its first table.
var kindNotes = map[string]string{"curve": curveNote, "ipc": ipcNote, "gssapi": gssapiNote, "gssapilat": gssapiLatNote}

const ipcNote = "PUSH->PULL as above over a unix-domain socket (`ipc://` on a path in a fresh temporary directory) instead of loopback TCP, " +
	"with both receivers at RCVHWM 0 (`ZR_RCVHWM=0`): libzmq 4.3 loses the frames still in its receive buffer when a unix-domain sender " +
	"closes while the receiving pipe is full, which would cut runs short. " +
	"zr/libzmq divides zreactor-ipc by libzmq-ipc; zr->libzmq-ipc is zreactor's PUSH into libzmq's PULL.\n\n"

// writeMarkdown writes the whole report.
func (m *matrix) writeMarkdown(path string, sc map[string]*scaleCell, head, notes []string) error {
	var b strings.Builder
	b.WriteString("# zreactor benchmark results\n\n")
	for _, l := range head {
		b.WriteString("- " + l + "\n")
	}
	for _, n := range notes {
		b.WriteString("- " + n + "\n")
	}
	b.WriteString("\nPairings read sender->receiver (PUSH->PULL for throughput, REQ->REP for latency). " +
		"Each cell is the median of its runs; `*` marks a cell where some runs failed, `FAIL` one where all did, " +
		"`n/a` a program that was not built. zr/libzmq divides the zreactor column by the libzmq one.\n\n")
	b.WriteString("![throughput](throughput.png)\n\n![latency](latency.png)\n\n")
	noted := map[string]bool{}
	for _, mt := range metrics {
		if !m.shown(mt) {
			continue
		}
		b.WriteString("## " + mt.title + "\n\n")
		if note := kindNotes[mt.kind]; note != "" && !noted[mt.kind] {
			b.WriteString(note)
			noted[mt.kind] = true
		}
		b.WriteString(markdown(m.table(mt)) + "\n")
	}
	if len(m.patRows) > 0 {
		b.WriteString(m.patternsMarkdown())
	}
	if sc != nil {
		fmt.Fprintf(&b, "## Connection scale: %d PUSH sockets -> 1 PULL over TCP\n\n", m.cfg.scaleConns)
		b.WriteString(markdown(m.scaleTable(sc)))
		b.WriteString("\nall connected: from the first PUSH socket created to the PULL holding a hello from every one. " +
			"msg/s: 64-byte messages sent round robin over all connections, first to last at the PULL. " +
			"PULL RSS/conn: its RSS growth while the connections came up; PUSH RSS/conn: the whole PUSH process over the count.\n\n")
	}
	if errs := m.failures(sc); len(errs) > 0 {
		b.WriteString("## Failed runs\n\n")
		for _, e := range errs {
			b.WriteString("- " + strings.ReplaceAll(e, "\n", " ") + "\n")
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func (m *matrix) failures(sc map[string]*scaleCell) []string {
	var out []string
	for _, k := range kinds {
		for _, size := range m.sizesOf(k) {
			for _, p := range m.pairsOf(k) {
				for _, e := range m.cell(cellKey{k.name, p.label, size}).errs {
					out = append(out, fmt.Sprintf("%s %d B %s: %s", k.name, size, p.label, e))
				}
			}
		}
	}
	for _, size := range m.cfg.patSizes {
		for _, r := range m.patRows {
			for _, im := range patImpls {
				for _, e := range m.cell(cellKey{"pat:" + r.id, im.short, size}).errs {
					out = append(out, fmt.Sprintf("pattern %s %d B %s: %s", r.id, size, im.short, e))
				}
			}
		}
	}
	for _, im := range scaleImpls {
		if c := sc[im.name]; c != nil {
			for _, e := range c.errs {
				out = append(out, fmt.Sprintf("scale %s: %s", im.name, e))
			}
		}
	}
	return out
}

func writeScaleCSV(path string, sc map[string]*scaleCell) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"library", "run", "connect_ms", "msgs_per_s", "pull_rss_kib_per_conn", "push_rss_kib_per_conn", "pull_peak_rss_kib"})
	for _, im := range scaleImpls {
		c := sc[im.name]
		if c == nil {
			continue
		}
		for i, r := range c.runs {
			w.Write([]string{im.name, fmt.Sprint(i + 1), fmt.Sprintf("%.1f", r.connectMS), fmt.Sprintf("%.0f", r.msgsPerS),
				fmt.Sprintf("%.2f", r.pullKiBPer), fmt.Sprintf("%.2f", r.pushKiBPer), fmt.Sprint(r.recvPeakKiB)})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func resultsPath(dir, name string) string { return filepath.Join(dir, name) }

// writeCSVRows writes rows, header first, as a CSV file.
func writeCSVRows(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// patternsMarkdown is the patterns section of results.md.
func (m *matrix) patternsMarkdown() string {
	var b strings.Builder
	b.WriteString("## Patterns\n\n")
	b.WriteString("Each pattern run by zreactor (`zr-perf`'s pattern roles) and by libzmq (the C programs of the same names " +
		"in `bench/c`), both sides of a run the same library. A cell reads zreactor / libzmq (zreactor's rate over libzmq's), " +
		"each the median of its runs. " + apiNote + " Round trips/s count the round trips of all clients together; " +
		"msg/s per SUB is the mean of the subscribers' rates, counting the messages that reached them (a PUB drops what " +
		"a full pipe cannot take: `patterns.csv` has the delivered share, and every cell's CPU time per message).\n\n")
	b.WriteString("![patterns](patterns.png)\n\n")
	b.WriteString(markdown(m.patTable()) + "\n")
	return b.String()
}
