package engine

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"golang.org/x/sys/unix"
)

// callSink runs a func on an I/O thread (object.Command.Obj holds it).
type callSink struct{ tid int }

func (c callSink) ProcessCommand(cmd *object.Command) { cmd.Obj.(func())() }
func (c callSink) ThreadID() int                      { return c.tid }

func onThread(th *iothread.Thread, fn func()) {
	th.Mailbox().Send(object.Command{Dest: callSink{th.ThreadID()}, Obj: fn, Kind: object.Private})
}

// streamSession is a lean Session for throughput runs: the sender side serves `remaining`
// copies of one body, the receiver side counts frames. Only its I/O thread touches the
// counters; ready and done are the hand-offs to the test goroutine.
type streamSession struct {
	body      []byte
	remaining int
	received  int
	target    int
	sum       uint64 // of received first bytes, so the check sees every frame's content
	free      bool   // give pooled bodies back, as an application that frees them does
	ready     chan struct{}
	readyOnce sync.Once
	done      chan struct{}
	failed    atomic.Bool
}

func newStreamSession(body []byte) *streamSession {
	return &streamSession{body: body, ready: make(chan struct{}), done: make(chan struct{})}
}

func (s *streamSession) PullMsg(m *msg.Msg) error {
	if s.remaining == 0 {
		return zerr.ErrAgain
	}
	s.remaining--
	if len(s.body) <= msg.InlineSize {
		m.Init(s.body, 0)
	} else {
		m.InitRef(s.body, 0) // the application's buffer, as a zero-copy send would be
	}
	return nil
}

func (s *streamSession) PushMsg(m *msg.Msg) error {
	if b := m.Bytes(); len(b) > 0 {
		s.sum += uint64(b[0])
	}
	if s.free && m.Flags()&msg.Pooled != 0 {
		msg.PutBody(m.Bytes()) // as an application that frees what it received does
	}
	m.Reset()
	s.received++
	if s.received == s.target {
		close(s.done)
	}
	return nil
}

func (s *streamSession) Flush()                        {}
func (s *streamSession) EngineReady()                  { s.readyOnce.Do(func() { close(s.ready) }) }
func (s *streamSession) EngineError(bool, ErrorReason) { s.failed.Store(true) }

// tcpPair returns both ends of a loopback TCP connection, non-blocking, with TCP_NODELAY.
func tcpPair(t testing.TB) (int, int) {
	t.Helper()
	ln, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(ln)
	addr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	if err := unix.Bind(ln, addr); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(ln, 1); err != nil {
		t.Fatal(err)
	}
	sa, _ := unix.Getsockname(ln)
	c, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Connect(c, sa); err != nil {
		t.Fatal(err)
	}
	a, _, err := unix.Accept(ln)
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range []int{a, c} {
		_ = unix.SetNonblock(fd, true)
		_ = unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	}
	return c, a
}

// threadedPair runs a PUSH engine and a PULL engine on two started I/O threads, joined by
// loopback TCP, and waits for their handshake. stop tears everything down.
func threadedPair(t testing.TB, body []byte) (tx, rx *streamSession, th [2]*iothread.Thread, engines [2]*Stream, stop func()) {
	t.Helper()
	for i := range th {
		var err error
		if th[i], err = iothread.New(i); err != nil {
			t.Fatal(err)
		}
		th[i].Start()
	}
	fa, fb := tcpPair(t)
	tx, rx = newStreamSession(body), newStreamSession(nil)
	engines[0] = NewStream(fa, Config{Options: opts(options.PUSH)})
	engines[1] = NewStream(fb, Config{Options: opts(options.PULL)})
	onThread(th[0], func() { engines[0].Plug(th[0], tx) })
	onThread(th[1], func() { engines[1].Plug(th[1], rx) })
	for _, s := range []*streamSession{tx, rx} {
		select {
		case <-s.ready:
		case <-time.After(10 * time.Second):
			t.Fatal("no handshake")
		}
	}
	stop = func() {
		for i := range th {
			done := make(chan struct{})
			onThread(th[i], func() { engines[i].Terminate(); close(done) })
			<-done
			th[i].Stop()
			th[i].Wait()
		}
	}
	return tx, rx, th, engines, stop
}

// send asks the sender to push n frames and waits for the receiver to have them.
func send(t testing.TB, tx, rx *streamSession, th [2]*iothread.Thread, engines [2]*Stream, n int) {
	t.Helper()
	// The target must be in place before the first frame can arrive: onThread only queues the
	// call, and the receiver's thread may handle the socket's data before its mailbox.
	set := make(chan struct{})
	onThread(th[1], func() { rx.target = rx.received + n; close(set) })
	<-set
	onThread(th[0], func() { tx.remaining = n; engines[0].RestartOutput() })
	select {
	case <-rx.done:
	case <-time.After(60 * time.Second):
		t.Fatal("frames did not arrive")
	}
}

// The engines on real I/O threads, under the race detector in `make test`.
func TestStreamOnIOThreads(t *testing.T) {
	checkFds(t)
	body := make([]byte, 100)
	body[0] = 7
	tx, rx, th, engines, stop := threadedPair(t, body)
	defer stop()
	const n = 20000
	send(t, tx, rx, th, engines, n)
	done := make(chan uint64)
	onThread(th[1], func() { done <- rx.sum })
	if sum := <-done; sum != 7*n || tx.failed.Load() || rx.failed.Load() {
		t.Fatalf("sum %d, failed %v %v", sum, tx.failed.Load(), rx.failed.Load())
	}
}

// benchStream streams frames of size bytes; with free the receiver gives every body back
// (Msg.Free, RecvMsgInto), otherwise it keeps them (Recv).
func benchStream(b *testing.B, size int, free bool) {
	body := make([]byte, size)
	tx, rx, th, engines, stop := threadedPair(b, body)
	defer stop()
	rx.free = free
	b.ReportAllocs()
	b.SetBytes(int64(size))
	cpu0 := cpuTime()
	b.ResetTimer()
	send(b, tx, rx, th, engines, b.N)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	// Process CPU per message is steadier than wall time on a VM with steal.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/msg")
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru unix.Rusage
	_ = unix.Getrusage(unix.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Engine to engine over loopback TCP, each on its own I/O thread: the transport part of
// `make bench` (no pipes, no sockets).
func BenchmarkStream1B(b *testing.B)      { benchStream(b, 1, true) }
func BenchmarkStream64B(b *testing.B)     { benchStream(b, 64, true) }
func BenchmarkStream1K(b *testing.B)      { benchStream(b, 1024, true) }
func BenchmarkStream64K(b *testing.B)     { benchStream(b, 64<<10, true) }
func BenchmarkStream64BKeep(b *testing.B) { benchStream(b, 64, false) }
func BenchmarkStream1KKeep(b *testing.B)  { benchStream(b, 1024, false) }
func BenchmarkStream64KKeep(b *testing.B) { benchStream(b, 64<<10, false) }

// echoSession answers every frame it receives with one frame of body, from Flush (the end of
// the engine's decode batch), until it has received limit frames.
type echoSession struct {
	streamSession
	e      *Stream
	owe    int
	limit  int
	onDone func()
}

func (s *echoSession) PushMsg(m *msg.Msg) error {
	m.Reset()
	s.received++
	s.owe++
	return nil
}

func (s *echoSession) Flush() {
	if s.limit > 0 && s.received >= s.limit {
		if s.onDone != nil {
			s.onDone()
			s.onDone = nil
		}
		return
	}
	if s.owe > 0 {
		s.remaining += s.owe
		s.owe = 0
		s.e.RestartOutput()
	}
}

// benchPingPong bounces one frame between two engines on two I/O threads: round-trip
// latency, and the allocations of the one-frame-per-read pattern.
func benchPingPong(b *testing.B, size int, free bool) {
	var th [2]*iothread.Thread
	for i := range th {
		var err error
		if th[i], err = iothread.New(i); err != nil {
			b.Fatal(err)
		}
		th[i].Start()
	}
	fa, fb := tcpPair(b)
	body := make([]byte, size)
	ss := [2]*echoSession{}
	es := [2]*Stream{}
	done := make(chan struct{})
	for i := range ss {
		ss[i] = &echoSession{streamSession: *newStreamSession(body)}
		ss[i].free = free
	}
	es[0] = NewStream(fa, Config{Options: opts(options.PAIR)})
	es[1] = NewStream(fb, Config{Options: opts(options.PAIR)})
	for i := range es {
		ss[i].e = es[i]
		onThread(th[i], func() { es[i].Plug(th[i], ss[i]) })
	}
	<-ss[0].ready
	<-ss[1].ready
	b.ReportAllocs()
	b.ResetTimer()
	onThread(th[0], func() {
		ss[0].limit, ss[0].onDone = b.N, func() { close(done) }
		ss[0].remaining = 1
		es[0].RestartOutput()
	})
	<-done
	b.StopTimer()
	for i := range th {
		stopped := make(chan struct{})
		onThread(th[i], func() { es[i].Terminate(); close(stopped) })
		<-stopped
		th[i].Stop()
		th[i].Wait()
	}
}

func BenchmarkStreamPingPong64B(b *testing.B)     { benchPingPong(b, 64, true) }
func BenchmarkStreamPingPong64BKeep(b *testing.B) { benchPingPong(b, 64, false) }

func (s *streamSession) ZapConnect() error          { return zerr.ErrConnRefused }
func (s *streamSession) WriteZapMsg(*msg.Msg) error { return zerr.ErrConnRefused }
func (s *streamSession) ReadZapMsg(*msg.Msg) error  { return zerr.ErrAgain }
