package msg

// Arena hands out byte slices carved from a shared chunk, so copying a frame into a slice of its
// own costs one allocation per chunk instead of one per frame. The garbage collector frees a
// chunk once no slice refers to it; the price is that a slice kept for long keeps its whole
// chunk alive. Used by one goroutine at a time.
type Arena struct {
	buf []byte
	dry int // GetBody calls in a row that found the pool empty (see probe)
}

// The pool is asked for every body until dryRun calls in a row found it empty, then once in
// probeEvery calls. Bodies that go to code that keeps them (Recv, and whatever the peer of a
// Send receives with Recv) never come back, and asking an empty sync.Pool is not free: it
// looks at every P's shared queue and victim before it gives up, about 200 instructions, a
// sixth of what a 64-byte inproc message costs in all (callgrind, BenchmarkInprocBatch).
const (
	dryRun     = 16
	probeEvery = 64
)

// probe reports whether GetBody should ask the pool this time; it counts the call as a miss
// until found says otherwise.
func (a *Arena) probe() bool {
	a.dry++
	return a.dry <= dryRun || a.dry%probeEvery == 0
}

// found records that the pool had a body: it is asked every time again.
func (a *Arena) found() {
	if a != nil {
		a.dry = 0
	}
}

// arenaChunk is the chunk size GetBody carves from.
const arenaChunk = 64 << 10

// Copy returns a copy of b carved from a chunk of the given size (a fresh chunk when the current
// one has no room). Its capacity is clipped to its length, so appending to it reallocates
// instead of overwriting the next slice.
func (a *Arena) Copy(b []byte, chunk int) []byte {
	s := a.Carve(len(b), len(b), chunk)
	copy(s, b)
	return s
}

// Carve returns n bytes with the given capacity (at least n), carved from a chunk of the given
// size; nothing else is ever carved from that capacity.
func (a *Arena) Carve(n, capacity, chunk int) []byte {
	if capacity > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, max(chunk, capacity))
	}
	k := len(a.buf)
	a.buf = a.buf[:k+capacity]
	return a.buf[k : k+n : k+capacity]
}
