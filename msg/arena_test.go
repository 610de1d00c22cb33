package msg

import "testing"

// BenchmarkGetBodyDry is GetBody for a caller whose bodies never come back (a Send whose peer
// keeps what it receives): the pool stays empty and every body is carved from the arena.
func BenchmarkGetBodyDry(b *testing.B) {
	var a Arena
	b.ReportAllocs()
	for range b.N {
		if body := GetBody(64, &a); len(body) != 64 {
			b.Fatal(len(body))
		}
	}
}

// An arena that found the pool empty dryRun times in a row asks it only once in probeEvery
// calls, and as soon as a probe finds a body it asks every time again.
func TestArenaProbe(t *testing.T) {
	var a Arena
	asked := 0
	for range dryRun + 4*probeEvery {
		if a.probe() {
			asked++
		}
	}
	if want := dryRun + 4; asked != want {
		t.Fatalf("pool asked %d times, want %d", asked, want)
	}
	a.found()
	for i := range dryRun {
		if !a.probe() {
			t.Fatalf("call %d after a hit did not ask the pool", i)
		}
	}
	PutBody(GetBody(100, nil))
	a.dry = probeEvery - 1 // the next call probes
	if b := GetBody(100, &a); cap(b) != 112 || a.dry != 0 {
		t.Fatalf("probe found cap %d, dry %d", cap(b), a.dry)
	}
}
