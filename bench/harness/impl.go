package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// impl is one implementation under test and how to start its roles.
type impl struct {
	name  string
	short string
	bin   func(binDir, role string) []string
	built bool
	why   string // why it is not built
	// baseline: a -baseline program, zreactor built from another commit or run otherwise.
	baseline bool
}

// pairing is one column of the matrix: sender -> receiver.
type pairing struct {
	label      string
	send, recv *impl
}

func (p pairing) ok() bool { return p.send.built && p.recv.built }

func goImpl(name, short, prog string) *impl {
	return &impl{name: name, short: short, bin: func(dir, role string) []string {
		return []string{filepath.Join(dir, prog), role}
	}}
}

var (
	zreactor = goImpl("zreactor", "zr", "zr-perf")
	libzmq   = &impl{name: "libzmq", short: "libzmq", bin: func(dir, role string) []string {
		return []string{filepath.Join(dir, "libzmq", role)}
	}}
	pebbe   = goImpl("pebbe/zmq4", "pebbe", "pebbe-perf")
	gozmq   = goImpl("go-zeromq/zmq4", "go-zeromq", "gozmq-perf")
	rawTCP  = goImpl("raw TCP", "raw-tcp", "raw-perf")
	allImpl = []*impl{zreactor, libzmq, pebbe, gozmq, rawTCP}
)

// pairings are the matrix columns, in display order. The ratio column
// divides the "zreactor" column by the "libzmq" one.
var pairings = []pairing{
	{"zreactor", zreactor, zreactor},
	{"libzmq", libzmq, libzmq},
	{"zr->libzmq", zreactor, libzmq},
	{"libzmq->zr", libzmq, zreactor},
	{"pebbe", pebbe, pebbe},
	{"go-zeromq", gozmq, gozmq},
	{"raw-tcp", rawTCP, rawTCP},
}

// curvePairings are the columns of the CURVE throughput section: both
// processes in CURVE mode (the receiver is the server). Its ratio column
// divides zreactor-curve by libzmq-curve. The mixed pairing doubles as an
// interop check of zreactor's CURVE client against libzmq's server.
var curvePairings = []pairing{
	{"zreactor-curve", zreactor, zreactor},
	{"libzmq-curve", libzmq, libzmq},
	{"zr->libzmq-curve", zreactor, libzmq},
}

// gssapiPairings are the columns of the GSSAPI section, built like the CURVE
// one: the mixed pairing checks zreactor's client against libzmq's server.
var gssapiPairings = []pairing{
	{"zreactor-gssapi", zreactor, zreactor},
	{"libzmq-gssapi", libzmq, libzmq},
	{"zr->libzmq-gssapi", zreactor, libzmq},
}

// ipcPairings are the columns of the ipc throughput section: PUSH -> PULL
// over a unix-domain socket. Its ratio column divides zreactor-ipc by
// libzmq-ipc; the mixed pairing is an interop check too.
var ipcPairings = []pairing{
	{"zreactor-ipc", zreactor, zreactor},
	{"libzmq-ipc", libzmq, libzmq},
	{"zr->libzmq-ipc", zreactor, libzmq},
}

// ratioLabels names the two columns a kind's zr/libzmq ratio divides.
func ratioLabels(k kind) (zr, lz string) {
	switch {
	case k.curve:
		return "zreactor-curve", "libzmq-curve"
	case k.ipc:
		return "zreactor-ipc", "libzmq-ipc"
	case k.gssapi:
		return "zreactor-gssapi", "libzmq-gssapi"
	}
	return "zreactor", "libzmq"
}

// scaleImpls take part in the connection-scale run.
var scaleImpls = []*impl{zreactor, libzmq}

// addBaselines adds, right after zreactor's own column of the main sections, a pairing for
// each zr-perf program of the -baseline flag: "path" (labelled zr-baseline) or
// "label=path,label=path" (a program built from another commit, or a script that runs one
// with other settings), so that a change is measured before and after in one run, its cells
// interleaved like the others'. They are never part of a ratio.
func addBaselines(spec string) {
	at := slices.IndexFunc(pairings, func(p pairing) bool { return p.label == "zreactor" }) + 1
	for _, item := range strings.Split(spec, ",") {
		label, path, ok := strings.Cut(item, "=")
		if !ok {
			label, path = "zr-baseline", item
		}
		abs, err := filepath.Abs(path)
		if err == nil {
			_, err = os.Stat(abs)
		}
		if err != nil {
			fatalf("-baseline %s: %v", label, err)
		}
		b := &impl{name: "zreactor " + label, short: label, built: true, baseline: true,
			bin: func(_, role string) []string { return []string{abs, role} }}
		pairings = slices.Insert(pairings, at, pairing{label, b, b})
		at++
	}
}

// addBaselineLabel adds a -baseline pairing met in a run's results (harness -aggregate),
// after zreactor's column and the baselines already added, in the order met.
func addBaselineLabel(label string) {
	at := slices.IndexFunc(pairings, func(p pairing) bool { return p.label == "zreactor" }) + 1
	for at < len(pairings) && pairings[at].send.baseline {
		at++
	}
	b := &impl{name: "zreactor " + label, short: label, built: true, baseline: true}
	pairings = slices.Insert(pairings, at, pairing{label, b, b})
}
