package mailbox

import (
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/yield"
)

// waitParked waits until the consumer goroutine is parked in Recv.
func waitParked(t *testing.T, m *Mailbox[item]) {
	t.Helper()
	waitMark(t, m, "parked", func() bool { return m.parked })
}

// A parked consumer is readied through its channel: the eventfd is never written for it, so
// the wake-up costs no system call on either side.
func TestParkedRecvWokenWithoutEventfd(t *testing.T) {
	leakcheck.FDs(t)
	m := newWaiter(t, true)
	for round := range 3 {
		done := make(chan item, 1)
		go func() {
			v, err := m.Recv(-1)
			if err != nil {
				t.Error(err)
			}
			done <- v
		}()
		waitParked(t, m)
		m.Send(item{0, round})
		if v := <-done; v.seq != round {
			t.Fatalf("round %d: got %d", round, v.seq)
		}
		if readable(t, m.sig) {
			t.Fatalf("round %d: the eventfd was written for a parked consumer", round)
		}
	}
	if n := m.Signals(); n != 3 {
		t.Fatalf("%d wake-ups for 3 parked Recvs", n)
	}
}

// A timed-out parked Recv leaves the consumer asleep but not parked: the next Send goes to
// the eventfd, and the next Recv takes the item and resets it.
func TestParkedRecvTimeoutUnparks(t *testing.T) {
	leakcheck.FDs(t)
	m := newWaiter(t, true)
	if _, err := m.Recv(5 * time.Millisecond); err != ErrTimeout {
		t.Fatalf("Recv(5ms) on empty: %v", err)
	}
	m.mu.Lock()
	parked, asleep := m.parked, m.asleep
	m.mu.Unlock()
	if parked || !asleep {
		t.Fatalf("after a timeout: parked %v, asleep %v; want false, true", parked, asleep)
	}
	m.Send(item{0, 9})
	if !readable(t, m.sig) {
		t.Fatal("Send to a consumer asleep but not parked did not write the eventfd")
	}
	if v, err := m.Recv(-1); err != nil || v.seq != 9 {
		t.Fatalf("Recv: %v, %v", v, err)
	}
	// The timer is reused, and a Send that wakes the parked Recv stops it.
	for range 3 {
		if _, err := m.Recv(time.Millisecond); err != ErrTimeout {
			t.Fatalf("Recv(1ms): %v", err)
		}
	}
}

// Only a consumer that asked for it (HandOffOnWake, as a receiving socket does) has its waker
// hand over the P; one waiting for room to send does not, so the I/O thread that made the
// room goes on writing beside it.
func TestParkedRecvHandOffOnlyWhenAsked(t *testing.T) {
	leakcheck.FDs(t)
	m := newWaiter(t, true)
	yield.HandOff() // clear what earlier tests left
	for _, on := range []bool{true, false, true} {
		m.HandOffOnWake(on)
		done := make(chan struct{})
		go func() {
			defer close(done)
			if _, err := m.Recv(-1); err != nil {
				t.Error(err)
			}
		}()
		waitParked(t, m)
		m.Send(item{0, 1})
		<-done
		if got := yield.HandOff(); got != on {
			t.Fatalf("HandOffOnWake(%v): the waker handed off %v", on, got)
		}
	}
}
