package pipe

import (
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
)

// writeSized writes one message of frames frames of size bytes each; it reports false if the
// first frame was refused, and fails t if a later one is.
func writeSized(t *testing.T, p *Pipe, size, frames int) bool {
	t.Helper()
	body := make([]byte, size)
	var m msg.Msg
	for f := range frames {
		var fl msg.Flags
		if f < frames-1 {
			fl = msg.More
		}
		m.Init(body, fl)
		if !p.Write(&m) {
			if f > 0 {
				t.Fatal("pipe refused a frame in the middle of a message")
			}
			return false
		}
	}
	return true
}

// fill writes messages of size bytes until the pipe refuses one and returns how many it took.
func fill(t *testing.T, p *Pipe, size, frames int) int {
	t.Helper()
	n := 0
	for writeSized(t, p, size, frames) {
		if n++; n > 100_000 {
			t.Fatal("the byte limit never stopped the writer")
		}
	}
	return n
}

// The byte limit stops the writer before the HWM when messages are big, counts whole
// messages, and the reader reactivates it after reading half the limit.
func TestByteLimitStopsWriterAndReporterResumesIt(t *testing.T) {
	r, p, s := manualPair([2]int{1000, 1000}, [2]bool{})
	w, rd := p[0], p[1]
	w.SetOutByteLimit(10_000, false)
	if n := fill(t, w, 1000, 1); n != 10 {
		t.Fatalf("10,000-byte limit took %d messages of 1,000 bytes, want 10", n)
	}
	if w.CheckHWM() {
		t.Fatal("CheckHWM reports room past the byte limit")
	}
	w.Flush()
	r.pump()
	// Half the limit is 5,000 bytes: four messages report nothing, the fifth reports.
	if readMsgs(t, rd, 4) != 4 || r.count(object.ActivateWrite) != 0 {
		t.Fatal("activate_write before half the byte limit was read")
	}
	if readMsgs(t, rd, 1) != 1 || r.count(object.ActivateWrite) != 1 {
		t.Fatal("no activate_write after half the byte limit was read")
	}
	r.pump()
	if s[0].writeAct != 1 {
		t.Fatalf("WriteActivated %d times, want 1", s[0].writeAct)
	}
	if n := fill(t, w, 1000, 1); n != 5 {
		t.Fatalf("after reading 5,000 bytes the writer took %d more messages, want 5", n)
	}
}

// Small messages still stop at the HWM, in messages.
func TestByteLimitLeavesHWMForSmallMessages(t *testing.T) {
	_, p, _ := manualPair([2]int{50, 50}, [2]bool{})
	p[0].SetOutByteLimit(1<<20, false)
	if n := fill(t, p[0], 10, 1); n != 50 {
		t.Fatalf("HWM 50 with a 1 MiB byte limit took %d 10-byte messages, want 50", n)
	}
}

// A message is counted when complete: its frames are never refused halfway, and a message
// bigger than the limit gets through an empty pipe.
func TestByteLimitCountsWholeMessages(t *testing.T) {
	r, p, _ := manualPair([2]int{1000, 1000}, [2]bool{})
	w, rd := p[0], p[1]
	w.SetOutByteLimit(1000, false)
	// Three frames of 600 bytes: 1,800 bytes, past the limit, in one message.
	if !writeSized(t, w, 600, 3) {
		t.Fatal("empty pipe refused a message bigger than the limit")
	}
	if writeSized(t, w, 1, 1) {
		t.Fatal("writer took another message past the limit")
	}
	w.Flush()
	r.pump()
	if readMsgs(t, rd, 1) != 1 {
		t.Fatal("reader did not get the big message")
	}
	r.pump()
	if !writeSized(t, w, 600, 3) {
		t.Fatal("writer not resumed once the big message was read")
	}
}

// Routing-id frames do not count against the byte limit, as they do not against the HWM.
func TestByteLimitIgnoresRoutingIDs(t *testing.T) {
	_, p, _ := manualPair([2]int{1000, 1000}, [2]bool{})
	p[0].SetOutByteLimit(100, false)
	var m msg.Msg
	for range 10 {
		m.Init(make([]byte, 50), msg.RoutingID)
		if !p[0].Write(&m) {
			t.Fatal("routing-id frame refused")
		}
	}
	if !p[0].CheckWrite() {
		t.Fatal("routing-id frames counted against the byte limit")
	}
}

// A hiccup drains the old queue and takes the unread messages' bytes off the count, so the
// writer gets its whole limit back.
func TestByteLimitHiccupUndoesUnreadBytes(t *testing.T) {
	r, p, s := manualPair([2]int{1000, 1000}, [2]bool{})
	w, rd := p[0], p[1]
	w.SetOutByteLimit(4000, false)
	if n := fill(t, w, 1000, 1); n != 4 {
		t.Fatalf("took %d messages, want 4", n)
	}
	w.Flush()
	r.pump()
	rd.Hiccup()
	r.pump()
	if s[0].hiccups != 1 {
		t.Fatalf("Hiccuped %d times, want 1", s[0].hiccups)
	}
	if n := fill(t, w, 1000, 1); n != 4 {
		t.Fatalf("after the hiccup the writer took %d messages, want 4", n)
	}
}

// Without a limit (the default, and towards a conflating end, where SetOutByteLimit does
// nothing) bytes never stop the writer nor cause reports.
func TestNoByteLimitByDefault(t *testing.T) {
	r, p, _ := manualPair([2]int{0, 0}, [2]bool{})
	c, q, _ := manualPair([2]int{0, 0}, [2]bool{true, true})
	q[0].SetOutByteLimit(100, false)
	for i := range 100 {
		if !writeSized(t, q[0], 1000, 1) {
			t.Fatalf("conflating pipe refused message %d", i)
		}
	}
	q[0].Flush()
	c.pump()
	for i := range 100 {
		if !writeSized(t, p[0], 64<<10, 1) {
			t.Fatalf("unlimited pipe refused message %d", i)
		}
	}
	p[0].Flush()
	r.pump()
	if readMsgs(t, p[1], 100) != 100 || r.count(object.ActivateWrite) != 0 {
		t.Fatal("reads without a limit sent activate_write")
	}
}

// With keepTenth the byte limit never holds the writer below a tenth of its HWM in messages
// (libzmq: SNDHWM's actual limit "may be as much as 90% lower"), and still stops it there.
func TestByteLimitKeepsATenthOfTheHWM(t *testing.T) {
	_, p, _ := manualPair([2]int{1000, 1000}, [2]bool{})
	p[0].SetOutByteLimit(10_000, true)
	if n := fill(t, p[0], 64<<10, 1); n != 100 {
		t.Fatalf("took %d messages of 64 KiB past a 10,000-byte limit, want a tenth of HWM 1000", n)
	}
	_, q, _ := manualPair([2]int{1000, 1000}, [2]bool{})
	q[1].SetInByteLimit(1<<20, true) // the same, set from the reading end
	if n := fill(t, q[0], 1000, 1); n != 1000 {
		t.Fatalf("took %d messages of 1,000 bytes, want the HWM (1000) before the byte limit", n)
	}
	_, r, _ := manualPair([2]int{1000, 1000}, [2]bool{})
	r[1].SetInByteLimit(100_000, true)
	if n := fill(t, r[0], 500, 1); n != 200 {
		t.Fatalf("took %d messages of 500 bytes past a 100,000-byte limit, want 200", n)
	}
}
