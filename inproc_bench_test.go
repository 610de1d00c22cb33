package zmq_test

import (
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// cpuNS is the process's CPU time so far (user and system, every thread): steadier than wall
// time on a shared machine, where a benchmark waits for the CPU as much as it uses it.
func cpuNS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkInprocStream is PUSH -> PULL over inproc between two goroutines, the plain API
// (Send, Recv) or the Msg API (InitSize and SendMsg, RecvMsgInto), reporting beside the wall
// time the CPU time per message and the wake-ups per 1000 messages it cost: eventfd writes to
// the sender's mailbox (sndwake, activate_write when it waited at the HWM) and to the
// receiver's (rcvwake, activate_read when it slept on an empty pipe).
func BenchmarkInprocStream(b *testing.B) {
	for _, api := range []string{"Send", "Msg"} {
		for _, size := range []int{64, 1024, 65536} {
			b.Run(api+"/"+sizeName(size), func(b *testing.B) { benchInprocStream(b, size, api == "Msg") })
		}
	}
}

// sizeName names a size in a benchmark: 64B, 1KiB.
func sizeName(n int) string {
	switch {
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + "KiB"
	}
	return strconv.Itoa(n) + "B"
}

func benchInprocStream(b *testing.B, size int, msgAPI bool) {
	pull, push := benchPair(b, zmq.PULL, zmq.PUSH)
	frame := make([]byte, size)
	var in, out zmq.Msg
	send := func() error {
		if msgAPI {
			out.InitSize(size)
			return push.SendMsg(&out, 0)
		}
		return push.Send(frame, 0)
	}
	recv := func() error {
		if msgAPI {
			return pull.RecvMsgInto(&in, 0)
		}
		_, err := pull.Recv(0)
		return err
	}
	for range 2000 {
		testutil.Must(b, send(), "warm-up send")
		testutil.Must(b, recv(), "warm-up recv")
	}
	done := make(chan error, 1)
	b.ReportAllocs()
	b.SetBytes(int64(size))
	s0, r0, c0 := zmq.SocketSignals(push), zmq.SocketSignals(pull), cpuNS()
	b.ResetTimer()
	go func() {
		for range b.N {
			if err := recv(); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range b.N {
		if err := send(); err != nil {
			b.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(cpuNS()-c0)/n, "cpu-ns/msg")
	b.ReportMetric(float64(zmq.SocketSignals(push)-s0)*1000/n, "sndwake/1k")
	b.ReportMetric(float64(zmq.SocketSignals(pull)-r0)*1000/n, "rcvwake/1k")
}

// BenchmarkInprocBatch moves messages PUSH -> PULL over inproc on one goroutine, 100 sends
// then 100 receives per 100 ops: the CPU work of a message with no wake-up in the way, for
// instruction counts (valgrind --tool=callgrind with -test.benchtime=Nx).
func BenchmarkInprocBatch(b *testing.B) {
	for _, api := range []string{"Send", "Msg"} {
		for _, size := range []int{1, 64, 1024} {
			b.Run(api+"/"+sizeName(size), func(b *testing.B) { benchInprocBatch(b, size, api == "Msg") })
		}
	}
}

func benchInprocBatch(b *testing.B, size int, msgAPI bool) {
	pull, push := benchPair(b, zmq.PULL, zmq.PUSH)
	frame := make([]byte, size)
	var in, out zmq.Msg
	step := func(n int) {
		for range n {
			var err error
			if msgAPI {
				out.InitSize(size)
				err = push.SendMsg(&out, 0)
			} else {
				err = push.Send(frame, 0)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		for range n {
			var err error
			if msgAPI {
				err = pull.RecvMsgInto(&in, 0)
			} else {
				_, err = pull.Recv(0)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	step(2000)
	b.ReportAllocs()
	b.SetBytes(int64(size))
	b.ResetTimer()
	for left := b.N; left > 0; left -= 100 {
		step(min(left, 100))
	}
}

// BenchmarkSocketGuard prices the use guard every Socket call takes (guard.go): one
// compare-and-swap in, one atomic store out. A message costs two calls, Send and Recv.
func BenchmarkSocketGuard(b *testing.B) {
	c := testutil.NewCtx(b)
	s := testutil.NewSocket(b, c, zmq.PUSH)
	b.Run("enter-exit", func(b *testing.B) {
		b.ReportAllocs()
		c0 := cpuNS()
		for range b.N {
			if err := zmq.EnterExit(s); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cpuNS()-c0)/float64(b.N), "cpu-ns/op")
	})
	// The same two atomic operations alone, for scale: a CAS and a store on one word.
	b.Run("cas-store", func(b *testing.B) {
		var w atomic.Int32
		c0 := cpuNS()
		for range b.N {
			if !w.CompareAndSwap(0, 1) {
				b.Fatal("busy")
			}
			w.Store(0)
		}
		b.ReportMetric(float64(cpuNS()-c0)/float64(b.N), "cpu-ns/op")
	})
}
