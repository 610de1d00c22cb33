package iothread

import (
	"testing"
	"time"

	"github.com/zreactor/zmq/object"
)

// bouncer lives on one thread. In ping-pong mode it returns every ActivateRead to its peer
// until n commands have crossed; in streaming mode the sender pushes windows of ActivateRead
// and the receiver acks each full window with one ActivateWrite, so at most two windows are
// in flight.
type bouncer struct {
	object.Object
	peer   *bouncer
	n      int // commands left to send (sender) or to receive (receiver)
	window int // 0: ping-pong
	got    int
	done   chan struct{}
}

func (b *bouncer) ProcessCommand(c *object.Command) {
	switch c.Kind {
	case object.Plug: // start: the sender sends the first command, or the first two windows
		if b.window == 0 {
			b.SendActivateRead(b.peer)
		} else {
			b.sendWindow()
			b.sendWindow()
		}
	case object.ActivateRead:
		b.got++
		if b.window == 0 {
			b.pingPong()
		} else if b.got%b.window == 0 {
			b.SendActivateWrite(b.peer, uint64(b.got), 0)
			if b.got >= b.n {
				close(b.done)
			}
		}
	case object.ActivateWrite:
		b.sendWindow()
	}
}

func (b *bouncer) pingPong() {
	if b.got >= b.n {
		close(b.done)
		return
	}
	b.SendActivateRead(b.peer)
}

func (b *bouncer) sendWindow() {
	for i := 0; i < b.window && b.n > 0; i++ {
		b.SendActivateRead(b.peer)
		b.n--
	}
}

// benchCross runs commands between objects on two I/O threads and reports commands/s (both
// directions) and eventfd signals per command.
func benchCross(b *testing.B, window int, opts ...Option) {
	pool, r := startPool(b, 0, 2, opts...)
	n := max(b.N, 2*max(window, 1))
	if window > 0 {
		n = (n + window - 1) / window * window
	}
	done := make(chan struct{})
	x, y := &bouncer{window: window, done: done}, &bouncer{window: window, done: done}
	x.Init(r, 0)
	y.Init(r, 1)
	x.peer, y.peer = y, x
	x.n, y.n = n, n
	sig0 := pool.Threads()[0].Mailbox().Signals() + pool.Threads()[1].Mailbox().Signals()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	r.SendCommand(0, object.Command{Dest: x, Kind: object.Plug})
	<-done
	el := time.Since(start)
	b.StopTimer()
	sig := pool.Threads()[0].Mailbox().Signals() + pool.Threads()[1].Mailbox().Signals() - sig0
	// Ping-pong: y closes done on receiving the n-th command, after 2n-1 crossings (an op is a
	// round trip). Streaming: n data commands plus n/window acks (an op is a data command).
	cmds := n + n/max(window, 1)
	if window == 0 {
		cmds = 2*n - 1
	}
	b.ReportMetric(float64(cmds)/el.Seconds(), "cmds/s")
	b.ReportMetric(float64(sig)/float64(cmds), "signals/cmd")
}

func BenchmarkPingPong(b *testing.B)          { benchCross(b, 0) }
func BenchmarkPingPongLevel(b *testing.B)     { benchCross(b, 0, withLevelTriggered()) }
func BenchmarkPingPongSpin10us(b *testing.B)  { benchCross(b, 0, WithSpin(10*time.Microsecond)) }
func BenchmarkStream256(b *testing.B)         { benchCross(b, 256) }
func BenchmarkStream256Level(b *testing.B)    { benchCross(b, 256, withLevelTriggered()) }
func BenchmarkStream256Spin10us(b *testing.B) { benchCross(b, 256, WithSpin(10*time.Microsecond)) }
