package zmq_test

import (
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Frame sizes of the benchmarks: inline (<= 32 bytes), small heap, and 1 KiB.
var benchSizes = []struct {
	name string
	size int
}{{"1B", 1}, {"64B", 64}, {"1KiB", 1024}}

// BenchmarkInprocThroughput is PUSH->PULL over inproc: the sender sends b.N frames while a
// receiver goroutine takes them. Bytes/s counts one frame's payload per op.
func BenchmarkInprocThroughput(b *testing.B) {
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) { benchThroughput(b, bs.size) })
	}
}

// BenchmarkInprocRoundTrip is REQ/REP latency over inproc: one op is a request and its reply.
func BenchmarkInprocRoundTrip(b *testing.B) {
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) { benchRoundTrip(b, bs.size) })
	}
}

// benchPair makes a context with sockets of types bt (bound) and ct (connected).
func benchPair(b *testing.B, bt, ct zmq.SocketType) (bound, conn *zmq.Socket) {
	c := testutil.NewCtx(b)
	bound = testutil.NewSocket(b, c, bt)
	testutil.Must(b, bound.Bind("inproc://bench"), "Bind")
	conn = testutil.NewSocket(b, c, ct)
	testutil.Must(b, conn.Connect("inproc://bench"), "Connect")
	return bound, conn
}

func benchThroughput(b *testing.B, size int) {
	pull, push := benchPair(b, zmq.PULL, zmq.PUSH)
	frame := make([]byte, size)
	// Warm up: the first messages set up pipes and arena chunks.
	for range 100 {
		testutil.Must(b, push.Send(frame, 0), "warm-up Send")
		_, err := pull.Recv(0)
		testutil.Must(b, err, "warm-up Recv")
	}
	done := make(chan error, 1)
	b.ReportAllocs()
	b.SetBytes(int64(size))
	b.ResetTimer()
	go func() {
		for range b.N {
			if _, err := pull.Recv(0); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range b.N {
		if err := push.Send(frame, 0); err != nil {
			b.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}

func benchRoundTrip(b *testing.B, size int) {
	rep, req := benchPair(b, zmq.REP, zmq.REQ)
	frame := make([]byte, size)
	done := make(chan error, 1)
	go func() {
		for range b.N + 100 {
			m, err := rep.Recv(0)
			if err == nil {
				err = rep.Send(m, 0)
			}
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	roundTrip := func() {
		if err := req.Send(frame, 0); err != nil {
			b.Fatal(err)
		}
		if _, err := req.Recv(0); err != nil {
			b.Fatal(err)
		}
	}
	for range 100 {
		roundTrip()
	}
	b.ReportAllocs()
	b.SetBytes(int64(size))
	b.ResetTimer()
	for range b.N {
		roundTrip()
	}
	b.StopTimer()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}
