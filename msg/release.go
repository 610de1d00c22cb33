package msg

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// discardMin is the smallest body DiscardBody gives back: the Go heap gives allocations over
// 32 KiB spans of their own, so the whole pages of such a body hold nothing else.
const discardMin = 64 << 10

var pageSize = os.Getpagesize()

// DiscardBody gives the memory of a body nobody will use again back to the operating system
// at once, with madvise(MADV_DONTNEED) over its whole pages, and leaves its allocation to the
// garbage collector. Memory merely dropped stays resident until a collection frees it and the
// runtime's scavenger returns it, which in an idle process can take minutes. The caller must
// hold the only reference to b: its contents read as zeros afterwards. Bodies under
// discardMin are simply dropped, and so is any body if the kernel refuses.
func DiscardBody(b []byte) {
	b = b[:cap(b)]
	if len(b) < discardMin {
		return
	}
	off := (pageSize - int(uintptr(unsafe.Pointer(unsafe.SliceData(b)))%uintptr(pageSize))) % pageSize
	n := (len(b) - off) / pageSize * pageSize
	if n > 0 {
		_ = unix.Madvise(b[off:off+n], unix.MADV_DONTNEED)
	}
}
