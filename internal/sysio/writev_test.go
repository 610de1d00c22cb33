package sysio

import (
	"bytes"
	"testing"
)

// TestWritevManyBuffers gives Writev more buffers than one call takes (MaxIov, or 8 where the
// write goes through libc): it writes a prefix of them, in order, and allocates nothing.
func TestWritevManyBuffers(t *testing.T) {
	a, b := socketpair(t)
	defer Close(a)
	defer Close(b)
	var bufs [][]byte
	var want []byte
	for i := range MaxIov + 10 {
		bufs = append(bufs, []byte{byte(i)}, nil) // empty ones are skipped, not counted
		want = append(want, byte(i))
	}
	n, err := Writev(b, bufs)
	if err != nil || n < 8 || n > MaxIov {
		t.Fatalf("Writev of %d one-byte buffers = %d, %v; want 8..%d", MaxIov+10, n, err, MaxIov)
	}
	got := make([]byte, 2*MaxIov)
	if m, err := Read(a, got); err != nil || !bytes.Equal(got[:m], want[:n]) {
		t.Fatalf("read %v, %v; want the first %d buffers", got[:m], err, n)
	}
	allocs := testing.AllocsPerRun(50, func() {
		Writev(b, bufs)
		Read(a, got)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per Writev of %d buffers", allocs, len(bufs))
	}
}
