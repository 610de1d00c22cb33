package tcp

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/pipe"
	"github.com/zreactor/zmq/session"
)

// The tests in this file's company run listeners and connecters on real
// I/O threads: a pool whose slot ids index a tiny router, and a stand-in
// for the zmq socket (slot 0) that owns them.

const waitLimit = 5 * time.Second

// reactor is a pool of I/O threads with a router over their mailboxes and
// a socket stand-in living on the first thread.
type reactor struct {
	pool *iothread.Pool
	sock *testSocket
	log  *eventLog
}

// newReactor starts n I/O threads (n >= 1) and the socket stand-in; the
// test's cleanup terminates the socket and stops the threads.
func newReactor(t *testing.T, n int) *reactor {
	t.Helper()
	pool, err := iothread.NewPool(0, n)
	if err != nil {
		t.Fatalf("NewPool: %v", err)
	}
	r := &reactor{pool: pool, log: newEventLog()}
	r.sock = newTestSocket(r, pool.Threads()[0].ThreadID())
	pool.Start()
	t.Cleanup(func() {
		r.terminate(t)
		pool.Stop()
		pool.Wait()
	})
	return r
}

// SendCommand implements object.Router.
func (r *reactor) SendCommand(tid int, c object.Command) {
	r.pool.Threads()[tid].Mailbox().Send(c)
}

// ChooseIOThread implements object.Router.
func (r *reactor) ChooseIOThread(affinity uint64) int { return r.pool.Choose(affinity) }

// pick is the listener's and the connecter factory's thread chooser.
func (r *reactor) pick(affinity uint64) *iothread.Thread {
	tid := r.pool.Choose(affinity)
	if tid < 0 {
		return nil
	}
	return r.pool.Threads()[tid]
}

// exec runs f on the socket stand-in's thread and waits for it.
func (r *reactor) exec(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	r.SendCommand(r.sock.ThreadID(), object.Command{Dest: r.sock, Kind: object.Private, Obj: func() {
		f()
		close(done)
	}})
	select {
	case <-done:
	case <-time.After(waitLimit):
		t.Fatal("socket thread did not run the function")
	}
}

// terminate ends the socket stand-in with everything it owns and waits
// until the ownership protocol has finished (every child acknowledged).
func (r *reactor) terminate(t *testing.T) {
	t.Helper()
	select {
	case <-r.sock.destroyed:
		return
	default:
	}
	r.exec(t, func() { r.sock.Terminate() })
	select {
	case <-r.sock.destroyed:
	case <-time.After(waitLimit):
		t.Fatal("socket stand-in did not finish terminating")
	}
}

// bind makes a listener on 127.0.0.1 with an ephemeral port and launches it.
func (r *reactor) bind(t *testing.T, opts options.Options) *Listener {
	t.Helper()
	l := NewListener(r, r.pool.Threads()[len(r.pool.Threads())-1], session.Config{Socket: r.sock, Options: opts}, r.log, r.pick)
	if _, err := l.SetAddress("127.0.0.1:0"); err != nil {
		t.Fatalf("SetAddress: %v", err)
	}
	r.exec(t, func() { r.sock.LaunchChild(l) })
	return l
}

// connect launches an active session for addr whose connecters are made
// by NewConnecter; each new connecter is passed to adjust before it is
// plugged (nil: no change) and then sent on the returned channel.
func (r *reactor) connect(t *testing.T, opts options.Options, addr string, adjust func(*Connecter)) (*session.Session, <-chan *Connecter) {
	t.Helper()
	made := make(chan *Connecter, 16)
	threads := r.pool.Threads()
	s := session.New(r, session.Config{
		Thread: threads[len(threads)-1], Socket: r.sock, Options: opts, Endpoint: "tcp://" + addr, Active: true,
		Connecter: func(s *session.Session, delayed bool) own.Owned {
			c := NewConnecter(r, r.pick(s.Options().Affinity), s, *s.Options(), addr, delayed, r.log)
			if adjust != nil {
				adjust(c)
			}
			made <- c
			return c
		},
	})
	r.exec(t, func() { r.sock.LaunchChild(s) })
	return s, made
}

// testSocket stands in for the zmq socket: the root of the ownership tree.
// It runs functions sent to it as Private commands and records the
// endpoints its sessions give up on.
type testSocket struct {
	own.Own
	destroyed     chan struct{}
	termEndpoints chan string
	binds         chan *pipe.Pipe
}

func newTestSocket(r object.Router, tid int) *testSocket {
	s := &testSocket{destroyed: make(chan struct{}), termEndpoints: make(chan string, 16), binds: make(chan *pipe.Pipe, 16)}
	s.Init(r, tid, s, s)
	s.SetLinger(0)
	return s
}

func (s *testSocket) ProcessCommand(c *object.Command) {
	switch c.Kind {
	case object.Private:
		c.Obj.(func())()
	case object.TermEndpoint:
		s.termEndpoints <- c.Str
	case object.Bind:
		// A session finished a handshake and made its pipe (counted by
		// the session with IncSeqnum). Its end here drains what arrives
		// and lets termination through at once.
		p := c.Obj.(*pipe.Pipe)
		p.SetEventSink(s)
		p.SetNoDelay()
		s.binds <- p
		s.ProcessSeqnum()
	default:
		s.Own.ProcessCommand(c)
	}
}

// ReadActivated implements pipe.EventSink: drop what arrives.
func (s *testSocket) ReadActivated(p *pipe.Pipe) {
	var m msg.Msg
	for p.Read(&m) {
	}
}

func (s *testSocket) WriteActivated(*pipe.Pipe) {}
func (s *testSocket) Hiccuped(*pipe.Pipe)       {}
func (s *testSocket) PipeTerminated(*pipe.Pipe) {}

func (s *testSocket) Plugged()   {}
func (s *testSocket) Destroyed() { close(s.destroyed) }

// eventLog records monitor events for the test goroutine to wait on.
type eventLog struct {
	mu     sync.Mutex
	events []event.Event
	times  []time.Time // when each event was raised
	seen   int         // events consumed by next
	notify chan struct{}
}

func newEventLog() *eventLog { return &eventLog{notify: make(chan struct{}, 1)} }

// Event implements event.Sink.
func (l *eventLog) Event(e event.Event) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.times = append(l.times, time.Now())
	l.mu.Unlock()
	select {
	case l.notify <- struct{}{}:
	default:
	}
}

// next returns the next event not yet consumed, waiting for it.
func (l *eventLog) next(t *testing.T) event.Event {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		l.mu.Lock()
		if l.seen < len(l.events) {
			e := l.events[l.seen]
			l.seen++
			l.mu.Unlock()
			return e
		}
		l.mu.Unlock()
		select {
		case <-l.notify:
		case <-deadline:
			t.Fatalf("no monitor event within %v; so far: %s", waitLimit, l)
		}
	}
}

// expect consumes the next event and checks its kind.
func (l *eventLog) expect(t *testing.T, k event.Kind) event.Event {
	t.Helper()
	e := l.next(t)
	if e.Kind != k {
		t.Fatalf("event %v %d %q, want %v; all: %s", e.Kind, e.Value, e.Endpoint, k, l)
	}
	return e
}

// skipTo consumes events up to and including the next one of kind k.
func (l *eventLog) skipTo(t *testing.T, k event.Kind) event.Event {
	t.Helper()
	for {
		if e := l.next(t); e.Kind == k {
			return e
		}
	}
}

// timeOf returns when the i-th event (counting from 0) was raised.
func (l *eventLog) timeOf(i int) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.times[i]
}

// consumed is how many events next has returned.
func (l *eventLog) consumed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen
}

// rest returns the events not consumed yet, without waiting.
func (l *eventLog) rest() []event.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := append([]event.Event(nil), l.events[l.seen:]...)
	l.seen = len(l.events)
	return r
}

func (l *eventLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, e := range l.events {
		fmt.Fprintf(&b, "[%v %d %s] ", e.Kind, e.Value, e.Endpoint)
	}
	return b.String()
}
