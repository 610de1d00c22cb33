package zmq

// arenaSize bounds what a retained small frame can pin: a frame returned by Recv that the
// application keeps holds its whole chunk alive.
const arenaSize = 8 << 10

// arena hands out small byte slices carved from a shared chunk, so receiving a small frame into a
// caller-owned slice costs one allocation per chunk instead of one per frame.
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
