package msg

import (
	"os"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

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
