package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAggregate writes the CSV files of three fake runs and checks the aggregate: medians over
// the runs with their spread, a ratio that holds in every run quoted as such, one that flips
// between runs read as mixed.
func TestAggregate(t *testing.T) {
	saved, savedPairs, savedCurve := kinds, pairings, curvePairings
	t.Cleanup(func() { kinds, pairings, curvePairings = saved, savedPairs, savedCurve })
	root := t.TempDir()
	var dirs []string
	// zreactor's 64 B rate is ahead in every run; at 1 KiB it is behind in one run.
	zr64, lz64 := []string{"300", "200", "250"}, []string{"100", "100", "110"}
	zr1k, lz1k := []string{"90", "120", "100"}, []string{"100", "100", "100"}
	for i := range 3 {
		d := filepath.Join(root, "run-"+string(rune('1'+i)))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		res := "kind,size,pairing,sender,receiver,status,runs,failed,msgs_per_s,mb_per_s,latency_us,recv_peak_rss_kib,counts,samples\n" +
			"thr,64,zreactor,zreactor,zreactor,ok,3,0," + zr64[i] + ",,,6000,1,1\n" +
			"thr,64,libzmq,libzmq,libzmq,ok,3,0," + lz64[i] + ",,,6000,1,1\n" +
			"thr,1024,zreactor,zreactor,zreactor,ok,3,0," + zr1k[i] + ",,,6000,1,1\n" +
			"thr,1024,libzmq,libzmq,libzmq,ok,3,0," + lz1k[i] + ",,,6000,1,1\n"
		pat := "row,pattern,setting,api,unit,size,impl,status,runs,failed,msgs_per_s,cpu_ns_per_msg,delivered,peak_rss_kib,counts,samples\n" +
			"inproc-msg,inproc,two threads,Msg,msg/s,64,zreactor,ok,3,0," + zr64[i] + ",100,,6000,1,1\n" +
			"inproc-msg,inproc,two threads,Msg,msg/s,64,libzmq,ok,3,0," + lz64[i] + ",100,,6000,1,1\n"
		md := "# x\n\n- date: 2026-12-0" + string(rune('1'+i)) + "\n- machine noise: quiet\n"
		for name, body := range map[string]string{"results.csv": res, "patterns.csv": pat, "results.md": md} {
			if err := os.WriteFile(filepath.Join(d, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		dirs = append(dirs, d)
	}
	out := filepath.Join(root, "agg")
	if err := aggregate(dirs, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "headline.md"))
	if err != nil {
		t.Fatal(err)
	}
	h := string(b)
	for _, want := range []string{
		"| 64 B | throughput msg/s | 250 [200-300] | 100 [100-110] | 2.27x [2.00x-3.00x] |",
		"| 1 KiB | throughput msg/s | 100 [90-120] | 100 [100-100] | mixed [0.90x-1.20x] |",
		"| inproc PUSH -> PULL, one process | two threads | Msg | 64 B | 250 [200-300] | 100 [100-110] | 2.27x [2.00x-3.00x] |",
		"date: 2026-12-02",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("headline.md lacks %q:\n%s", want, h)
		}
	}
	md, err := os.ReadFile(filepath.Join(out, "results.md"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(md), "| FAIL") || strings.Contains(string(md), "pebbe |") {
		t.Errorf("results.md shows pairings that were not run:\n%s", md)
	}
}

// A -baseline pairing met in the runs' results joins the main sections after zreactor, in the
// order met.
func TestAggregateBaselineAndSections(t *testing.T) {
	defer func(p []pairing) { pairings = p }(pairings)
	pairings = []pairing{{"zreactor", zreactor, zreactor}, {"libzmq", libzmq, libzmq}}
	addBaselineLabel("old")
	addBaselineLabel("raise")
	var labels []string
	for _, p := range pairings {
		labels = append(labels, p.label)
	}
	if got := strings.Join(labels, ","); got != "zreactor,old,raise,libzmq" {
		t.Fatalf("pairings %s", got)
	}
}
