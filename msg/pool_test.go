package msg

import (
	"fmt"
	"testing"
	"unsafe"
)

// Every size maps to the smallest class that holds it, classes are at most 25% bigger than
// what they hold, and PutBody accepts exactly what GetBody hands out.
func TestBodyClasses(t *testing.T) {
	prev := -1
	for n := 1; n <= 7<<(poolMaxShift-2); n += 1 + n/97 {
		i, size := class(n)
		if n <= InlineSize {
			if i != -1 {
				t.Fatalf("n=%d pooled", n)
			}
			continue
		}
		if i < 0 || i >= len(pools) || size < n || size > n+n/4+1 {
			t.Fatalf("n=%d: class %d size %d", n, i, size)
		}
		if i < prev {
			t.Fatalf("n=%d: class %d after %d", n, i, prev)
		}
		prev = i
		if i2, s2 := class(size); i2 != i || s2 != size {
			t.Fatalf("n=%d: its class size %d maps to %d/%d", n, size, i2, s2)
		}
	}
	if i, _ := class(7<<(poolMaxShift-2) + 1); i != -1 {
		t.Fatal("oversized body pooled")
	}
}

func TestBodyGetPut(t *testing.T) {
	for _, n := range []int{33, 300, 5000, 100000} {
		b := GetBody(n, nil)
		_, size := class(n)
		if len(b) != n || cap(b) != size {
			t.Fatalf("GetBody(%d): len %d cap %d", n, len(b), cap(b))
		}
		PutBody(b)
	}
	PutBody(make([]byte, 100001)) // not a class capacity: ignored
	if _, size := class(100001); size == 100001 {
		t.Fatal("test needs a size that is not a class capacity")
	}
	if b := TryGetBody(100001); b != nil && cap(b) == 100001 {
		t.Fatalf("TryGetBody returned cap %d", cap(b))
	}
	var m Msg
	src := make([]byte, 70000)
	src[69999] = 7
	m.InitPooledCopy(src, More, nil)
	if m.Flags() != More|Pooled || m.Bytes()[69999] != 7 || len(m.Bytes()) != 70000 {
		t.Fatalf("InitPooledCopy: flags %v len %d", m.Flags(), len(m.Bytes()))
	}
	m.InitPooledCopy(src[:20], 0, nil)
	if m.Flags() != 0 || len(m.Bytes()) != 20 {
		t.Fatalf("tiny InitPooledCopy: flags %v len %d", m.Flags(), len(m.Bytes()))
	}
}

// With an empty pool, small bodies are carved from the arena, each with its class's capacity
// to itself, so a carved body may go round the pool like any other.
func TestBodyCarvedFromArena(t *testing.T) {
	var a Arena
	const n = 1000 // class 1024
	x, y := a.Carve(n, 1024, arenaChunk), GetBody(n, &a)
	if cap(x) != 1024 || len(y) != n || cap(y) != 1024 {
		t.Fatalf("carved len/cap %d/%d, %d/%d", len(x), cap(x), len(y), cap(y))
	}
	if p, q := uintptr(unsafe.Pointer(&x[0])), uintptr(unsafe.Pointer(&y[0])); q != p+1024 && TryGetBody(n) == nil {
		t.Fatalf("second body at %#x, first at %#x: not carved from the same chunk", q, p)
	}
	x = append(x[:1024], 9) // appending past the capacity must not reach y
	if y[0] == 9 && len(x) == 1025 {
		t.Fatal("append overwrote the next body")
	}
}

// A body going round the pool costs no allocation once the pool is warm.
func TestBodyRecycleAllocatesNothing(t *testing.T) {
	for _, n := range []int{100, 4000, 100000, 1 << 20} {
		PutBody(GetBody(n, nil))
		allocs := testing.AllocsPerRun(100, func() { PutBody(GetBody(n, nil)) })
		if allocs != 0 {
			t.Fatalf("%d B: %v allocs per GetBody+PutBody", n, allocs)
		}
	}
}

// The cost a pooled body adds to a frame: one GetBody and one PutBody, here on one goroutine
// (the per-P fast path), and across two goroutines the way the engine and the application
// hand bodies to each other.
func BenchmarkBodyPool(b *testing.B) {
	for _, n := range []int{100, 4 << 10, 64 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				PutBody(GetBody(n, nil))
			}
		})
		b.Run(fmt.Sprintf("%dB-handoff", n), func(b *testing.B) {
			b.ReportAllocs()
			ch := make(chan []byte, 64)
			done := make(chan struct{})
			go func() {
				defer close(done)
				for body := range ch {
					PutBody(body)
				}
			}()
			for b.Loop() {
				ch <- GetBody(n, nil)
			}
			close(ch)
			<-done
		})
	}
}
