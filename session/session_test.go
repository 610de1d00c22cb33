package session

import (
	"testing"
	"time"

	"github.com/zreactor/zmq/engine"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/own"
	"github.com/zreactor/zmq/pipe"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// fakeSocket owns the session and records what reaches it; it lives on slot 0, which the
// test drains by hand.
type fakeSocket struct {
	own.Own
	bound chan *pipe.Pipe
}

func (f *fakeSocket) ProcessCommand(c *object.Command) {
	if c.Kind == object.Bind {
		f.bound <- c.Obj.(*pipe.Pipe)
		f.ProcessSeqnum()
		return
	}
	f.Own.ProcessCommand(c)
}

// router: slot 0 is the test's queue, slot 1 the I/O thread.
type router struct {
	app chan object.Command
	t   *iothread.Thread
}

func (r *router) SendCommand(tid int, c object.Command) {
	if tid == 0 {
		r.app <- c
		return
	}
	r.t.Mailbox().Send(c)
}
func (r *router) ChooseIOThread(uint64) int { return 1 }

// fakeEngine records the session's calls.
type fakeEngine struct{ plugged chan engine.Session }

func (e *fakeEngine) Plug(t *iothread.Thread, s engine.Session) { e.plugged <- s }
func (e *fakeEngine) Terminate()                                {}
func (e *fakeEngine) RestartInput() bool                        { return true }
func (e *fakeEngine) RestartOutput()                            {}
func (e *fakeEngine) HasHandshakeStage() bool                   { return true }
func (e *fakeEngine) ZapMsgAvailable()                          {}
func (e *fakeEngine) Drain(func()) bool                         { return false }

func TestPassiveSessionMakesItsPipeWhenReady(t *testing.T) {
	th, err := iothread.New(1)
	if err != nil {
		t.Fatal(err)
	}
	th.Start()
	defer func() { th.Stop(); th.Wait() }()
	r := &router{app: make(chan object.Command, 64), t: th}
	sock := &fakeSocket{bound: make(chan *pipe.Pipe, 1)}
	sock.Init(r, 0, sock, nil)
	s := New(r, Config{Thread: th, Socket: sock, Options: options.Defaults(options.PULL)})
	e := &fakeEngine{plugged: make(chan engine.Session, 1)}
	sock.LaunchChild(s)
	s.SendAttach(s, e)
	var es engine.Session
	select {
	case es = <-e.plugged:
	case <-time.After(5 * time.Second):
		t.Fatal("engine never plugged")
	}
	// EngineReady and PushMsg run on the I/O thread, as the engine would call them.
	pushed := make(chan error, 2)
	flushed := make(chan struct{})
	th.Mailbox().Send(object.Command{Dest: callback{th, func() {
		es.EngineReady()
		var cmd, data msg.Msg
		cmd.Init([]byte("\x04PING\x00\x00"), msg.Command)
		pushed <- es.PushMsg(&cmd) // a non-subscription command stops at the session
		data.Init([]byte("hello"), 0)
		pushed <- es.PushMsg(&data)
		es.Flush()
		close(flushed)
	}}, Kind: object.Private})
	var p *pipe.Pipe
	deadline := time.After(5 * time.Second)
	for p == nil {
		select {
		case c := <-r.app:
			c.Dest.ProcessCommand(&c)
		case p = <-sock.bound:
		case <-deadline:
			t.Fatal("no pipe bound to the socket")
		}
	}
	for i := 0; i < 2; i++ {
		if err := <-pushed; err != nil {
			t.Fatalf("PushMsg: %v", err)
		}
	}
	<-flushed // the frames are visible to the socket side only once flushed
	var m msg.Msg
	if !p.Read(&m) || string(m.Bytes()) != "hello" {
		t.Fatalf("socket read %q, want hello (the PING command must not reach the socket)", m.Bytes())
	}
	if p.Read(&m) {
		t.Fatalf("unexpected second message %q", m.Bytes())
	}
}

type callback struct {
	t  *iothread.Thread
	fn func()
}

func (c callback) ProcessCommand(*object.Command) { c.fn() }
func (c callback) ThreadID() int                  { return c.t.ThreadID() }

func TestIsSubscription(t *testing.T) {
	for body, want := range map[string]bool{
		"\x09SUBSCRIBEtopic": true, "\x06CANCEL": true, "\x04PING\x00\x00": false, "\x09SUB": false,
	} {
		var m msg.Msg
		m.Init([]byte(body), msg.Command)
		if got := isSubscription(&m); got != want {
			t.Errorf("isSubscription(%q) = %v", body, got)
		}
	}
}
