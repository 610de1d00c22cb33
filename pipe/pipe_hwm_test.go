package pipe

import (
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/object"
)

// writeMsg writes one message of frames frames; it reports false if the first frame was refused.
func writeMsg(p *Pipe, seq uint64, frames int) bool {
	var m msg.Msg
	for f := range frames {
		seqMsg(&m, seq, f < frames-1)
		if !p.Write(&m) {
			if f > 0 {
				panic("pipe refused a frame in the middle of a message")
			}
			return false
		}
	}
	return true
}

// readMsgs reads up to n whole messages and returns how many it read.
func readMsgs(t *testing.T, p *Pipe, n int) int {
	t.Helper()
	var m msg.Msg
	got := 0
	for got < n && p.Read(&m) {
		if !m.More() {
			got++
		}
	}
	return got
}

func TestHWMMultipartCountsOnce(t *testing.T) {
	const hwm = 5
	r, p, s := manualPair([2]int{hwm, hwm}, [2]bool{})
	w, rd := p[0], p[1]
	n := 0
	for writeMsg(w, uint64(n), 3) {
		n++
	}
	if n != hwm {
		t.Fatalf("writer accepted %d messages, want %d", n, hwm)
	}
	if w.CheckWrite() || w.CheckHWM() {
		t.Fatal("full pipe reports room")
	}
	w.Flush()
	r.pump()
	// LWM is (5+1)/2 = 3: two reads report nothing, the third reactivates the writer.
	if readMsgs(t, rd, 2) != 2 || r.count(object.ActivateWrite) != 0 {
		t.Fatal("activate_write before LWM messages were read")
	}
	if readMsgs(t, rd, 1) != 1 || r.count(object.ActivateWrite) != 1 {
		t.Fatal("no activate_write after LWM messages")
	}
	r.pump()
	if s[0].writeAct != 1 {
		t.Fatalf("WriteActivated %d times, want 1", s[0].writeAct)
	}
	m := 0
	for writeMsg(w, uint64(n+m), 1) {
		m++
	}
	if m != 3 {
		t.Fatalf("after reactivation writer accepted %d, want 3", m)
	}
}

func TestHWMRoutingIDFramesDoNotCount(t *testing.T) {
	_, p, _ := manualPair([2]int{2, 2}, [2]bool{})
	var m msg.Msg
	for range 10 {
		m.Init([]byte("id"), msg.RoutingID)
		if !p[0].Write(&m) {
			t.Fatal("routing-id frame refused")
		}
	}
	if !p[0].CheckWrite() {
		t.Fatal("routing-id frames counted against the HWM")
	}
}

func TestHWMUnlimitedAndConflate(t *testing.T) {
	for _, conflate := range []bool{false, true} {
		hwms := [2]int{0, 0}
		if conflate {
			hwms = [2]int{1, 1} // ignored towards a conflating end
		}
		r, p, _ := manualPair(hwms, [2]bool{conflate, conflate})
		for i := range 3000 {
			if !writeMsg(p[0], uint64(i), 1) {
				t.Fatalf("conflate=%v: refused message %d", conflate, i)
			}
		}
		p[0].Flush()
		r.pump()
		readMsgs(t, p[1], 3000)
		if n := r.count(object.ActivateWrite); n != 0 {
			t.Fatalf("conflate=%v: %d activate_write with no HWM", conflate, n)
		}
	}
}

func TestSetHWMsAndSendToPeer(t *testing.T) {
	r, p, _ := manualPair([2]int{2, 2}, [2]bool{})
	p[1].SendHWMsToPeer(4, 10) // p[0]: inbound 4, outbound 10
	r.pump()
	n := 0
	for writeMsg(p[0], uint64(n), 1) {
		n++
	}
	if n != 10 {
		t.Fatalf("new HWM 10 let %d through", n)
	}
	if p[0].lwm != 2 {
		t.Fatalf("lwm = %d, want 2", p[0].lwm)
	}
	p[0].SetHWMsBoost(5, 5)
	p[0].SetHWMs(4, 10)
	if p[0].hwm != 15 || p[0].lwm != 5 {
		t.Fatalf("boosted hwm/lwm = %d/%d, want 15/5", p[0].hwm, p[0].lwm)
	}
}

func TestComputeLWM(t *testing.T) {
	for hwm, want := range map[int]int{0: 0, 1: 1, 2: 1, 3: 2, 1000: 500, 1001: 501} {
		if got := computeLWM(hwm); got != want {
			t.Errorf("computeLWM(%d) = %d, want %d", hwm, got, want)
		}
	}
}
