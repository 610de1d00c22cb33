package msg

import (
	"runtime"
	"sync/atomic"
	"testing"
	"unsafe"
)

// A big body freed on one P is the next one taken on another: nothing is stranded in a per-P
// slot (with sync.Pool the application's frees stayed on its P, out of the I/O thread's
// reach).
func TestBigBodyCrossesThreads(t *testing.T) {
	const n = 1 << 20
	for TryGetBody(n) != nil { // start from an empty list
	}
	b := GetBody(n, nil)
	want := unsafe.SliceData(b)
	// This goroutine keeps its P busy while another frees the body, so the free happens on a
	// different P (given two), as the application's does relative to the I/O thread.
	var done atomic.Bool
	go func() {
		PutBody(b)
		done.Store(true)
	}()
	for !done.Load() {
		if runtime.GOMAXPROCS(0) == 1 {
			runtime.Gosched()
		}
	}
	got := TryGetBody(n)
	if got == nil || unsafe.SliceData(got) != want {
		t.Fatal("a big body freed on another thread was not handed back")
	}
	if len(got) != n || cap(got) != n {
		t.Fatalf("len %d cap %d", len(got), cap(got))
	}
	PutBody(got)
}

// A big body no Get took since the last trim goes back to the OS at the next one: within
// two trims of its last use. One taken meanwhile stays.
func TestIdleBigBodiesTrimmed(t *testing.T) {
	const n = 300 << 10
	trimMu.Lock() // the timer's trims wait: this test decides when they happen
	defer trimMu.Unlock()
	for TryGetBody(n) != nil {
	}
	trimLocked()
	b := GetBody(n, nil)
	PutBody(b)
	trimLocked() // b came after the last trim: kept
	if bigListLen(n) != 1 {
		t.Fatal("a body put since the last trim was trimmed")
	}
	PutBody(GetBody(n, nil)) // in use
	trimLocked()
	if bigListLen(n) != 1 {
		t.Fatal("a body in use was trimmed")
	}
	trimLocked() // idle since the last trim
	if bigListLen(n) != 0 {
		t.Fatal("an idle body outlived two trims")
	}
	if missing := unmapped(t, b[:cap(b)]); missing != cap(b)/pageSize {
		t.Fatalf("%d of the %d pages of a trimmed body still resident", cap(b)/pageSize-missing, cap(b)/pageSize)
	}
}

// The free lists keep at most bigPoolMax bytes; what does not fit goes back to the OS. A list
// always keeps one body, so a stream of frames bigger than the bound still recycles one.
func TestBigPoolBoundedInBytes(t *testing.T) {
	const n = 1 << 20
	trimMu.Lock()
	defer trimMu.Unlock()
	defer func(max int64) { bigPoolMax = max }(bigPoolMax)
	bigPoolMax = BigPoolBytes() + 16<<20
	for TryGetBody(n) != nil {
	}
	var bodies [][]byte
	for range 16 + 8 {
		bodies = append(bodies, GetBody(n, nil))
	}
	for _, b := range bodies {
		PutBody(b)
	}
	if got := BigPoolBytes(); got > bigPoolMax {
		t.Fatalf("the lists hold %d bytes, over %d", got, bigPoolMax)
	}
	last := bodies[len(bodies)-1]
	if missing := unmapped(t, last); missing != n/pageSize {
		t.Fatalf("a body the lists had no room for kept %d resident pages", n/pageSize-missing)
	}
	for TryGetBody(n) != nil {
	}
	huge := GetBody(20<<20, nil) // bigger than what the bound leaves: kept, one of its class
	PutBody(huge)
	if got := TryGetBody(20 << 20); got == nil || unsafe.SliceData(got) != unsafe.SliceData(huge) {
		t.Fatal("a list with no body did not keep one over the bound")
	}
}

func TestClassSize(t *testing.T) {
	for i := 1; i < len(pools); i++ {
		if j, size := class(classSize(i)); j != i || size != classSize(i) {
			t.Fatalf("class %d: size %d maps back to class %d", i, classSize(i), j)
		}
	}
}

func bigListLen(n int) int {
	i, _ := class(n)
	l := &bigLists[i]
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.bodies)
}

// DiscardBody zeroes (gives back) only the whole pages inside the body, never a byte outside
// it, and leaves small bodies alone.
func TestDiscardBodyStaysInside(t *testing.T) {
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = 0xFF
	}
	lo, hi := 5000, 5000+3*discardMin
	DiscardBody(buf[lo:hi:hi])
	zeros := 0
	for i, v := range buf {
		if (i < lo || i >= hi) && v != 0xFF {
			t.Fatalf("byte %d outside the body changed", i)
		}
		if v == 0 {
			zeros++
		}
	}
	if zeros < hi-lo-2*pageSize {
		t.Fatalf("only %d bytes of the body given back", zeros)
	}
	small := buf[: discardMin-1 : discardMin-1]
	DiscardBody(small)
	if small[0] != 0xFF {
		t.Fatal("a small body was given back")
	}
}
