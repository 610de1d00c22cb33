package zmq

// arenaSize bounds what a retained frame can pin: a frame the application keeps (or a message
// still queued) holds its whole chunk alive.
const arenaSize = 32 << 10

// arenaMaxFrame is the largest frame copied into an arena; larger frames get their own
// allocation, which costs little next to copying them, so a kept frame pins at most 32x itself.
const arenaMaxFrame = 1 << 10

// arena hands out small byte slices carved from a shared chunk, so copying a small frame into a
// slice of its own costs one allocation per chunk instead of one per frame. The garbage
// collector frees a chunk once no frame refers to it, so no frame is ever reused in place.
type arena struct {
	buf []byte
}

// copyOf returns a caller-owned copy of b. Its capacity is clipped to its length, so appending
// to it reallocates instead of overwriting the next frame.
func (a *arena) copyOf(b []byte) []byte {
	if len(b) > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, arenaSize)
	}
	n := len(a.buf)
	a.buf = append(a.buf, b...)
	return a.buf[n:len(a.buf):len(a.buf)]
}
