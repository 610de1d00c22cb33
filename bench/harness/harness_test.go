package main

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(cleanupM{m}) }

// cleanupM removes what the smoke tests built once every test has run.
type cleanupM struct{ *testing.M }

func (c cleanupM) Run() int {
	defer removeSmokeBin()
	return c.M.Run()
}

func TestParseKV(t *testing.T) {
	m := parseKV("role=local_thr size=64 count=10 elapsed_ns=5 junk")
	if m["role"] != "local_thr" || m["elapsed_ns"] != "5" || len(m) != 4 {
		t.Fatalf("%v", m)
	}
}

func TestMedian(t *testing.T) {
	ss := []sample{{rate: 3}, {rate: 1}, {rate: 2}}
	if v := median(ss, func(s sample) float64 { return s.rate }); v != 2 {
		t.Fatalf("odd median %v", v)
	}
	if v := median(ss[:2], func(s sample) float64 { return s.rate }); v != 2 {
		t.Fatalf("even median %v", v)
	}
	if !math.IsNaN(median(nil, func(s sample) float64 { return s.rate })) {
		t.Fatal("empty median not NaN")
	}
}

// TestEstimatorErrsShort checks that extrapolating to a larger size never
// asks for more messages than the smaller size ran.
func TestEstimatorErrsShort(t *testing.T) {
	e := estimator{rate: map[cellKey]float64{}, last: map[[2]string]point{}}
	k := kinds[0]
	e.learn(k, "x", 1, 1e8)
	small := e.count(k, "x", 1, 0.5)
	big := e.count(k, "x", 65536, 0.5)
	if small != 5e7 || big >= small || big < 50 {
		t.Fatalf("counts %d then %d", small, big)
	}
	if n := e.count(k, "fresh", 1<<20, 0.5); n < 50 || n > 1000 {
		t.Fatalf("first guess for 1 MiB: %d", n)
	}
}

func TestFormatting(t *testing.T) {
	for v, want := range map[float64]string{3.1234e6: "3.12M", 845e3: "845.0k", 12: "12", 2.5e9: "2.50G"} {
		if got := fmtRate(v); got != want {
			t.Errorf("fmtRate(%v) = %q, want %q", v, got, want)
		}
	}
	rows := [][]string{{"size", "a"}, {"1", "10"}}
	if got := text(rows); !strings.Contains(got, "size   a\n") || !strings.Contains(got, "1     10\n") {
		t.Errorf("text table:\n%s", got)
	}
	if got := markdown(rows); got != "| size | a |\n|---|--:|\n| 1 | 10 |\n" {
		t.Errorf("markdown table:\n%s", got)
	}
}

func TestWritePNG(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.png")
	s := []series{{name: "a", col: colors["libzmq"], pts: [][2]float64{{1, 10}, {1024, 1e6}}}, {name: "none"}}
	if err := writePNG(path, "title", []panel{{"t", "x", "y", s}, {"empty", "x", "y", nil}}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 2*panelW || b.Dy() != titleH+panelH+legendH {
		t.Fatalf("bounds %v", b)
	}
}

// -baseline pairings sit right after zreactor's column, in the order given, and run the
// program named.
func TestAddBaselines(t *testing.T) {
	defer func(p []pairing) { pairings = p }(pairings)
	pairings = []pairing{{"zreactor", zreactor, zreactor}, {"libzmq", libzmq, libzmq}}
	addBaselines("old=/bin/true,raise=/bin/echo")
	var labels []string
	for _, p := range pairings {
		labels = append(labels, p.label)
	}
	if got := strings.Join(labels, ","); got != "zreactor,old,raise,libzmq" {
		t.Fatalf("pairings %s", got)
	}
	if argv := pairings[2].send.bin("bin", "local_thr"); argv[0] != "/bin/echo" || argv[1] != "local_thr" {
		t.Fatalf("argv %q", argv)
	}
}
