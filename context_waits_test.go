package zmq_test

import (
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// NewContext waits through the scheduler when there are fewer Ps than I/O threads plus two,
// and in the kernel otherwise, or when a Thread* option or RaiseGOMAXPROCS is given;
// SchedulerWaits overrides the choice.
func TestSchedulerWaitsChoice(t *testing.T) {
	// Under ZR_TEST_WAITS=other every automatic choice is the other one.
	probe := testutil.NewCtx(t)
	flipped := zmq.UsesSchedulerWaits(probe) != (runtime.GOMAXPROCS(0) < 3)
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	cases := []struct {
		name  string
		procs int
		opts  []zmq.ContextOption
		sched bool // what the automatic choice should be, unflipped
		fixed bool // not automatic: flipping does not apply
	}{
		{"1 P, 1 I/O thread", 1, nil, true, false},
		{"2 Ps, 1 I/O thread", 2, nil, true, false},
		{"3 Ps, 1 I/O thread", 3, nil, false, false},
		{"3 Ps, 2 I/O threads", 3, []zmq.ContextOption{zmq.IOThreads(2)}, true, false},
		{"4 Ps, 2 I/O threads", 4, []zmq.ContextOption{zmq.IOThreads(2)}, false, false},
		{"1 P, RaiseGOMAXPROCS", 1, []zmq.ContextOption{zmq.RaiseGOMAXPROCS()}, false, false},
		{"1 P, thread name prefix", 1, []zmq.ContextOption{zmq.ThreadNamePrefix("x")}, false, true},
		{"1 P, thread priority", 1, []zmq.ContextOption{zmq.ThreadPriority(0)}, false, true},
		{"1 P, forced kernel", 1, []zmq.ContextOption{zmq.SchedulerWaits(false)}, false, true},
		{"8 Ps, forced scheduler", 8, []zmq.ContextOption{zmq.SchedulerWaits(true)}, true, true},
	}
	for _, tc := range cases {
		runtime.GOMAXPROCS(tc.procs)
		c, err := zmq.NewContext(tc.opts...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want := tc.sched
		if flipped && !tc.fixed {
			want = !want
		}
		if got := zmq.UsesSchedulerWaits(c); got != want {
			t.Errorf("%s: scheduler waits %v, want %v", tc.name, got, want)
		}
		if err := c.Close(); err != nil {
			t.Fatalf("%s: Close: %v", tc.name, err)
		}
		runtime.GOMAXPROCS(prev)
	}
	for _, o := range []zmq.ContextOption{zmq.ThreadNamePrefix("x"), zmq.ThreadAffinityCPUAdd(0),
		zmq.ThreadSchedPolicy(0), zmq.ThreadPriority(0)} {
		if _, err := zmq.NewContext(zmq.SchedulerWaits(true), o); !errors.Is(err, zmq.ErrInvalid) {
			t.Errorf("SchedulerWaits(true) with a Thread* option: %v, want ErrInvalid", err)
		}
	}
}

// Both wait modes carry the same traffic on one P and on several: REQ/REP round trips over
// TCP and inproc, a Recv that times out, and a Recv blocked when another goroutine closes its
// socket, then one blocked when the context closes.
func TestWaitModesRoundTrips(t *testing.T) {
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	for _, procs := range []int{1, prev} {
		for _, sched := range []bool{false, true} {
			runtime.GOMAXPROCS(procs)
			name := map[bool]string{false: "kernel", true: "scheduler"}[sched]
			t.Run(name+"/"+map[bool]string{true: "1P", false: "allPs"}[procs == 1], func(t *testing.T) {
				waitModeRoundTrips(t, sched)
			})
		}
	}
}

func waitModeRoundTrips(t *testing.T, sched bool) {
	c, err := zmq.NewContext(zmq.SchedulerWaits(sched))
	testutil.Must(t, err, "NewContext")
	for _, ep := range []string{"tcp://127.0.0.1:*", "inproc://waits"} {
		rep := testutil.NewSocket(t, c, zmq.REP)
		testutil.Must(t, rep.Bind(ep), "Bind")
		req := testutil.NewSocket(t, c, zmq.REQ)
		testutil.Must(t, req.Connect(rep.LastEndpoint()), "Connect")
		done := make(chan error, 1)
		go func() {
			for {
				b, err := rep.Recv(0)
				if err != nil {
					done <- err
					return
				}
				if err := rep.Send(b, 0); err != nil {
					done <- err
					return
				}
			}
		}()
		for i := range 500 {
			testutil.Must(t, req.Send([]byte{byte(i)}, 0), "Send")
			b, err := req.Recv(0)
			if err != nil || len(b) != 1 || b[0] != byte(i) {
				t.Fatalf("%s round %d: %v %v", ep, i, b, err)
			}
		}
		testutil.Must(t, req.SetRcvTimeo(5*time.Millisecond), "SetRcvTimeo")
		sub := testutil.NewSocket(t, c, zmq.PULL)
		testutil.Must(t, sub.SetRcvTimeo(5*time.Millisecond), "SetRcvTimeo")
		if _, err := sub.Recv(0); !errors.Is(err, zmq.ErrAgain) {
			t.Fatalf("%s: Recv with nothing sent: %v, want ErrAgain", ep, err)
		}
		testutil.Must(t, rep.Close(), "Close REP") // from here: the REP goroutine is blocked in Recv
		select {
		case err := <-done:
			if err == nil {
				t.Fatalf("%s: Recv on a closed socket returned no error", ep)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Recv blocked past Close from another goroutine", ep)
		}
		testutil.Must(t, req.Close(), "Close REQ")
		testutil.Must(t, sub.Close(), "Close PULL")
	}
	pull := testutil.NewSocket(t, c, zmq.PULL)
	blocked := make(chan error, 1)
	go func() {
		_, err := pull.Recv(0)
		blocked <- err
		pull.Close() // as zmq_ctx_term wants: the context closes once its sockets have
	}()
	time.Sleep(10 * time.Millisecond) // let it block (the result is the same if it has not)
	testutil.CloseCtx(t, c)
	if err := <-blocked; !errors.Is(err, zmq.ErrTerminated) {
		t.Fatalf("Recv blocked when the context closed: %v, want ErrTerminated", err)
	}
}
