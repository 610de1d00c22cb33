package zmq

import (
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/object"
	"github.com/zreactor/zmq/poller"
)

// reaper is libzmq's reaper_t: closed sockets are handed to it so their teardown (lingering
// pipes, owned sessions and listeners) finishes asynchronously while the application goes on.
// It lives on its own thread; from Reap on, the socket's mailbox is polled by that thread.
type reaper struct {
	object.Object
	ctx         *Context
	thread      *iothread.Thread
	sockets     int
	terminating bool
}

func newReaper(ctx *Context, tid int, opts ...iothread.Option) (*reaper, error) {
	t, err := iothread.New(tid, append(opts, iothread.WithName("Reaper"))...)
	if err != nil {
		return nil, err
	}
	r := &reaper{ctx: ctx, thread: t}
	r.Init(ctx.router(), tid)
	return r, nil
}

func (r *reaper) close() {
	r.thread.Start()
	r.thread.Stop()
	r.thread.Wait()
}

func (r *reaper) ProcessCommand(c *object.Command) {
	switch c.Kind {
	case object.Stop:
		r.terminating = true
		r.checkDone()
	case object.Reap:
		r.sockets++
		c.Obj.(*Socket).startReaping(r.thread.Poller(), r)
	case object.Reaped:
		r.sockets--
		r.checkDone()
	default:
		panic("reaper: unexpected command " + c.Kind.String())
	}
}

func (r *reaper) checkDone() {
	if r.terminating && r.sockets == 0 {
		r.SendDone(doneSink{r.ctx})
	}
}

// doneSink addresses the Done command to the goroutine waiting in Context.Close.
type doneSink struct{ ctx *Context }

func (doneSink) ProcessCommand(*object.Command) {}
func (doneSink) ThreadID() int                  { return termSlot }

// reapedSocket is a closed socket's mailbox registered in the reaper's poller.
type reapedSocket struct {
	s      *Socket
	r      *reaper
	p      *poller.Poller
	handle poller.Handle
}

func (rs *reapedSocket) InEvent() {
	rs.s.mb.Drain() // registered level-triggered: reset before taking the commands
	rs.s.drainCommands(true)
	rs.checkDestroyed()
}

func (rs *reapedSocket) OutEvent()      {}
func (rs *reapedSocket) TimerEvent(int) {}

func (rs *reapedSocket) checkDestroyed() {
	if !rs.s.destroyed {
		return
	}
	rs.p.RemoveFd(rs.handle)
	rs.s.release()
	rs.r.SendReaped(rs.r)
}
