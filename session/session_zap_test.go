package session

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq/engine"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// zapSocket is a fakeSocket whose ConnectZAP serves as Config.ZapConnect: the handler's
// pipe end lives on slot 0 too, read and written by the test.
type zapSocket struct {
	fakeSocket
	handler *pipe.Pipe
	calls   int
}

func (z *zapSocket) ConnectZAP(parent pipe.Parent) (*pipe.Pipe, error) {
	z.calls++
	p := pipe.NewPair([2]pipe.Parent{parent, &z.fakeSocket}, z.Router(), [2]int{0, 0}, [2]bool{})
	z.handler = p[1]
	return p[0], nil
}

// handlerSink records the handler end's events.
type handlerSink struct{ terminated chan struct{} }

func (handlerSink) ReadActivated(*pipe.Pipe)    {}
func (handlerSink) WriteActivated(*pipe.Pipe)   {}
func (handlerSink) Hiccuped(*pipe.Pipe)         {}
func (h handlerSink) PipeTerminated(*pipe.Pipe) { close(h.terminated) }

// zapEngine reads the ZAP reply when the session says it is there.
type zapEngine struct {
	fakeEngine
	s          engine.Session
	replies    chan []string
	terminated chan struct{}
}

func (e *zapEngine) Plug(_ *iothread.Thread, s engine.Session) { e.s = s; e.plugged <- s }
func (e *zapEngine) Terminate()                                { close(e.terminated) }
func (e *zapEngine) ZapMsgAvailable() {
	var got []string
	for {
		var m msg.Msg
		err := e.s.ReadZapMsg(&m)
		if errors.Is(err, zerr.ErrAgain) {
			break
		}
		if err != nil {
			got = append(got, "error: "+err.Error())
			break
		}
		got = append(got, string(m.Bytes()))
	}
	e.replies <- got
}

// onThread runs fn on the I/O thread and waits for it, serving slot 0 meanwhile.
func onThread(t *testing.T, th *iothread.Thread, r *router, fn func()) {
	t.Helper()
	done := make(chan struct{})
	th.Mailbox().Send(object.Command{Dest: callback{th, func() { fn(); close(done) }}, Kind: object.Private})
	waitServing(t, r, done)
}

// waitServing processes slot 0's commands until done is closed, then those already queued
// (select picks among ready cases at random, so done may win over a queued command).
func waitServing(t *testing.T, r *router, done <-chan struct{}) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case <-done:
			for {
				select {
				case c := <-r.app:
					c.Dest.ProcessCommand(&c)
				default:
					return
				}
			}
		case c := <-r.app:
			c.Dest.ProcessCommand(&c)
		case <-deadline:
			t.Fatal("timed out")
		}
	}
}

// The session's ZAP pipe: connected once, requests flushed with their last frame, replies
// announced to the engine, and the session's termination waits for the pipe.
func TestSessionZapPipe(t *testing.T) {
	th, err := iothread.New(1)
	if err != nil {
		t.Fatal(err)
	}
	th.Start()
	defer func() { th.Stop(); th.Wait() }()
	r := &router{app: make(chan object.Command, 64), t: th}
	sock := &zapSocket{fakeSocket: fakeSocket{bound: make(chan *pipe.Pipe, 1)}}
	sock.Init(r, 0, sock, nil)
	s := New(r, Config{Thread: th, Socket: sock, Options: options.Defaults(options.DEALER), ZapConnect: sock.ConnectZAP})
	e := &zapEngine{fakeEngine: fakeEngine{plugged: make(chan engine.Session, 1)},
		replies: make(chan []string, 1), terminated: make(chan struct{})}
	sock.LaunchChild(s)
	s.SendAttach(s, e)
	select {
	case <-e.plugged:
	case <-time.After(5 * time.Second):
		t.Fatal("engine never plugged")
	}

	var errs []error
	onThread(t, th, r, func() {
		var m msg.Msg
		errs = append(errs, s.ReadZapMsg(&m)) // not connected yet
		errs = append(errs, s.ZapConnect(), s.ZapConnect())
		m.Init([]byte("a"), msg.More)
		errs = append(errs, s.WriteZapMsg(&m))
		m.Init([]byte("b"), 0)
		errs = append(errs, s.WriteZapMsg(&m))
		errs = append(errs, s.ReadZapMsg(&m)) // nothing yet
	})
	if !errors.Is(errs[0], syscall.ENOTCONN) || errs[1] != nil || errs[2] != nil || errs[3] != nil ||
		errs[4] != nil || !errors.Is(errs[5], zerr.ErrAgain) {
		t.Fatalf("errors %v", errs)
	}
	if sock.calls != 1 {
		t.Fatalf("ConnectZAP called %d times, want once", sock.calls)
	}
	h := sock.handler
	sink := handlerSink{terminated: make(chan struct{})}
	h.SetEventSink(sink)
	var got []string
	for _, want := range []string{"a", "b"} {
		var m msg.Msg
		if !h.Read(&m) {
			t.Fatal("the request was not flushed")
		}
		got = append(got, string(m.Bytes()))
		if m.More() != (want == "a") {
			t.Fatalf("frame %q More=%v", want, m.More())
		}
	}
	if got[0] != "a" || got[1] != "b" {
		t.Fatalf("handler read %q", got)
	}

	// The reply wakes the engine through the session.
	for i, body := range []string{"r1", "r2"} {
		var m msg.Msg
		var f msg.Flags
		if i == 0 {
			f = msg.More
		}
		m.Init([]byte(body), f)
		h.Write(&m)
	}
	h.Flush()
	select {
	case rep := <-e.replies:
		if len(rep) != 2 || rep[0] != "r1" || rep[1] != "r2" {
			t.Fatalf("engine read %q", rep)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ZapMsgAvailable never called")
	}

	// Termination ends the ZAP pipe too, and waits for it before the session is gone.
	sock.TermChild(s)
	deadline := time.After(5 * time.Second)
	for done := false; !done; {
		var m msg.Msg
		h.Read(&m) // as the handler socket would: the session's delimiter moves termination on
		select {
		case <-sink.terminated:
			done = true
		case c := <-r.app:
			c.Dest.ProcessCommand(&c)
		case <-deadline:
			t.Fatal("the ZAP pipe never terminated")
		}
	}
	waitServing(t, r, e.terminated)
}

func TestSessionZapConnectWithoutConnector(t *testing.T) {
	s := &Session{socket: &fakeSocket{}, opts: &options.Options{}} // no ZapConnect
	if err := s.ZapConnect(); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("ZapConnect = %v, want ECONNREFUSED", err)
	}
	var m msg.Msg
	if err := s.WriteZapMsg(&m); !errors.Is(err, syscall.ENOTCONN) {
		t.Fatalf("WriteZapMsg = %v, want ENOTCONN", err)
	}
}
