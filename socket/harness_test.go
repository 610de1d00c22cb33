package socket

import (
	"errors"
	"slices"
	"testing"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// The tests run a socket type and its peers on the test goroutine: the socket's pipe ends live
// on thread slot 1, the peers' on slot 2, and commands between them wait in a queue until pump
// delivers them, so every interleaving is decided by the test.

type tid int

func (t tid) ThreadID() int { return int(t) }

type manualRouter struct{ q []object.Command }

func (r *manualRouter) SendCommand(_ int, c object.Command) { r.q = append(r.q, c) }
func (r *manualRouter) ChooseIOThread(uint64) int           { return 0 }

// pump delivers queued commands, including those sent while delivering. The queue's array is
// reused so benchmarks measure the socket, not the harness.
func (r *manualRouter) pump() {
	for i := 0; i < len(r.q); i++ {
		c := r.q[i]
		c.Dest.ProcessCommand(&c)
	}
	clear(r.q)
	r.q = r.q[:0]
}

// harness stands in for the root package's Socket: it owns the socket type and forwards pipe
// events to it, as socket_base_t does.
type harness struct {
	t    testing.TB
	r    *manualRouter
	opts *options.Options
	impl Impl
	gone []*pipe.Pipe // socket-side pipes whose PipeTerminated was delivered
}

func newHarness(t testing.TB, typ options.Type, set ...func(*options.Options)) *harness {
	t.Helper()
	o := options.Defaults(typ)
	for _, f := range set {
		f(&o)
	}
	impl, err := New(typ, &o)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, r: &manualRouter{}, opts: &o, impl: impl}
}

func (h *harness) ReadActivated(p *pipe.Pipe)  { h.impl.ReadActivated(p) }
func (h *harness) WriteActivated(p *pipe.Pipe) { h.impl.WriteActivated(p) }
func (h *harness) Hiccuped(p *pipe.Pipe)       { h.impl.Hiccuped(p) }
func (h *harness) PipeTerminated(p *pipe.Pipe) {
	h.gone = append(h.gone, p)
	h.impl.PipeTerminated(p)
}

// peer is the far end of one pipe: a session or an inproc socket, driven by hand.
type peer struct {
	h      *harness
	p      *pipe.Pipe // peer's end
	own    *pipe.Pipe // socket's end
	writes int        // WriteActivated count
	hiccup int
	gone   bool
}

func (q *peer) ReadActivated(*pipe.Pipe)  {}
func (q *peer) WriteActivated(*pipe.Pipe) { q.writes++ }
func (q *peer) Hiccuped(*pipe.Pipe)       { q.hiccup++ }
func (q *peer) PipeTerminated(*pipe.Pipe) { q.gone = true }

type peerOpt struct {
	sndHWM, rcvHWM int // socket side: outbound and inbound HWM
	local, toAll   bool
	preID          []byte // identity message written before attach (nil: none)
	presetRID      []byte // routing id stored on the socket's end before attach
}

// connect creates a pipe pair and attaches the socket's end. HWMs default to the socket's.
func (h *harness) connect(o peerOpt) *peer {
	if o.sndHWM == 0 {
		o.sndHWM = h.opts.SndHWM
	}
	if o.rcvHWM == 0 {
		o.rcvHWM = h.opts.RcvHWM
	}
	pp := pipe.NewPair([2]pipe.Parent{tid(1), tid(2)}, h.r, [2]int{o.sndHWM, o.rcvHWM},
		[2]bool{false, false})
	q := &peer{h: h, own: pp[0], p: pp[1]}
	pp[0].SetEventSink(h)
	pp[1].SetEventSink(q)
	pp[1].CheckRead()
	if o.preID != nil {
		q.sendFlags(string(o.preID), msg.RoutingID)
	}
	if o.presetRID != nil {
		pp[0].SetRoutingID(o.presetRID)
	}
	h.impl.AttachPipe(pp[0], o.toAll, o.local)
	h.r.pump()
	return q
}

func (h *harness) peers(n int) []*peer {
	ps := make([]*peer, n)
	for i := range ps {
		ps[i] = h.connect(peerOpt{})
	}
	return ps
}

// send sends one message from the socket, frame by frame, stopping at the first error.
func (h *harness) send(frames ...string) error {
	h.t.Helper()
	defer h.r.pump()
	for i, f := range frames {
		var m msg.Msg
		var fl msg.Flags
		if i < len(frames)-1 {
			fl = msg.More
		}
		m.Init([]byte(f), fl)
		if err := h.impl.Send(&m); err != nil {
			return err
		}
		if m.Size() != 0 {
			h.t.Fatalf("Send succeeded without consuming the frame")
		}
	}
	return nil
}

func (h *harness) mustSend(frames ...string) {
	h.t.Helper()
	if err := h.send(frames...); err != nil {
		h.t.Fatalf("send %q: %v", frames, err)
	}
}

// recv receives one whole message from the socket.
func (h *harness) recv() ([]string, error) {
	h.t.Helper()
	defer h.r.pump()
	var out []string
	for {
		var m msg.Msg
		if err := h.impl.Recv(&m); err != nil {
			if len(out) > 0 {
				h.t.Fatalf("message cut after %q: %v", out, err)
			}
			return nil, err
		}
		out = append(out, string(m.Bytes()))
		if !m.More() {
			return out, nil
		}
	}
}

func (h *harness) mustRecv(want ...string) {
	h.t.Helper()
	got, err := h.recv()
	if err != nil || !slices.Equal(got, want) {
		h.t.Fatalf("recv = %q, %v; want %q", got, err, want)
	}
}

func (h *harness) recvNothing() {
	h.t.Helper()
	if got, err := h.recv(); !errors.Is(err, zerr.ErrAgain) {
		h.t.Fatalf("recv = %q, %v; want EAGAIN", got, err)
	}
}

// sendFlags writes one frame with explicit flags from the peer and flushes.
func (q *peer) sendFlags(f string, fl msg.Flags) bool {
	var m msg.Msg
	m.Init([]byte(f), fl)
	ok := q.p.Write(&m)
	q.p.Flush()
	q.h.r.pump()
	return ok
}

// send writes one message from the peer.
func (q *peer) send(frames ...string) bool {
	for i, f := range frames {
		var m msg.Msg
		var fl msg.Flags
		if i < len(frames)-1 {
			fl = msg.More
		}
		m.Init([]byte(f), fl)
		if !q.p.Write(&m) {
			q.p.Rollback()
			return false
		}
	}
	q.p.Flush()
	q.h.r.pump()
	return true
}

// recv reads one whole message at the peer, or nil.
func (q *peer) recv() []string {
	defer q.h.r.pump()
	var out []string
	for {
		var m msg.Msg
		if !q.p.Read(&m) {
			if len(out) > 0 {
				q.h.t.Fatalf("peer message cut after %q", out)
			}
			return nil
		}
		out = append(out, string(m.Bytes()))
		if !m.More() {
			return out
		}
	}
}

func (q *peer) mustRecv(want ...string) {
	q.h.t.Helper()
	if got := q.recv(); !slices.Equal(got, want) {
		q.h.t.Fatalf("peer recv = %q; want %q", got, want)
	}
}

func (q *peer) recvNothing() {
	q.h.t.Helper()
	if got := q.recv(); got != nil {
		q.h.t.Fatalf("peer recv = %q; want nothing", got)
	}
}

// drain reads every waiting message at the peer.
func (q *peer) drain() [][]string {
	var all [][]string
	for m := q.recv(); m != nil; m = q.recv() {
		all = append(all, m)
	}
	return all
}

// close terminates the peer's end (a disconnect) and lets the handshake finish.
func (q *peer) close() {
	q.p.Terminate(false)
	q.h.r.pump()
}

// closeAll closes every peer still open, so pipes do not outlive the test.
func closeAll(ps ...*peer) {
	for _, q := range ps {
		if !q.gone {
			q.close()
		}
	}
}

// sendFrame sends one frame from the socket.
func (h *harness) sendFrame(f string, more bool) error {
	defer h.r.pump()
	var m msg.Msg
	var fl msg.Flags
	if more {
		fl = msg.More
	}
	m.Init([]byte(f), fl)
	return h.impl.Send(&m)
}

// step delivers one queued command.
func (r *manualRouter) step() {
	c := r.q[0]
	r.q = r.q[1:]
	c.Dest.ProcessCommand(&c)
}

// sendNoPump sends one frame without delivering the commands it causes.
func sendNoPump(h *harness, f string, more bool) error {
	var m msg.Msg
	var fl msg.Flags
	if more {
		fl = msg.More
	}
	m.Init([]byte(f), fl)
	return h.impl.Send(&m)
}
