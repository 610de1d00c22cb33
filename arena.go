package zmq

// Arena sizes. A frame copied into an arena keeps its whole chunk alive for as long as it is
// referenced: by a queue, by the engine until it is written, or by the application that
// received it over inproc. Frames sent over TCP never reach the application, so their chunks
// die as soon as they are written; chunks are sized for that common case, and the ratio of
// chunk to largest frame (8x) bounds what a kept inproc frame can pin.
const (
	sendArenaChunk    = 64 << 10
	sendArenaMaxFrame = 8 << 10 // larger frames get an allocation of their own
	recvArenaChunk    = 8 << 10 // for frames of at most msg.InlineSize bytes
)

// arena hands out byte slices carved from a shared chunk, so copying a frame into a slice of
// its own costs one allocation per chunk instead of one per frame. The garbage collector frees
// a chunk once no frame refers to it, so no frame is ever reused in place.
type arena struct {
	buf []byte
}

// copyOf returns a copy of b carved from a chunk of the given size. Its capacity is clipped to
// its length, so appending to it reallocates instead of overwriting the next frame.
func (a *arena) copyOf(b []byte, chunk int) []byte {
	if len(b) > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, chunk)
	}
	n := len(a.buf)
	a.buf = append(a.buf, b...)
	return a.buf[n:len(a.buf):len(a.buf)]
}
