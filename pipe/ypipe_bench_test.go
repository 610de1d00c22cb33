package pipe

import (
	"encoding/binary"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/msg"
)

// parker is how the SPSC consumer sleeps and the producer wakes it.
type parker interface {
	park()
	signal()
	close()
}

// chanParker parks on a cap-1 channel.
type chanParker chan struct{}

func (c chanParker) park()   { <-c }
func (c chanParker) signal() { c <- struct{}{} }
func (c chanParker) close()  {}

// efdParker parks in a blocking read(2) on an eventfd, as an application thread would; where
// there is no eventfd, on a pipe (parkFds). r is read by park, w written by signal; they are the
// same eventfd on Linux.
type efdParker struct{ r, w int }

func newEfdParker() (*efdParker, error) {
	r, w, err := parkFds()
	if err != nil {
		return nil, os.NewSyscallError("eventfd", err)
	}
	return &efdParker{r: r, w: w}, nil
}

func (e *efdParker) park() {
	var b [8]byte
	for {
		if _, err := unix.Read(e.r, b[:]); err != unix.EINTR {
			return
		}
	}
}

func (e *efdParker) signal() {
	var b [8]byte
	binary.NativeEndian.PutUint64(b[:], 1)
	for {
		if _, err := unix.Write(e.w, b[:]); err != unix.EINTR {
			return
		}
	}
}

func (e *efdParker) close() {
	unix.Close(e.r)
	if e.w != e.r {
		unix.Close(e.w)
	}
}

// spscBound caps how far the producer may run ahead of the consumer in spscRun, as an HWM of
// 1000 messages would; without it an unbounded queue grows, and growing allocates.
const spscBound = 1024

// spscRun streams n messages from a producer goroutine to the caller through q, flushing every
// batch messages and waking the consumer only when Flush reports it asleep. It returns the
// number of wake-ups.
func spscRun(q Queue[msg.Msg], n, batch int, pk parker) int {
	signals := make(chan int, 1)
	var read atomic.Int64 // consumer progress, published every 64 messages
	go func() {
		var m msg.Msg
		m.Init([]byte("0123456789abcdef"), 0)
		s := 0
		for i := 1; i <= n; i++ {
			for int64(i)-read.Load() > spscBound {
				runtime.Gosched()
			}
			q.Write(&m, false)
			if i%batch == 0 || i == n {
				if !q.Flush() {
					s++
					pk.signal()
				}
			}
		}
		signals <- s
	}()
	var out msg.Msg
	for got := 0; got < n; {
		if q.Read(&out) {
			if got++; got%64 == 0 {
				read.Store(int64(got))
			}
			continue
		}
		pk.park()
	}
	return <-signals
}

func benchSPSC(b *testing.B, batch int, efd bool) {
	b.ReportAllocs()
	var pk parker = make(chanParker, 1)
	if efd {
		e, err := newEfdParker()
		if err != nil {
			b.Fatal(err)
		}
		defer e.close()
		pk = e
	}
	q := NewYPipe[msg.Msg]()
	spscRun(q, 4*chunkSize, batch, pk) // warm the spare chunk
	b.ResetTimer()
	start := time.Now()
	s := spscRun(q, b.N, batch, pk)
	el := time.Since(start)
	b.ReportMetric(float64(b.N)/el.Seconds()/1e6, "Mmsg/s")
	b.ReportMetric(float64(s)*1000/float64(b.N), "signals/1kmsg")
}

func BenchmarkYPipeSPSCChan1(b *testing.B)  { benchSPSC(b, 1, false) }
func BenchmarkYPipeSPSCChan64(b *testing.B) { benchSPSC(b, 64, false) }
func BenchmarkYPipeSPSCEfd1(b *testing.B)   { benchSPSC(b, 1, true) }
func BenchmarkYPipeSPSCEfd64(b *testing.B)  { benchSPSC(b, 64, true) }

func benchSameGoroutine(b *testing.B, q Queue[msg.Msg]) {
	b.ReportAllocs()
	var m, out msg.Msg
	m.Init([]byte("0123456789abcdef"), 0)
	for b.Loop() {
		q.Write(&m, false)
		q.Flush()
		if !q.Read(&out) {
			b.Fatal("nothing to read")
		}
	}
}

func BenchmarkYPipeSameGoroutine(b *testing.B) { benchSameGoroutine(b, NewYPipe[msg.Msg]()) }
func BenchmarkConflateSameGoroutine(b *testing.B) {
	benchSameGoroutine(b, NewConflate[msg.Msg]())
}

// The eventfd parker opens and closes its fd; none may leak, and the stream must complete.
func TestSPSCEventfdPark(t *testing.T) {
	leakcheck.FDs(t)
	e, err := newEfdParker()
	if err != nil {
		t.Fatal(err)
	}
	spscRun(NewYPipe[msg.Msg](), 100_000, 64, e)
	e.close()
}

// SPSC streaming allocates nothing per message once the spare chunk cycles.
func TestYPipeSteadyStateAllocs(t *testing.T) {
	q := NewYPipe[msg.Msg]()
	var m, out msg.Msg
	for range 4 * chunkSize {
		q.Write(&m, false)
		q.Flush()
		q.Read(&out)
	}
	a := testing.AllocsPerRun(10_000, func() {
		q.Write(&m, false)
		q.Flush()
		q.Read(&out)
	})
	c := NewConflate[msg.Msg]()
	a += testing.AllocsPerRun(10_000, func() {
		c.Write(&m, true)
		c.Write(&m, false)
		c.Flush()
		c.Read(&out)
		c.Read(&out)
	})
	if a != 0 {
		t.Fatalf("%v allocations per message", a)
	}
}
