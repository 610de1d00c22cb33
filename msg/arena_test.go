package msg

import (
	"syscall"
	"testing"
)

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
	// Under the race detector sync.Pool drops a quarter of what it is given, so the body put
	// may be gone; a probe that finds one must reset the count.
	for try := 0; ; try++ {
		PutBody(GetBody(100, nil))
		a.dry = probeEvery - 1 // the next call probes
		b := GetBody(100, &a)
		if cap(b) != 112 {
			t.Fatalf("probe found cap %d", cap(b))
		}
		if a.dry == 0 {
			break
		}
		if try == 20 {
			t.Fatalf("a probe that found a body left dry at %d", a.dry)
		}
	}
}

// A big copy made without zeroing (initFreshCopy) still has its class's capacity, so it goes
// back to its pool like any other body: the allocator's classes for these sizes are ours.
func TestFreshCopyKeepsClass(t *testing.T) {
	for n := carveMax + 1; n < bigMin; n++ {
		if _, size := class(n); size != n {
			continue
		}
		src := make([]byte, n)
		src[0], src[n-1] = 1, 2
		var a Arena
		a.dry = dryRun + 1 // the pool is not asked: the body is allocated
		var m Msg
		m.InitPooledCopy(src, 0, &a)
		b := m.Bytes()
		if cap(b) != n || len(b) != n || b[0] != 1 || b[n-1] != 2 || m.Flags()&Pooled == 0 {
			t.Fatalf("copy of %d bytes: len %d cap %d flags %v", n, len(b), cap(b), m.Flags())
		}
	}
}

// BenchmarkCopyFresh64KiB is a plain Send's copy of a 64 KiB frame whose pool is empty (the
// receiver keeps what it gets): a fresh body, filled.
func BenchmarkCopyFresh64KiB(b *testing.B) {
	src := make([]byte, 64<<10)
	var a Arena
	var m Msg
	b.SetBytes(int64(len(src)))
	var r0, r1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	for range b.N {
		m.InitPooledCopy(src, 0, &a)
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	cpu := r1.Utime.Nano() + r1.Stime.Nano() - r0.Utime.Nano() - r0.Stime.Nano()
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(r1.Minflt-r0.Minflt)/float64(b.N), "faults/op")
}
