//go:build !linux

package msg

// prefault does nothing where there is no madvise(MADV_POPULATE_WRITE) (macOS and the BSDs): a
// fresh big body's pages fault in one by one on first touch, as they did on Linux before
// prefault_linux.go.
func prefault([]byte) {}
