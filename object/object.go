package object

import "time"

// Object is embedded by everything that lives on a thread and exchanges commands: it knows its
// home thread and how to reach other threads.
type Object struct {
	router Router
	tid    int
}

// Init sets the object's router and home thread.
func (o *Object) Init(r Router, tid int) { o.router, o.tid = r, tid }

// ThreadID is the slot of the object's home thread.
func (o *Object) ThreadID() int { return o.tid }

// Router returns the router the object sends through.
func (o *Object) Router() Router { return o.router }

// ChooseIOThread picks an I/O thread for a new object, by affinity and load.
func (o *Object) ChooseIOThread(affinity uint64) int { return o.router.ChooseIOThread(affinity) }

// Send queues c for its destination's home thread.
func (o *Object) Send(c Command) { o.router.SendCommand(c.Dest.ThreadID(), c) }

// SendStop asks the thread that owns dest (an I/O thread or the reaper) to stop.
func (o *Object) SendStop(dest Sink) { o.Send(Command{Dest: dest, Kind: Stop}) }

// SendPlug tells dest it now lives on its home thread and may start working; the command is
// counted (Counted).
func (o *Object) SendPlug(dest Counted) {
	dest.IncSeqnum()
	o.Send(Command{Dest: dest, Kind: Plug})
}

// SendOwn asks dest to take child as an owned object; the command is counted (Counted).
func (o *Object) SendOwn(dest Counted, child Sink) {
	dest.IncSeqnum()
	o.Send(Command{Dest: dest, Kind: Own, Obj: child})
}

// SendAttach hands an engine to a session.
func (o *Object) SendAttach(dest Sink, engine any) {
	o.Send(Command{Dest: dest, Kind: Attach, Obj: engine})
}

// SendBind hands a pipe to a socket or session. The command is counted (Counted): here when
// incSeqnum is set, or already by a sender that had to count it earlier, under the lock that
// found dest (an inproc peer found in the context's registry may otherwise finish closing
// between the lookup and the send).
func (o *Object) SendBind(dest Counted, pipe any, incSeqnum bool) {
	if incSeqnum {
		dest.IncSeqnum()
	}
	o.Send(Command{Dest: dest, Kind: Bind, Obj: pipe})
}

// SendActivateRead tells a pipe's reader that it has something to read.
func (o *Object) SendActivateRead(dest Sink) { o.Send(Command{Dest: dest, Kind: ActivateRead}) }

// SendActivateWrite tells a pipe's writer how many messages, and body bytes, the reader has
// consumed.
func (o *Object) SendActivateWrite(dest Sink, msgsRead, bytesRead uint64) {
	o.Send(Command{Dest: dest, Kind: ActivateWrite, N: int64(msgsRead), M: int64(bytesRead)})
}

// SendHiccup tells a pipe's writer that the reader replaced its inbound queue.
func (o *Object) SendHiccup(dest Sink, queue any) {
	o.Send(Command{Dest: dest, Kind: Hiccup, Obj: queue})
}

// SendPipeTerm asks the peer pipe to terminate.
func (o *Object) SendPipeTerm(dest Sink) { o.Send(Command{Dest: dest, Kind: PipeTerm}) }

// SendPipeTermAck acknowledges a pipe_term.
func (o *Object) SendPipeTermAck(dest Sink) { o.Send(Command{Dest: dest, Kind: PipeTermAck}) }

// SendPipeHWM gives the peer pipe new HWM values.
func (o *Object) SendPipeHWM(dest Sink, inHWM, outHWM int) {
	o.Send(Command{Dest: dest, Kind: PipeHWM, N: int64(inHWM), M: int64(outHWM)})
}

// SendTermReq asks owner to terminate child.
func (o *Object) SendTermReq(owner Sink, child Sink) {
	o.Send(Command{Dest: owner, Kind: TermReq, Obj: child})
}

// SendTerm asks a child to terminate, lingering at most linger (negative: forever).
func (o *Object) SendTerm(dest Sink, linger time.Duration) {
	o.Send(Command{Dest: dest, Kind: Term, N: int64(linger)})
}

// SendTermAck reports that the sender finished terminating.
func (o *Object) SendTermAck(dest Sink) { o.Send(Command{Dest: dest, Kind: TermAck}) }

// SendTermEndpoint asks a socket to terminate the endpoint named endpoint.
func (o *Object) SendTermEndpoint(dest Sink, endpoint string) {
	o.Send(Command{Dest: dest, Kind: TermEndpoint, Str: endpoint})
}

// SendReap hands a closed socket to the reaper.
func (o *Object) SendReap(reaper Sink, socket any) {
	o.Send(Command{Dest: reaper, Kind: Reap, Obj: socket})
}

// SendReaped tells the reaper one socket finished its teardown.
func (o *Object) SendReaped(reaper Sink) { o.Send(Command{Dest: reaper, Kind: Reaped}) }

// SendInprocConnected tells a socket that a pending inproc connection is complete. It is
// counted (Counted) by the connecting socket itself, when it parks the connection.
func (o *Object) SendInprocConnected(dest Sink, pipe any) {
	o.Send(Command{Dest: dest, Kind: InprocConnected, Obj: pipe})
}

// SendConnFailed tells a session that its connect attempt failed for good.
func (o *Object) SendConnFailed(dest Sink) { o.Send(Command{Dest: dest, Kind: ConnFailed}) }

// SendDone tells the context's terminating goroutine that the reaper is finished.
func (o *Object) SendDone(dest Sink) { o.Send(Command{Dest: dest, Kind: Done}) }
