package msg

import (
	"math/bits"
	"sync"
	"unsafe"
)

// Bodies too big to live inline come from size-classed pools, and whoever is done with one
// (the engine once it has written it, the application through Msg.Free) gives it back. A body
// that is never given back is simply left to the garbage collector. Recycling matters on these
// machines because fresh memory is dear: a page fault costs ~14 us, 3.7 ms per MiB
// (prefault_linux.go), and memory the allocator hands out in sequence is cold in the caches, while a
// body that just went back is still warm. Classes are four per power of two, so a body wastes
// at most a quarter of its size. Classes below 256 KiB use sync.Pool, which lets the garbage
// collector drop what is no longer needed; bigger ones use shared free lists (bigpool.go),
// bounded in bytes and trimmed every second, their idle bodies' pages going back to the OS.
const (
	poolMinShift = 5  // bodies over 2^5 = InlineSize bytes are pooled
	poolMaxShift = 26 // largest class: 112 MiB (7/4 of 64 MiB); bigger bodies are not pooled
	poolSteps    = 4
)

// BigMin is the body size above which a frame counts as big: the engine writes it by reference
// and reads it straight into its own buffer rather than through its batch and read buffers.
const BigMin = 8 << 10

// carveMax is the largest class a body may be carved from an arena chunk when its pool is
// empty: a 64 KiB chunk then holds at least eight.
const carveMax = 8 << 10

var pools [(poolMaxShift - poolMinShift + 1) * poolSteps]sync.Pool

// class returns the pool index and capacity for a body of n bytes, or -1 if n is outside the
// pooled range.
func class(n int) (int, int) {
	if n <= 1<<poolMinShift || n > 7<<(poolMaxShift-2) {
		return -1, 0
	}
	shift := bits.Len(uint(n-1)) - 1      // 2^shift < n <= 2^(shift+1)
	step := 1 << (shift - 2)              // quarter of 2^shift
	q := (n - 1<<shift + step - 1) / step // 1..4 quarters above 2^shift
	if q == poolSteps {
		return (shift + 1 - poolMinShift) * poolSteps, 1 << (shift + 1)
	}
	return (shift-poolMinShift)*poolSteps + q, 1<<shift + q*step
}

// classSize is the capacity of class i's bodies (class's inverse).
func classSize(i int) int {
	shift := i/poolSteps + poolMinShift
	return 1<<shift + i%poolSteps<<(shift-2)
}

// The pools hold a pointer to each body's first byte: an unsafe.Pointer fits in an interface
// without allocating, where a slice header would be boxed on every Put. The pointer keeps the
// body's allocation alive; the capacity is the class's.

// TryGetBody returns a pooled body of n bytes, or nil when n's pool is empty: recycled memory
// costs nothing new, so a caller that must not commit memory on a peer's word alone (the
// decoder, for a declared frame size) may still take it.
func TryGetBody(n int) []byte {
	i, size := class(n)
	if i < 0 {
		return nil
	}
	if i >= bigFirst {
		if p := bigLists[i].get(); p != nil {
			return unsafe.Slice((*byte)(p), size)[:n]
		}
		return nil
	}
	if p, ok := pools[i].Get().(unsafe.Pointer); ok {
		return unsafe.Slice((*byte)(p), size)[:n]
	}
	return nil
}

// GetBody returns a body of n bytes for PutBody to take back: from its pool when that has one,
// else carved from a (when a is not nil and the body is small enough to share a chunk) or
// allocated. Its contents are undefined; its capacity is its class's. An arena whose recent
// calls found the pool empty skips asking it but now and then (Arena.probe).
func GetBody(n int, a *Arena) []byte {
	if b := getProbed(n, a); b != nil {
		return b
	}
	i, size := class(n)
	switch {
	case i < 0:
		return make([]byte, n)
	case a != nil && size <= carveMax:
		return a.Carve(n, size, arenaChunk)
	}
	b := make([]byte, n, size)
	if i >= bigFirst {
		prefault(b[:size])
	}
	return b
}

// getProbed is TryGetBody when a says the pool is worth asking (see Arena.probe), else nil.
func getProbed(n int, a *Arena) []byte {
	if a == nil || a.probe() {
		if b := TryGetBody(n); b != nil {
			a.found()
			return b
		}
	}
	return nil
}

// PutBody gives back a body from GetBody once nothing refers to it any more. Slices of other
// capacities are ignored.
func PutBody(b []byte) {
	i, size := class(cap(b))
	if i < 0 || size != cap(b) {
		return
	}
	if i >= bigFirst {
		if !bigLists[i].put(unsafe.Pointer(unsafe.SliceData(b))) {
			DiscardBody(b)
		}
		return
	}
	pools[i].Put(unsafe.Pointer(unsafe.SliceData(b)))
}

// InitPooled sets m to a body of n bytes for the caller to fill in, which it returns: inline
// when it fits, else from GetBody with flag Pooled (whoever consumes m last gives it back).
func (m *Msg) InitPooled(n int, f Flags, a *Arena) []byte {
	if n <= InlineSize {
		return m.InitSize(n, f, false)
	}
	b := GetBody(n, a)
	m.InitRef(b, f|Pooled)
	return b
}

// InitPooledCopy sets m to a copy of b in a body from InitPooled.
func (m *Msg) InitPooledCopy(b []byte, f Flags, a *Arena) {
	if len(b) > carveMax {
		if i, size := class(len(b)); i >= 0 && i < bigFirst && size == len(b) {
			m.initFreshCopy(b, f, a)
			return
		}
	}
	copy(m.InitPooled(len(b), f, a), b)
}

// initFreshCopy is InitPooledCopy for a body of more than carveMax bytes that fills its class
// exactly. When the pool has none, the copy is made with append, whose allocation is not
// zeroed first (make's would be: 64 KiB of memory cleared only to be overwritten). append
// rounds a size up to the allocator's own classes, which for these sizes are ours, so the body
// still goes back to its pool.
func (m *Msg) initFreshCopy(b []byte, f Flags, a *Arena) {
	body := getProbed(len(b), a)
	if body == nil {
		body = append([]byte(nil), b...)
	} else {
		copy(body, b)
	}
	m.InitRef(body, f|Pooled)
}

// Release empties m and gives its body back to the pool when m is that body's only holder: a
// pooled body (flag Pooled) that no other message shares (flag Shared). A caller drops a frame
// this way when nobody took it, such as a PUB message no subscriber could queue.
func (m *Msg) Release() {
	if m.flags&(Pooled|Shared) == Pooled && !m.inline {
		PutBody(m.buf)
	}
	m.Reset()
}
