package pipe

import (
	"testing"

	"github.com/zreactor/zmq/msg"
)

// drainSeq reads every available message, checking they continue the sequence from next.
func drainSeq(t *testing.T, p *Pipe, next uint64) uint64 {
	t.Helper()
	var m msg.Msg
	for p.Read(&m) {
		if got := seqOf(&m); got != next {
			t.Fatalf("read message %d, want %d", got, next)
		}
		if !m.More() {
			next++
		}
	}
	return next
}

func checkTerminated(t *testing.T, r *manualRouter, s [2]*recSink) {
	t.Helper()
	r.pump()
	if s[0].terms != 1 || s[1].terms != 1 || len(r.q) != 0 {
		t.Fatalf("PipeTerminated %d/%d times, %d commands left", s[0].terms, s[1].terms, len(r.q))
	}
}

func writeN(t *testing.T, p *Pipe, n int) { writeFrom(t, p, 0, n) }

// writeFrom writes messages from..from+n-1 of 1 to 3 frames.
func writeFrom(t *testing.T, p *Pipe, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		if !writeMsg(p, uint64(i), 1+i%3) {
			t.Fatalf("refused message %d", i)
		}
	}
}

// The writer terminates with messages in flight; whatever its delay, the reader (default
// delay) gets them all, in either order of command and delimiter arrival.
func TestTerminateByWriterDeliversAll(t *testing.T) {
	for _, delay := range []bool{true, false} {
		for _, readFirst := range []bool{true, false} {
			r, p, s := manualPair([2]int{}, [2]bool{})
			writeN(t, p[0], 100)
			writeMsg(p[0], 100, 3) // complete: Terminate flushes it
			var part msg.Msg
			seqMsg(&part, 101, true)
			p[0].Write(&part) // incomplete: Terminate rolls it back
			p[0].Terminate(delay)
			if p[0].Write(&msg.Msg{}) {
				t.Fatal("write accepted after Terminate")
			}
			var next uint64
			if readFirst { // delimiter read before pipe_term arrives: delimiter_received
				next = drainSeq(t, p[1], 0)
			}
			r.pump()
			next = drainSeq(t, p[1], next)
			if next != 101 {
				t.Fatalf("delay=%v readFirst=%v: read up to %d", delay, readFirst, next)
			}
			checkTerminated(t, r, s)
		}
	}
}

func TestTerminateByReaderNoDelayDropsPending(t *testing.T) {
	r, p, s := manualPair([2]int{}, [2]bool{})
	p[1].SetNoDelay()
	writeN(t, p[0], 50)
	p[0].Flush()
	r.pump()
	p[0].Terminate(true)
	r.pump()
	var m msg.Msg
	if p[1].Read(&m) {
		t.Fatal("no-delay end still readable after peer's termination")
	}
	checkTerminated(t, r, s)
}

func TestTerminateByReaderWhileInFlight(t *testing.T) {
	for _, delay := range []bool{true, false} {
		r, p, s := manualPair([2]int{}, [2]bool{})
		writeN(t, p[0], 50)
		p[0].Flush()
		next := uint64(0)
		var m msg.Msg
		for range 10 {
			p[1].Read(&m)
		}
		p[1].Terminate(delay)
		if p[1].Read(&m) {
			t.Fatal("terminating reader still reads")
		}
		writeN(t, p[0], 5) // before pipe_term arrives: accepted, later dropped
		p[0].Flush()
		r.pump()
		if p[0].Write(&m) {
			t.Fatal("writer accepts after peer's pipe_term")
		}
		// The writer end (default delay) reads the reader's delimiter and acks.
		next = drainSeq(t, p[0], 0)
		if next != 0 {
			t.Fatal("writer end read a message")
		}
		checkTerminated(t, r, s)
	}
}

func TestTerminateBothAtOnce(t *testing.T) {
	for _, delay := range []bool{true, false} {
		r, p, s := manualPair([2]int{}, [2]bool{})
		writeN(t, p[0], 20)
		p[0].Terminate(delay)
		p[1].Terminate(delay)
		p[0].Terminate(delay) // repeated calls are harmless
		checkTerminated(t, r, s)
	}
}

// The peer terminated first (waiting_for_delimiter); Terminate(false) then drops the rest.
func TestTerminateWhileWaitingForDelimiter(t *testing.T) {
	for _, delay := range []bool{true, false} {
		r, p, s := manualPair([2]int{}, [2]bool{})
		writeN(t, p[0], 20)
		p[0].Terminate(true)
		r.pump()
		var m msg.Msg
		p[1].Read(&m)
		p[1].Terminate(delay)
		r.pump()
		if delay {
			if s[1].terms != 0 {
				t.Fatal("terminated with messages left to read")
			}
			drainSeq(t, p[1], 1)
		}
		checkTerminated(t, r, s)
	}
}

func TestCheckReadSeesDelimiter(t *testing.T) {
	r, p, s := manualPair([2]int{}, [2]bool{})
	p[0].Terminate(true)
	r.pump()
	if p[1].CheckRead() {
		t.Fatal("CheckRead true on a delimiter")
	}
	checkTerminated(t, r, s)
}

func TestReadActivatedOnlyAfterSleep(t *testing.T) {
	r, p, s := manualPair([2]int{}, [2]bool{})
	writeN(t, p[0], 3)
	p[0].Flush()
	r.pump()
	if s[1].readAct != 1 {
		t.Fatalf("ReadActivated %d times, want 1", s[1].readAct)
	}
	writeFrom(t, p[0], 3, 3)
	p[0].Flush()
	if len(r.q) != 0 {
		t.Fatal("activate_read sent to an awake reader")
	}
	if next := drainSeq(t, p[1], 0); next != 6 {
		t.Fatalf("read %d messages, want 6", next)
	}
}

func TestRollbackDropsIncomplete(t *testing.T) {
	r, p, _ := manualPair([2]int{}, [2]bool{})
	writeMsg(p[0], 0, 2)
	var m msg.Msg
	seqMsg(&m, 7, true)
	p[0].Write(&m)
	p[0].Write(&m)
	p[0].Rollback()
	writeMsg(p[0], 1, 1)
	p[0].Flush()
	r.pump()
	if next := drainSeq(t, p[1], 0); next != 2 {
		t.Fatalf("read up to %d, want 2", next)
	}
}

func TestHiccup(t *testing.T) {
	r, p, s := manualPair([2]int{10, 10}, [2]bool{})
	writeN(t, p[0], 6)
	p[0].Flush()
	r.pump()
	p[1].Hiccup()
	writeN(t, p[0], 4) // still to the old queue: dropped
	p[0].Flush()
	if p[0].CheckWrite() {
		t.Fatal("expected a full pipe before the hiccup is processed")
	}
	r.pump()
	if s[0].hiccups != 1 || p[0].msgsWritten != 0 {
		t.Fatalf("hiccups=%d msgsWritten=%d", s[0].hiccups, p[0].msgsWritten)
	}
	writeN(t, p[0], 10)
	p[0].Flush()
	r.pump()
	if next := drainSeq(t, p[1], 0); next != 10 {
		t.Fatalf("read %d messages after hiccup, want 10", next)
	}
}

// A hiccup crossing the writer's Terminate must not swallow the delimiter.
func TestHiccupDuringTermination(t *testing.T) {
	r, p, s := manualPair([2]int{}, [2]bool{})
	writeN(t, p[0], 5)
	p[0].Terminate(true)
	p[1].Hiccup()
	r.pump()
	drainSeq(t, p[1], 0) // the owner reads on ReadActivated and finds the delimiter
	checkTerminated(t, r, s)
	if s[1].readAct != 1 {
		t.Fatalf("ReadActivated %d times after hiccup, want 1", s[1].readAct)
	}
}
