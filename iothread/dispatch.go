package iothread

import "github.com/zreactor/zmq/object"

// mailboxEvents is the Thread seen as the poller handler of its mailbox's signaler fd.
type mailboxEvents Thread

// InEvent dispatches every queued command. It must drain the mailbox completely: with the
// edge-triggered registration, only a Send after the queue was seen empty makes a new edge.
func (e *mailboxEvents) InEvent() {
	t := (*Thread)(e)
	if t.level {
		t.mailbox.Drain() // before the TryRecv loop: see the mailbox package doc
	}
	for {
		c, ok := t.mailbox.TryRecv()
		if !ok {
			return
		}
		t.cmd = c
		c.Dest.ProcessCommand(&t.cmd)
		t.cmd = object.Command{}
	}
}

// OutEvent is never enabled for the mailbox.
func (e *mailboxEvents) OutEvent() { panic("iothread: mailbox out event") }

// TimerEvent is never armed for the mailbox.
func (e *mailboxEvents) TimerEvent(int) { panic("iothread: mailbox timer event") }
