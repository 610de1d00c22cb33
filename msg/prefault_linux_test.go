package msg

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// A fresh big body arrives with every page mapped, so filling it takes no page faults.
// (Counting the faults of filling it would count the race detector's shadow pages too.)
func TestFreshBigBodyIsPrefaulted(t *testing.T) {
	if err := unix.Madvise(make([]byte, 1<<20), unix.MADV_POPULATE_WRITE); err != nil {
		t.Skipf("this kernel does not populate: %v", err)
	}
	// A class no other test takes, so the heap maps the body fresh.
	const n = 40 << 20
	for TryGetBody(n) != nil {
	}
	b := GetBody(n, nil)
	defer PutBody(b)
	page := os.Getpagesize()
	if missing := unmapped(t, b[:cap(b)]); missing > 0 {
		t.Fatalf("%d of the %d pages of a fresh %d-byte body not mapped", missing, cap(b)/page, cap(b))
	}
}
