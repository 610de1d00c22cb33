package msg

import (
	"math/bits"
	"sync"
)

// Big bodies (frames the socket copies on Send that are too big for its arena) come from
// size-classed pools and go back once the engine has written them. Each such body used to be
// a fresh allocation: on a 1 MiB stream the sender spent 80% of its CPU in the copy into
// memory the runtime had just returned to the OS and had to fault in again. Classes are four
// per power of two, so a body wastes at most a quarter of its size. sync.Pool lets the
// garbage collector drop what an idle process no longer needs.
const (
	bigMinShift = 13 // bodies over 2^13 bytes are pooled: the smallest class is 10 KiB
	bigMaxShift = 26 // largest class: 112 MiB (7/4 of 64 MiB); bigger bodies are not pooled
	bigSteps    = 4
)

// BigMin is the largest body size that is not pooled: smaller bodies are cheap to allocate
// and would waste too much of a class.
const BigMin = 1 << bigMinShift

var bigPools [(bigMaxShift - bigMinShift + 1) * bigSteps]sync.Pool

// bigClass returns the pool index and capacity for a body of n bytes, or -1 if n is outside
// the pooled range.
func bigClass(n int) (int, int) {
	if n <= BigMin || n > 7<<(bigMaxShift-2) {
		return -1, 0
	}
	shift := bits.Len(uint(n-1)) - 1      // 2^shift < n <= 2^(shift+1)
	step := 1 << (shift - 2)              // quarter of 2^shift
	q := (n - 1<<shift + step - 1) / step // 1..4 quarters above 2^shift
	if q == bigSteps {
		return (shift + 1 - bigMinShift) * bigSteps, 1 << (shift + 1)
	}
	return (shift-bigMinShift)*bigSteps + q, 1<<shift + q*step
}

// holders box the pooled slices, so that neither GetBig nor PutBig allocates in steady
// state (putting a slice itself into a sync.Pool would allocate its header each time).
var holders sync.Pool

// GetBig returns a buffer of n bytes, from the pool when it has one of n's class (bodies
// of more than BigMin bytes; smaller ones are plain allocations). Its contents are undefined;
// its capacity is the class size.
func GetBig(n int) []byte {
	i, size := bigClass(n)
	if i < 0 {
		return make([]byte, n)
	}
	if p, ok := bigPools[i].Get().(*[]byte); ok {
		b := (*p)[:n]
		*p = nil
		holders.Put(p)
		return b
	}
	return make([]byte, n, size)
}

// PutBig returns a buffer from GetBig once nothing refers to it any more. Buffers of other
// capacities are ignored.
func PutBig(b []byte) {
	i, size := bigClass(cap(b))
	if i < 0 || size != cap(b) {
		return
	}
	p, _ := holders.Get().(*[]byte)
	if p == nil {
		p = new([]byte)
	}
	*p = b[:0]
	bigPools[i].Put(p)
}

// InitBig sets m to a pooled copy of b (flag Pooled set); use it for bodies over the arena
// limit that the caller's code will not keep.
func (m *Msg) InitBig(b []byte, f Flags) {
	buf := GetBig(len(b))
	copy(buf, b)
	m.InitRef(buf, f|Pooled)
}
