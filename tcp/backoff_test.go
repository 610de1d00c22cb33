package tcp

import (
	"testing"
	"time"
)

const ms = time.Millisecond

func TestBackoffGrowsToMax(t *testing.T) {
	b := Backoff{Ivl: 100 * ms, IvlMax: 800 * ms}
	for k := range 20 {
		d, ok := b.Next()
		if !ok {
			t.Fatal("enabled backoff said no")
		}
		c := min(100*ms<<k, 800*ms)
		if d < c || d >= c+100*ms {
			t.Errorf("interval %d = %v, want in [%v, %v)", k, d, c, c+100*ms)
		}
	}
}

func TestBackoffExactSequence(t *testing.T) {
	// With the jitter pinned to IVL/2, 4.3.4's sequence is cur + 50ms with
	// cur = 100, 200, 400, then capped at 500.
	b := Backoff{Ivl: 100 * ms, IvlMax: 500 * ms, Rand: func(n int64) int64 { return n / 2 }}
	want := []time.Duration{150, 250, 450, 550, 550, 550}
	for i, w := range want {
		if d, _ := b.Next(); d != w*ms {
			t.Errorf("step %d = %v, want %v", i, d, w*ms)
		}
	}
}

func TestBackoffNoGrowthWithoutMax(t *testing.T) {
	for _, max := range []time.Duration{0, 50 * ms, 100 * ms} {
		b := Backoff{Ivl: 100 * ms, IvlMax: max}
		for range 50 {
			if d, _ := b.Next(); d < 100*ms || d >= 200*ms {
				t.Fatalf("IvlMax %v: interval %v outside [100ms, 200ms)", max, d)
			}
		}
	}
}

func TestBackoffJitterSpreads(t *testing.T) {
	b := Backoff{Ivl: 100 * ms}
	seen := map[time.Duration]bool{}
	for range 200 {
		d, _ := b.Next()
		seen[d/(10*ms)] = true
	}
	if len(seen) < 5 {
		t.Errorf("jitter covered only %d of 10 buckets in 200 draws", len(seen))
	}
}

func TestBackoffReset(t *testing.T) {
	b := Backoff{Ivl: 10 * ms, IvlMax: 1000 * ms, Rand: func(int64) int64 { return 0 }}
	for range 5 {
		b.Next()
	}
	b.Reset()
	if d, _ := b.Next(); d != 10*ms {
		t.Errorf("after Reset: %v, want 10ms", d)
	}
}

func TestBackoffDisabled(t *testing.T) {
	for _, ivl := range []time.Duration{0, -1, -100 * ms} {
		b := Backoff{Ivl: ivl, IvlMax: time.Second}
		if b.Enabled() {
			t.Errorf("Ivl %v: enabled", ivl)
		}
		if d, ok := b.Next(); ok || d != 0 {
			t.Errorf("Ivl %v: Next = %v, %v", ivl, d, ok)
		}
	}
	var zero Backoff
	if _, ok := zero.Next(); ok {
		t.Error("zero Backoff reconnects")
	}
}

func TestBackoffSaturates(t *testing.T) {
	huge := time.Duration(1<<62 + 1<<61)
	b := Backoff{Ivl: huge, IvlMax: time.Duration(1<<63 - 1), Rand: func(n int64) int64 { return n - 1 }}
	for range 4 {
		if d, _ := b.Next(); d < huge {
			t.Fatalf("overflowed to %v", d)
		}
	}
}
