package msg

import (
	"runtime"
	"sync"
	"unsafe"
)

// Bodies of bigMin and more do not go through sync.Pool but through one shared free list per
// class. sync.Pool keeps a private slot per P that only that P's Get can take: the application
// frees received bodies on its P and the I/O thread takes them on another, so every P the
// application ran on stranded one body per class. For 1 MiB frames that was two of the six
// bodies a receiver held (2 MiB of its 13 MiB). A free list hands a body to whoever asks
// next; a mutex per big body costs nothing next to its size.
//
// Like sync.Pool, the lists let the garbage collector have what an idle process no longer
// uses: each GC cycle moves a list's bodies to its victim list and drops the previous victims,
// so a body unused for two cycles is released.
//
// A big body the lists cannot supply comes with its pages already mapped (prefault_linux.go).
const bigMin = 256 << 10

// bigFirst is the index of the first class whose bodies go through the free lists.
var bigFirst, _ = class(bigMin)

type bigList struct {
	mu     sync.Mutex
	bodies []unsafe.Pointer
	victim []unsafe.Pointer
}

var bigLists [len(pools)]bigList

func (l *bigList) get() unsafe.Pointer {
	l.mu.Lock()
	defer l.mu.Unlock()
	if p := pop(&l.bodies); p != nil {
		return p
	}
	return pop(&l.victim)
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

func (l *bigList) put(p unsafe.Pointer) {
	l.mu.Lock()
	l.bodies = append(l.bodies, p)
	l.mu.Unlock()
}

// age is the GC cycle's turn: bodies become victims, victims go.
func (l *bigList) age() {
	l.mu.Lock()
	clear(l.victim)
	l.victim, l.bodies = l.bodies, l.victim[:0]
	l.mu.Unlock()
}

// gcSentinel's cleanup runs once per GC cycle (the sentinel is unreachable as soon as it is
// made) and arms the next one. It holds a pointer so that it never shares a tiny-allocator
// block with a live object, which would keep it alive.
type gcSentinel struct{ _ *gcSentinel }

func armBigAging() {
	runtime.AddCleanup(new(gcSentinel), func(struct{}) {
		for i := bigFirst; i < len(bigLists); i++ {
			bigLists[i].age()
		}
		armBigAging()
	}, struct{}{})
}

func init() { armBigAging() }
