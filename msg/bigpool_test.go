package msg

import "testing"

// Every size maps to the smallest class that holds it, classes are at most 25% bigger than
// what they hold, and PutBig accepts exactly what GetBig hands out.
func TestBigClasses(t *testing.T) {
	prev := -1
	for n := 1; n <= 7<<(bigMaxShift-2); n += 1 + n/97 {
		i, size := bigClass(n)
		if n <= BigMin {
			if i != -1 {
				t.Fatalf("n=%d pooled", n)
			}
			continue
		}
		if i < 0 || size < n || size > n+n/4+1 {
			t.Fatalf("n=%d: class %d size %d", n, i, size)
		}
		if i < prev {
			t.Fatalf("n=%d: class %d after %d", n, i, prev)
		}
		prev = i
		if i2, s2 := bigClass(size); i2 != i || s2 != size {
			t.Fatalf("n=%d: its class size %d maps to %d/%d", n, size, i2, s2)
		}
	}
	if i, _ := bigClass(7<<(bigMaxShift-2) + 1); i != -1 {
		t.Fatal("oversized body pooled")
	}
}

func TestBigGetPut(t *testing.T) {
	b := GetBig(100000)
	if len(b) != 100000 || cap(b) < 100000 {
		t.Fatalf("len %d cap %d", len(b), cap(b))
	}
	PutBig(b)
	PutBig(make([]byte, 100001)) // not a class capacity: ignored
	var m Msg
	src := make([]byte, 70000)
	src[69999] = 7
	m.InitBig(src, More)
	if m.Flags() != More|Pooled || m.Bytes()[69999] != 7 || len(m.Bytes()) != 70000 {
		t.Fatalf("InitBig: flags %v len %d", m.Flags(), len(m.Bytes()))
	}
}

// A buffer going round the pool costs no allocation once the pool is warm.
func TestBigRecycleAllocatesNothing(t *testing.T) {
	PutBig(GetBig(100000))
	allocs := testing.AllocsPerRun(100, func() { PutBig(GetBig(100000)) })
	if allocs != 0 {
		t.Fatalf("%v allocs per GetBig+PutBig", allocs)
	}
}
