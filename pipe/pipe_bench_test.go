package pipe

import (
	"testing"
	"time"

	"github.com/zreactor/zmq/msg"
)

// BenchmarkPipeSameGoroutine is the cost of Write+Flush+Read through a pipe pair with HWM 1000,
// commands (activate_write every 500 messages) delivered on the same goroutine.
func BenchmarkPipeSameGoroutine(b *testing.B) {
	b.ReportAllocs()
	r, p, _ := manualPair([2]int{1000, 1000}, [2]bool{})
	var m, out msg.Msg
	m.Init([]byte("0123456789abcdef"), 0)
	for b.Loop() {
		if !p[0].Write(&m) {
			b.Fatal("refused")
		}
		p[0].Flush()
		if len(r.q) > 0 {
			r.pump()
		}
		if !p[1].Read(&out) {
			b.Fatal("nothing read")
		}
	}
}

// benchEnd streams n messages from end 0 (thread 0) to end 1 (thread 1) in batches of 64.
type benchEnd struct {
	p      *Pipe
	m      msg.Msg
	left   int // writer: to write; reader: to read
	writer bool
	done   chan struct{}
}

func (e *benchEnd) ReadActivated(*Pipe)  {}
func (e *benchEnd) WriteActivated(*Pipe) {}
func (e *benchEnd) Hiccuped(*Pipe)       {}
func (e *benchEnd) PipeTerminated(*Pipe) {}

func (e *benchEnd) step() bool {
	if e.left == 0 {
		return false
	}
	n := 0
	if e.writer {
		for ; n < 64 && n < e.left && e.p.Write(&e.m); n++ {
		}
		e.p.Flush()
	} else {
		for ; e.p.Read(&e.m); n++ {
		}
	}
	if e.left -= n; e.left == 0 {
		close(e.done)
	}
	return n > 0
}

// BenchmarkPipeCrossThread streams through a pipe pair with HWM 1000 between two loop threads
// of the test router (a mutex-guarded command list and a cap-1 wake channel).
func BenchmarkPipeCrossThread(b *testing.B) {
	b.ReportAllocs()
	r := newLoopRouter(2)
	p := NewPair([2]Parent{tidParent(0), tidParent(1)}, r, [2]int{1000, 1000}, [2]bool{})
	w := &benchEnd{p: p[0], left: b.N, writer: true, done: make(chan struct{})}
	rd := &benchEnd{p: p[1], left: b.N, done: make(chan struct{})}
	w.m.Init([]byte("0123456789abcdef"), 0)
	p[0].SetEventSink(w)
	p[1].SetEventSink(rd)
	r.threads[0].step, r.threads[1].step = w.step, rd.step
	start := time.Now()
	r.start()
	<-rd.done
	el := time.Since(start)
	r.close()
	b.ReportMetric(float64(b.N)/el.Seconds()/1e6, "Mmsg/s")
	cmds := r.threads[0].cmds + r.threads[1].cmds
	b.ReportMetric(float64(cmds)*1000/float64(b.N), "cmds/1kmsg")
}
