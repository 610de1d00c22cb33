package msg

// Arena hands out byte slices carved from a shared chunk, so copying a frame into a slice of its
// own costs one allocation per chunk instead of one per frame. The garbage collector frees a
// chunk once no slice refers to it, so nothing is ever reused in place; the price is that a
// slice kept for long keeps its whole chunk alive. Used by one goroutine at a time.
type Arena struct {
	buf []byte
}

// Copy returns a copy of b carved from a chunk of the given size (a fresh chunk when the current
// one has no room). Its capacity is clipped to its length, so appending to it reallocates
// instead of overwriting the next slice.
func (a *Arena) Copy(b []byte, chunk int) []byte {
	if len(b) > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, max(chunk, len(b)))
	}
	n := len(a.buf)
	a.buf = append(a.buf, b...)
	return a.buf[n:len(a.buf):len(a.buf)]
}
