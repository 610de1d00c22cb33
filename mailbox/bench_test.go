package mailbox

import (
	"testing"
)

// BenchmarkSendTryRecv is one Send and one TryRecv on the same goroutine: the bare cost of the
// queue, with no signal (the consumer never sleeps).
func BenchmarkSendTryRecv(b *testing.B) {
	m := newMailbox(b)
	m.Send(item{}) // the first send signals; the consumer is then awake for good
	m.TryRecv()
	b.ReportAllocs()
	for b.Loop() {
		m.Send(item{1, 2})
		if _, ok := m.TryRecv(); !ok {
			b.Fatal("empty")
		}
	}
}

// BenchmarkStreamBurst64 and friends stream commands from one goroutine to a consumer blocked
// in Recv, in bursts; signals/cmd is the number of eventfd writes per command.
func BenchmarkStreamBurst1(b *testing.B)  { benchStream(b, 1) }
func BenchmarkStreamBurst64(b *testing.B) { benchStream(b, 64) }

func benchStream(b *testing.B, burst int) {
	m := newMailbox(b)
	ack := newMailbox(b)
	done := make(chan struct{})
	go func() { // consumer: acks every burst so the producer cannot run away
		defer close(done)
		for n := 0; ; n++ {
			v, err := m.Recv(-1)
			if err != nil || v.from < 0 {
				return
			}
			if v.seq == burst-1 {
				ack.Send(item{})
			}
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	sig0 := m.Signals()
	cmds := 0
	for i := 0; i < b.N; i += burst {
		for s := range burst {
			m.Send(item{0, s})
		}
		cmds += burst
		if _, err := ack.Recv(-1); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(m.Signals()-sig0)/float64(cmds), "signals/cmd")
	m.Send(item{-1, 0})
	<-done
}

// BenchmarkPingPongRecv is a round trip between two goroutines each blocked in Recv on its own
// eventfd: the wake-up cost of an application thread.
func BenchmarkPingPongRecv(b *testing.B) {
	ping, pong := newMailbox(b), newMailbox(b)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			v, err := ping.Recv(-1)
			if err != nil || v.from < 0 {
				return
			}
			pong.Send(v)
		}
	}()
	b.ReportAllocs()
	for b.Loop() {
		ping.Send(item{})
		if _, err := pong.Recv(-1); err != nil {
			b.Fatal(err)
		}
	}
	ping.Send(item{-1, 0})
	<-done
}
