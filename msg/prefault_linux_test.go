package msg

import (
	"os"
	"testing"
	"unsafe"

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

// unmapped counts the pages of b not resident in memory, by mincore(2); b starts on a page
// boundary (big bodies are the heap's, 8 KiB aligned).
func unmapped(t *testing.T, b []byte) int {
	page := os.Getpagesize()
	vec := make([]byte, (len(b)+page-1)/page)
	_, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(unsafe.SliceData(b))),
		uintptr(len(b)), uintptr(unsafe.Pointer(unsafe.SliceData(vec))))
	if errno != 0 {
		t.Fatalf("mincore: %v", errno)
	}
	n := 0
	for _, v := range vec {
		if v&1 == 0 {
			n++
		}
	}
	return n
}
