package pipe

import (
	"testing"
	"time"
)

// queues returns a fresh instance of each Queue implementation.
func queues() map[string]func() Queue[int] {
	return map[string]func() Queue[int]{
		"ypipe":    func() Queue[int] { return NewYPipe[int]() },
		"conflate": func() Queue[int] { return NewConflate[int]() },
	}
}

func TestQueueAsleepHandshake(t *testing.T) {
	for name, mk := range queues() {
		t.Run(name, func(t *testing.T) {
			q := mk()
			if !q.Flush() {
				t.Fatal("Flush with nothing written reported a sleeping reader")
			}
			put(q, 1, false)
			if !q.Flush() {
				t.Fatal("reader never checked, yet Flush reported it asleep")
			}
			mustRead(t, q, 1)
			if q.CheckRead() {
				t.Fatal("CheckRead on a drained queue")
			}
			if q.CheckRead() {
				t.Fatal("second CheckRead on a drained queue")
			}
			put(q, 2, false)
			if q.Flush() {
				t.Fatal("reader slept but Flush did not say so")
			}
			put(q, 3, false)
			if !q.Flush() {
				t.Fatal("reader already woken, yet Flush asked for another wake-up")
			}
			if name == "ypipe" {
				mustRead(t, q, 2)
			}
			mustRead(t, q, 3)
			if _, ok := take(q); ok {
				t.Fatal("read past the end")
			}
		})
	}
}

func mustRead(t *testing.T, q Queue[int], want int) {
	t.Helper()
	v, ok := take(q)
	if !ok || v != want {
		t.Fatalf("Read = %d, %v; want %d, true", v, ok, want)
	}
}

func TestQueueIncompleteInvisibleAndUnwrite(t *testing.T) {
	for name, mk := range queues() {
		t.Run(name, func(t *testing.T) {
			q := mk()
			put(q, 1, false)
			put(q, 2, true)
			put(q, 3, true)
			q.Flush()
			mustRead(t, q, 1)
			if q.CheckRead() {
				t.Fatal("incomplete message visible after Flush")
			}
			for _, want := range []int{3, 2} {
				if v, ok := unput(q); !ok || v != want {
					t.Fatalf("Unwrite = %d, %v; want %d", v, ok, want)
				}
			}
			if _, ok := unput(q); ok {
				t.Fatal("Unwrite took back a complete message")
			}
			put(q, 4, true)
			put(q, 5, false)
			if q.Flush() {
				t.Fatal("reader slept on the incomplete message but Flush did not say so")
			}
			mustRead(t, q, 4)
			mustRead(t, q, 5)
		})
	}
}

// Unwrite must step back over chunk boundaries and leave the queue usable.
func TestYPipeUnwriteAcrossChunks(t *testing.T) {
	q := NewYPipe[int]()
	for i := range chunkSize - 3 {
		put(q, i, false)
	}
	for i := range 10 {
		put(q, 1000+i, true)
	}
	for i := 9; i >= 0; i-- {
		if v, ok := unput(q); !ok || v != 1000+i {
			t.Fatalf("Unwrite = %d, %v; want %d", v, ok, 1000+i)
		}
	}
	for i := chunkSize - 3; i < 3*chunkSize; i++ {
		put(q, i, false)
	}
	q.Flush()
	for i := range 3 * chunkSize {
		mustRead(t, q, i)
	}
	if q.CheckRead() {
		t.Fatal("items left over")
	}
}

func TestConflateKeepsNewest(t *testing.T) {
	q := NewConflate[int]()
	for i := range 5 {
		put(q, 10*i, true)
		put(q, 10*i+1, false)
		q.Flush()
	}
	mustRead(t, q, 40)
	// A newer message waits while the reader is inside the current one.
	put(q, 50, true)
	put(q, 51, false)
	q.Flush()
	put(q, 60, true)
	put(q, 61, false)
	q.Flush()
	mustRead(t, q, 41)
	mustRead(t, q, 60)
	mustRead(t, q, 61)
	// A complete but unflushed message is superseded by the next one.
	put(q, 70, false)
	put(q, 80, false)
	q.Flush()
	mustRead(t, q, 80)
	if q.CheckRead() {
		t.Fatal("more than the newest message")
	}
}

// spscStress runs n items of groups of three (two incomplete, one complete) from a writer
// goroutine to this one, the reader parking on a channel when the queue is empty. It checks
// order, completeness of every visible group, and that wake-ups match sleeps exactly.
func spscStress(t *testing.T, q Queue[int], n int, conflate bool) {
	wake := make(chan struct{}, 1)
	wakes := 0
	go func() {
		for i := range n {
			put(q, i, i%3 != 2)
			if i%3 == 2 && (i/3)%16 == 0 || i == n-1 {
				if !q.Flush() {
					wakes++
					wake <- struct{}{}
				}
			}
		}
		close(wake)
	}()
	sleeps, last := 0, -1
	deadline := time.After(20 * time.Second)
	for last != n-1 {
		v, ok := take(q)
		if !ok {
			sleeps++
			select {
			case _, open := <-wake:
				if !open {
					wake = nil // writer done: its last Flush must have published n-1
				}
			case <-deadline:
				t.Fatalf("stuck at %d", last)
			}
			continue
		}
		if !conflate && v != last+1 || conflate && v <= last {
			t.Fatalf("read %d after %d", v, last)
		}
		if v%3 != 2 && !q.CheckRead() {
			t.Fatalf("group of %d visible before its last item", v)
		}
		if conflate && v%3 != 0 && v != last+1 {
			t.Fatalf("conflate split a message: %d after %d", v, last)
		}
		last = v
	}
	for range wake {
	}
	if wakes != sleeps && !(wake == nil && sleeps == wakes+1) {
		t.Fatalf("%d sleeps but %d wake-ups", sleeps, wakes)
	}
}

func TestYPipeSPSCStress(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	spscStress(t, NewYPipe[int](), n-n%3, false)
}

func TestConflateSPSCStress(t *testing.T) {
	spscStress(t, NewConflate[int](), 300_000, true)
}

// Chunks grow from firstChunkSize to chunkSize: unwriting must step back over every kind of
// boundary, from any starting point, and leave the order intact.
func TestYPipeUnwriteAcrossGrowingChunks(t *testing.T) {
	for start := 0; start < 2*chunkSize+firstChunkSize; start++ {
		q := NewYPipe[int]()
		for i := range start {
			put(q, i, false)
		}
		for i := range 7 {
			put(q, -1-i, true)
		}
		for range 7 {
			if _, ok := unput(q); !ok {
				t.Fatalf("start %d: Unwrite refused", start)
			}
		}
		for i := start; i < start+chunkSize; i++ {
			put(q, i, false)
		}
		q.Flush()
		for i := range start + chunkSize {
			mustRead(t, q, i)
		}
		if q.CheckRead() {
			t.Fatalf("start %d: items left over", start)
		}
	}
}

// put, take and unput are Write, Read and Unwrite with values, for tests over ints.
func put(q Queue[int], v int, incomplete bool) { q.Write(&v, incomplete) }

func take(q Queue[int]) (int, bool) {
	var v int
	ok := q.Read(&v)
	return v, ok
}

func unput(q Queue[int]) (int, bool) {
	var v int
	ok := q.Unwrite(&v)
	return v, ok
}
