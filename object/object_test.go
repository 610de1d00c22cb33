package object

import (
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

type sink struct {
	tid     int
	got     []Command
	counted int // IncSeqnum calls
}

func (s *sink) ProcessCommand(c *Command) { s.got = append(s.got, *c) }
func (s *sink) ThreadID() int             { return s.tid }
func (s *sink) IncSeqnum()                { s.counted++ }

// router delivers synchronously into per-thread queues, so tests see what was sent where.
type router struct{ queues map[int][]Command }

func (r *router) SendCommand(tid int, c Command) { r.queues[tid] = append(r.queues[tid], c) }
func (r *router) ChooseIOThread(aff uint64) int  { return 1 }

func TestSendHelpersAddressTheDestinationThread(t *testing.T) {
	r := &router{queues: map[int][]Command{}}
	var o Object
	o.Init(r, 0)
	a, b := &sink{tid: 2}, &sink{tid: 3}
	o.SendPlug(a)
	o.SendActivateWrite(b, 42, 4200)
	o.SendPipeHWM(b, 10, 20)
	o.SendTermEndpoint(a, "tcp://x:1")
	if len(r.queues[2]) != 2 || len(r.queues[3]) != 2 {
		t.Fatalf("queues %v", r.queues)
	}
	if c := r.queues[3][0]; c.Kind != ActivateWrite || c.N != 42 || c.M != 4200 || c.Dest != b {
		t.Fatalf("activate_write %+v", c)
	}
	if c := r.queues[3][1]; c.N != 10 || c.M != 20 {
		t.Fatalf("pipe_hwm %+v", c)
	}
	if c := r.queues[2][1]; c.Str != "tcp://x:1" || c.Kind.String() != "term_endpoint" {
		t.Fatalf("term_endpoint %+v", c)
	}
	if o.ChooseIOThread(0) != 1 || o.ThreadID() != 0 {
		t.Fatal("router passthrough")
	}
	if Kind(200).String() != "command(200)" {
		t.Fatal("unknown kind name")
	}
}

func TestSendDoesNotAllocate(t *testing.T) {
	r := &router{queues: map[int][]Command{2: make([]Command, 0, 1000)}}
	var o Object
	o.Init(r, 0)
	a := &sink{tid: 2}
	allocs := testing.AllocsPerRun(100, func() { o.SendActivateRead(a) })
	if allocs != 0 {
		t.Fatalf("SendActivateRead allocates %v times", allocs)
	}
}

// Plug, own and bind are counted at the destination as they are sent; a bind whose sender
// counted it earlier is not counted twice.
func TestCountedCommands(t *testing.T) {
	r := &router{queues: map[int][]Command{}}
	var o Object
	o.Init(r, 0)
	a, b := &sink{tid: 2}, &sink{tid: 3}
	o.SendPlug(a)
	o.SendOwn(a, b)
	o.SendBind(b, "pipe", true)
	o.SendBind(b, "pipe", false)
	if a.counted != 2 || b.counted != 1 {
		t.Fatalf("counted %d at the plugged owner, %d at the bound sink; want 2 and 1", a.counted, b.counted)
	}
	if len(r.queues[2]) != 2 || len(r.queues[3]) != 2 {
		t.Fatalf("queues %v", r.queues)
	}
}
