package msg

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
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

// Unused big bodies are released after two GC cycles, as sync.Pool's would be.
func TestBigBodiesReleasedByGC(t *testing.T) {
	const n = 300 << 10
	PutBody(GetBody(n, nil))
	if bigListEmpty(n) {
		t.Fatal("the body was not kept")
	}
	for deadline := time.Now().Add(5 * time.Second); !bigListEmpty(n); {
		if time.Now().After(deadline) {
			t.Fatal("an unused big body outlived many GC cycles")
		}
		runtime.GC()
		time.Sleep(time.Millisecond) // cleanups run on their own goroutine
	}
}

func bigListEmpty(n int) bool {
	i, _ := class(n)
	l := &bigLists[i]
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.bodies) == 0 && len(l.victim) == 0
}
