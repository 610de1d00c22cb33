package mailbox

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// checker verifies that every producer's items arrive once and in order.
type checker struct {
	t    *testing.T
	next []int
	got  int
}

func (c *checker) add(v item) {
	if v.seq != c.next[v.from] {
		c.t.Fatalf("producer %d: got seq %d, want %d", v.from, v.seq, c.next[v.from])
	}
	c.next[v.from]++
	c.got++
}

// produce starts n producers each sending per items, pausing after every pause-th item so
// that the consumer keeps falling asleep and being woken.
func produce(m *Mailbox[item], n, per, pause int) *sync.WaitGroup {
	var wg sync.WaitGroup
	for p := range n {
		wg.Go(func() {
			for s := range per {
				m.Send(item{p, s})
				if s%pause == 0 {
					time.Sleep(time.Microsecond) // let the consumer catch up and fall asleep
				}
			}
		})
	}
	return &wg
}

const producers, perProducer = 8, 5000

// pauses are the stress variants: long bursts, and short ones that make the consumer sleep
// (and be signalled) thousands of times.
var pauses = []int{97, 3}

// waitModes runs f for a consumer that waits on the eventfd and for one that parks (Park).
func waitModes(t *testing.T, f func(t *testing.T, park bool)) {
	t.Run("eventfd", func(t *testing.T) { f(t, false) })
	t.Run("park", func(t *testing.T) { f(t, true) })
}

// newWaiter is newMailbox with the consumer's wait mode.
func newWaiter(t *testing.T, park bool) *Mailbox[item] {
	m := newMailbox(t)
	if park {
		m.Park()
	}
	return m
}

func TestManyProducersRecv(t *testing.T) {
	waitModes(t, func(t *testing.T, park bool) {
		for _, pause := range pauses {
			t.Run(fmt.Sprint("pause", pause), func(t *testing.T) { testManyProducersRecv(t, park, pause) })
		}
	})
}

func testManyProducersRecv(t *testing.T, park bool, pause int) {
	leakcheck.FDs(t)
	m := newWaiter(t, park)
	wg := produce(m, producers, perProducer, pause)
	c := &checker{t: t, next: make([]int, producers)}
	for c.got < producers*perProducer {
		v, err := m.Recv(10 * time.Second) // a lost wake-up shows up as a timeout
		if err != nil {
			t.Fatalf("after %d items: %v", c.got, err)
		}
		c.add(v)
	}
	wg.Wait()
	if _, ok := m.TryRecv(); ok {
		t.Fatal("extra item")
	}
	t.Logf("%d items, %d signals", c.got, m.Signals())
}

func TestBurstCostsOneSignal(t *testing.T) {
	leakcheck.FDs(t)
	m := newMailbox(t)
	for round := range 3 {
		if _, ok := m.TryRecv(); ok { // announce sleep
			t.Fatal("unexpected item")
		}
		before := m.Signals()
		for i := range 1000 {
			m.Send(item{0, i})
		}
		if d := m.Signals() - before; d != 1 {
			t.Fatalf("round %d: burst of 1000 sends to a sleeping consumer cost %d signals", round, d)
		}
		m.Drain()
		for i := range 1000 {
			if v, ok := m.TryRecv(); !ok || v.seq != i {
				t.Fatalf("round %d: item %d = %v, %v", round, i, v, ok)
			}
		}
	}
	// An awake consumer (it has not seen the queue empty) is not signalled at all.
	m.Send(item{0, 0})
	before := m.Signals()
	if _, ok := m.TryRecv(); !ok {
		t.Fatal("missing item")
	}
	m.Send(item{0, 1})
	if m.Signals() != before {
		t.Fatal("send to an awake consumer signalled")
	}
}

func TestFirstSendSignals(t *testing.T) {
	leakcheck.FDs(t)
	m := newMailbox(t)
	m.Send(item{})
	if m.Signals() != 1 {
		t.Fatalf("first send to a new mailbox: %d signals, want 1 (consumer starts asleep)", m.Signals())
	}
	fds := []unix.PollFd{{Fd: int32(m.Fd()), Events: unix.POLLIN}}
	if n, err := unix.Poll(fds, 0); n != 1 || err != nil {
		t.Fatalf("eventfd not readable after a signal: %d, %v", n, err)
	}
	m.Drain()
	if n, _ := unix.Poll(fds, 0); n != 0 {
		t.Fatal("eventfd still readable after Drain")
	}
}

func TestRecvTimeout(t *testing.T) { waitModes(t, testRecvTimeout) }

func testRecvTimeout(t *testing.T, park bool) {
	leakcheck.FDs(t)
	m := newWaiter(t, park)
	if _, err := m.Recv(0); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("Recv(0) on empty: %v", err)
	}
	start := time.Now()
	_, err := m.Recv(30 * time.Millisecond)
	if !errors.Is(err, syscall.EAGAIN) || err != ErrTimeout {
		t.Fatalf("Recv(30ms) on empty: %v", err)
	}
	if el := time.Since(start); el < 30*time.Millisecond {
		t.Fatalf("Recv(30ms) returned after %v", el)
	}
	m.Send(item{0, 7})
	if v, err := m.Recv(0); err != nil || v.seq != 7 {
		t.Fatalf("Recv(0) with an item: %v, %v", v, err)
	}
}

func TestRecvWokenBySend(t *testing.T) { waitModes(t, testRecvWokenBySend) }

func testRecvWokenBySend(t *testing.T, park bool) {
	leakcheck.FDs(t)
	m := newWaiter(t, park)
	done := make(chan error, 1)
	go func() {
		v, err := m.Recv(10 * time.Second)
		if err == nil && v.seq != 42 {
			err = errors.New("wrong item")
		}
		done <- err
	}()
	waitAsleep(t, m)
	m.Send(item{0, 42})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestWakeInterruptsRecv(t *testing.T) { waitModes(t, testWakeInterruptsRecv) }

func testWakeInterruptsRecv(t *testing.T, park bool) {
	leakcheck.FDs(t)
	m := newWaiter(t, park)
	done := make(chan error, 1)
	go func() {
		_, err := m.Recv(-1)
		done <- err
	}()
	waitAsleep(t, m)
	m.Wake()
	select {
	case err := <-done:
		if !errors.Is(err, syscall.EINTR) {
			t.Fatalf("Recv after Wake: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Wake did not interrupt Recv")
	}
	// The wake-up is consumed: a later Recv waits normally.
	if _, err := m.Recv(time.Millisecond); err != ErrTimeout {
		t.Fatalf("Recv after a consumed Wake: %v", err)
	}
	// A queued item is returned before a pending Wake is reported.
	m.Send(item{0, 1})
	m.Wake()
	if v, err := m.Recv(-1); err != nil || v.seq != 1 {
		t.Fatalf("Recv with item and Wake: %v, %v", v, err)
	}
	if _, err := m.Recv(-1); err != ErrInterrupted {
		t.Fatalf("second Recv: %v", err)
	}
}

func TestSendAfterClose(t *testing.T) {
	leakcheck.FDs(t)
	m, err := New[item]()
	if err != nil {
		t.Fatal(err)
	}
	m.Send(item{})
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m.Send(item{}) // dropped, and must not write a closed (possibly reused) fd number
	m.Wake()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSendTryRecvNoAlloc(t *testing.T) {
	m := newMailbox(t)
	step := func() {
		for i := range 16 {
			m.Send(item{0, i})
		}
		for range 16 {
			m.TryRecv()
		}
	}
	step()
	if n := testing.AllocsPerRun(100, step); n != 0 {
		t.Fatalf("Send+TryRecv allocated %v times per run", n)
	}
}

// waitAsleep waits until the consumer goroutine has announced sleep (it is then in, or about
// to enter, poll(2) or its park).
func waitAsleep(t *testing.T, m *Mailbox[item]) {
	t.Helper()
	waitMark(t, m, "went to sleep", func() bool { return m.asleep })
}

// waitMark waits until mark, read under the mailbox's lock, holds.
func waitMark(t *testing.T, m *Mailbox[item], what string, mark func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		m.mu.Lock()
		ok := mark()
		m.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("consumer never " + what)
		}
	}
}
