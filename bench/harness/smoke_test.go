package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/kdctest"
)

// The smoke tests build every benchmark program once (into a temporary
// directory, not bench/bin) and run each pairing for a few thousand
// messages, through the harness's own runPair and result parsing, so that
// neither the programs nor the harness can rot. `make test` runs them
// (bench.mk adds bench-test to test). They need libzmq3-dev, which
// `make test`'s deps step installs or asks for; a program that does not build
// fails the test rather than skipping it.

var (
	smokeOnce sync.Once
	smokeBin  string
	smokeErr  string
)

// removeSmokeBin deletes the programs built for the smoke tests.
func removeSmokeBin() {
	if smokeBin != "" {
		os.RemoveAll(smokeBin)
	}
}

// smokeMatrix builds the programs (once per test binary) and returns a
// matrix that runs cells with them. It changes to bench/, where the
// harness expects to run.
func smokeMatrix(t *testing.T) *matrix {
	t.Chdir("..")
	smokeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "zr-bench-smoke-")
		if err != nil {
			smokeErr = err.Error()
			return
		}
		smokeBin = dir
		buildAll(dir, ensureLibzmq())
	})
	if smokeErr != "" {
		t.Fatal(smokeErr)
	}
	for _, im := range allImpl {
		if !im.built {
			t.Fatalf("%s did not build: %s", im.name, im.why)
		}
	}
	return &matrix{cfg: config{binDir: smokeBin, timeout: 20 * time.Second}}
}

// smokeCell runs one cell and checks that the receiver saw every message.
func smokeCell(t *testing.T, m *matrix, k kind, p pairing, size, count int) {
	t.Helper()
	s, err := m.sample(k, p, size, count)
	if err != nil {
		t.Fatalf("%s %s %d B x %d: %v", k.name, p.label, size, count, err)
	}
	if s.rate <= 0 || s.elapsed <= 0 || (!k.thr() && s.latUS <= 0) {
		t.Fatalf("%s %s %d B: implausible result %+v", k.name, p.label, size, s)
	}
	if k.thr() && (s.rssKiB <= 0 || s.rssKiB > 4<<20) {
		t.Fatalf("%s %s %d B: receiver's peak RSS %d KiB (peak_rss_kib missing or implausible)", k.name, p.label, size, s.rssKiB)
	}
}

// TestSmoke runs every pairing of the matrix (zreactor, libzmq, both mixed
// directions, pebbe, go-zeromq, raw TCP): throughput with 5,000 small and
// 100 large messages, latency with 200 round trips; then the scale roles
// with a few connections.
func TestSmoke(t *testing.T) {
	m := smokeMatrix(t)
	thr, lat := kinds[0], kinds[1]
	for _, p := range pairings {
		t.Run(p.label, func(t *testing.T) {
			smokeCell(t, m, thr, p, 64, 5000)
			smokeCell(t, m, thr, p, 65536, 100)
			smokeCell(t, m, lat, p, 64, 200)
		})
	}
	for _, im := range scaleImpls {
		t.Run("scale/"+im.name, func(t *testing.T) {
			cfg := m.cfg
			cfg.scaleConns, cfg.scaleCount = 20, 2000
			r, err := scaleOnce(cfg, im)
			if err != nil {
				t.Fatal(err)
			}
			if r.msgsPerS <= 0 || r.connectMS < 0 || r.recvPeakKiB <= 0 {
				t.Fatalf("implausible scale result %+v", r)
			}
		})
	}
}

// TestSmokeCurve runs the CURVE pairings (ZR_CURVE=1: the binding side is
// the CURVE server) with a few thousand messages: zreactor to zreactor,
// libzmq to libzmq, and both mixed directions. The mixed ones prove that
// each zreactor side really speaks CURVE, since libzmq refuses a peer whose
// mechanism differs. It fails, never skips, while zreactor's CURVE is
// missing or broken.
func TestSmokeCurve(t *testing.T) {
	m := smokeMatrix(t)
	k, _ := kindNamed("curve")
	pairs := append(append([]pairing(nil), curvePairings...), pairing{"libzmq->zr-curve", libzmq, zreactor})
	for _, p := range pairs {
		t.Run(p.label, func(t *testing.T) {
			smokeCell(t, m, k, p, 64, 3000)
			smokeCell(t, m, k, p, 16384, 300)
		})
	}
}

// TestSmokeIPC runs the ipc pairings, and libzmq into zreactor, over a
// unix-domain socket with a few thousand messages.
func TestSmokeIPC(t *testing.T) {
	m := smokeMatrix(t)
	k, _ := kindNamed("ipc")
	pairs := append(append([]pairing(nil), ipcPairings...), pairing{"libzmq->zr-ipc", libzmq, zreactor})
	for _, p := range pairs {
		t.Run(p.label, func(t *testing.T) {
			smokeCell(t, m, k, p, 64, 5000)
			smokeCell(t, m, k, p, 65536, 100)
		})
	}
}

// TestCurveKeysInStep checks that the C programs and zr-perf use the same
// fixed CURVE keys, since the mixed pairings need both to agree.
func TestCurveKeysInStep(t *testing.T) {
	c, err := os.ReadFile(filepath.Join("..", "c", "curve.h"))
	if err != nil {
		t.Fatal(err)
	}
	g, err := os.ReadFile(filepath.Join("..", "cmd", "zr-perf", "curve.go"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for line := range strings.Lines(string(c)) {
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != "#define" || !strings.HasPrefix(f[1], "CURVE_") {
			continue
		}
		key, err := strconv.Unquote(f[2])
		if err != nil || len(key) != 40 {
			t.Fatalf("curve.h: %s is %s, want 40 Z85 characters", f[1], f[2])
		}
		if !strings.Contains(string(g), strconv.Quote(key)) {
			t.Errorf("zr-perf/curve.go lacks %s = %q", f[1], key)
		}
		n++
	}
	if n != 4 {
		t.Fatalf("curve.h defines %d keys, want 4", n)
	}
}

// TestSmokeGSSAPI runs the GSSAPI pairings (ZR_GSSAPI=1, encrypted; throughput and latency) against a
// private KDC with a few thousand messages, both mixed directions included:
// libzmq refuses a peer whose mechanism differs, so they prove each zreactor
// side speaks GSSAPI. It skips without MIT's KDC binaries.
func TestSmokeGSSAPI(t *testing.T) {
	if err := kdctest.Available(); err != nil {
		t.Skip(err)
	}
	m := smokeMatrix(t)
	stop, err := startKDC()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	k, _ := kindNamed("gssapi")
	lat, _ := kindNamed("gssapilat")
	pairs := append(append([]pairing(nil), gssapiPairings...), pairing{"libzmq->zr-gssapi", libzmq, zreactor})
	for _, p := range pairs {
		t.Run(p.label, func(t *testing.T) {
			smokeCell(t, m, k, p, 64, 3000)
			smokeCell(t, m, k, p, 16384, 300)
			smokeCell(t, m, lat, p, 64, 200)
		})
	}
}

// TestSmokePatterns runs every row of the patterns section once per implementation with a
// few messages (every pattern program with each of its switches), and the inproc, TCP, ROUTER
// and fan-out rows once more with 64 KiB frames.
func TestSmokePatterns(t *testing.T) {
	m := smokeMatrix(t)
	for _, r := range patternRows() {
		for _, im := range patImpls {
			t.Run(r.id+"/"+im.short, func(t *testing.T) {
				count := 2000
				if strings.Contains(r.id, "rr-") {
					count = 4 * r.n
				}
				sizes := map[int]int{64: count}
				if strings.HasSuffix(r.id, "-msg") && !strings.Contains(r.id, "io2") {
					sizes[65536] = max(count/20, r.n)
				}
				for size, n := range sizes {
					s, err := m.patSample(r, im, size, n)
					if err != nil {
						t.Fatalf("%d B x %d: %v", size, n, err)
					}
					if s.rate <= 0 || s.elapsed <= 0 || s.cpuNS < 0 || s.rssKiB <= 0 {
						t.Fatalf("%d B: implausible result %+v", size, s)
					}
					if strings.HasPrefix(r.id, "pub-") && (s.delivered <= 0 || s.delivered > 1) {
						t.Fatalf("%d B: delivered share %v", size, s.delivered)
					}
				}
			})
		}
	}
}
