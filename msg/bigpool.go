package msg

import (
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Bodies of bigMin and more do not go through sync.Pool but through one shared free list per
// class. sync.Pool keeps a private slot per P that only that P's Get can take: the application
// frees received bodies on its P and the I/O thread takes them on another, so every P the
// application ran on stranded one body per class. For 1 MiB frames that was two of the six
// bodies a receiver held (2 MiB of its 13 MiB). A free list hands a body to whoever asks
// next; a mutex per big body costs nothing next to its size.
//
// What the lists hold is bounded, and given back to the operating system rather than left to
// the garbage collector, which runs only when something allocates, so an idle process kept
// hundreds of MiB for minutes (issue 17):
//
//   - In bytes: the lists keep at most bigPoolMax in all. A body that does not fit (a list
//     may always keep one body, so a stream of frames bigger than the bound still recycles
//     one) is discarded: its pages go back to the OS at once (release.go).
//   - In time: every trimEvery, while the lists hold anything, the bodies no Get took since
//     the last trim (a list's low-water mark: the bottom of its stack) are discarded. A body
//     left unused goes back within two trims.
//
// A big body the lists cannot supply comes with its pages already mapped (prefault_linux.go).
const (
	bigMin    = 256 << 10
	trimEvery = time.Second
)

// bigPoolMax is the bytes the lists keep in all: room for a sender's queue of big bodies to
// come back (a tenth of SNDHWM, 100 MiB of 1 MiB frames, P11) without refaulting them. A var
// for tests.
var bigPoolMax int64 = 256 << 20

// bigFirst is the index of the first class whose bodies go through the free lists.
var bigFirst, _ = class(bigMin)

type bigList struct {
	mu     sync.Mutex
	size   int              // the class's body size
	bodies []unsafe.Pointer // a stack: Get takes the most recently put
	low    int              // the fewest bodies held since the last trim
}

var (
	bigLists   [len(pools)]bigList
	bigHeld    atomic.Int64     // bytes in all the lists
	trimArmed  atomic.Bool      // a trim is scheduled
	trimMu     sync.Mutex       // trims run one at a time
	trimBodies []unsafe.Pointer // the bodies one trim discards (trimMu)
)

func init() {
	for i := bigFirst; i < len(bigLists); i++ {
		bigLists[i].size = classSize(i)
	}
}

func (l *bigList) get() unsafe.Pointer {
	l.mu.Lock()
	p := pop(&l.bodies)
	l.low = min(l.low, len(l.bodies))
	l.mu.Unlock()
	if p != nil {
		bigHeld.Add(-int64(l.size))
	}
	return p
}

func pop(s *[]unsafe.Pointer) unsafe.Pointer {
	n := len(*s)
	if n == 0 {
		return nil
	}
	p := (*s)[n-1]
	(*s)[n-1] = nil
	*s = (*s)[:n-1]
	return p
}

// put keeps p, or reports false when the lists are full (the caller discards it).
func (l *bigList) put(p unsafe.Pointer) bool {
	l.mu.Lock()
	if len(l.bodies) > 0 && bigHeld.Load()+int64(l.size) > bigPoolMax {
		l.mu.Unlock()
		return false
	}
	l.bodies = append(l.bodies, p)
	l.mu.Unlock()
	bigHeld.Add(int64(l.size))
	if trimArmed.CompareAndSwap(false, true) {
		time.AfterFunc(trimEvery, trimBigLists)
	}
	return true
}

// trimBigLists discards the bodies no Get took since the last trim, and schedules the next
// trim while the lists hold anything.
func trimBigLists() {
	trimMu.Lock()
	trimLocked()
	trimMu.Unlock()
	if bigHeld.Load() > 0 {
		time.AfterFunc(trimEvery, trimBigLists)
		return
	}
	trimArmed.Store(false)
	// A put between the load and the store found the trim armed: arm it for that body.
	if bigHeld.Load() > 0 && trimArmed.CompareAndSwap(false, true) {
		time.AfterFunc(trimEvery, trimBigLists)
	}
}

// trimLocked is one trim, with trimMu held.
func trimLocked() {
	for i := bigFirst; i < len(bigLists); i++ {
		l := &bigLists[i]
		l.mu.Lock()
		idle := l.low
		trimBodies = append(trimBodies[:0], l.bodies[:idle]...)
		n := copy(l.bodies, l.bodies[idle:])
		clear(l.bodies[n:])
		l.bodies = l.bodies[:n]
		l.low = n
		l.mu.Unlock()
		for _, p := range trimBodies {
			bigHeld.Add(-int64(l.size))
			DiscardBody(unsafe.Slice((*byte)(p), l.size))
		}
	}
	clear(trimBodies)
}

// BigPoolBytes is the memory the big bodies' free lists hold, for tests and monitoring.
func BigPoolBytes() int64 { return bigHeld.Load() }
