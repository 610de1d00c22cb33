package zmq_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// propSeed replays a property run: go test -run TestProperty -zmq.seed=N.
var propSeed = flag.Uint64("zmq.seed", 0, "seed of the property tests (0: random, logged)")

func propRand(t *testing.T) *rand.Rand {
	seed := *propSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d (replay with -zmq.seed=%d)", seed, seed)
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Property: whatever sender closes when, every message sent before a sender's Close arrives,
// exactly once, in that sender's order (linger -1; inproc).
//
// Several PUSHes with small random HWMs, each in its own goroutine, send a random number of
// numbered messages (blocking at the HWM) and close at once. The PULL knows only each sender's
// final count, told after its Close, and must receive exactly that.
func TestPropertySenderCloseLosesNothing(t *testing.T) {
	t.Parallel()
	r := propRand(t)
	for round := range 20 {
		senders := 1 + r.IntN(4)
		counts := make([]int, senders)
		hwms := make([]int, senders)
		for i := range counts {
			counts[i], hwms[i] = r.IntN(300), 1+r.IntN(20)
		}
		rcvhwm := 1 + r.IntN(20)
		t.Run(fmt.Sprintf("round%d", round), func(t *testing.T) {
			c := testutil.NewCtx(t)
			pull := testutil.NewSocket(t, c, zmq.PULL)
			testutil.Must(t, pull.SetRcvHWM(rcvhwm), "SetRcvHWM")
			testutil.Must(t, pull.Bind("inproc://prop"), "Bind")
			var pushes []*zmq.Socket
			for i := range senders {
				push := testutil.NewSocket(t, c, zmq.PUSH)
				testutil.Must(t, push.SetSndHWM(hwms[i]), "SetSndHWM")
				testutil.Must(t, push.SetSndTimeo(testutil.WaitTimeout), "SetSndTimeo")
				testutil.Must(t, push.Connect("inproc://prop"), "Connect")
				pushes = append(pushes, push)
			}
			errs := make(chan error, senders)
			var wg sync.WaitGroup
			for i, push := range pushes {
				wg.Go(func() {
					for k := range counts[i] {
						if err := push.Send([]byte(fmt.Sprintf("%d %d", i, k)), 0); err != nil {
							errs <- fmt.Errorf("sender %d message %d: %w", i, k, err)
							break
						}
					}
					if err := push.Close(); err != nil {
						errs <- err
					}
				})
			}
			total := 0
			for _, n := range counts {
				total += n
			}
			next := make([]int, senders)
			for range total {
				msg, err := testutil.RecvWithTimeout(pull, testutil.WaitTimeout)
				if err != nil {
					t.Fatalf("after %v of %v received: %v", next, counts, err)
				}
				var i, k int
				if _, err := fmt.Sscanf(string(msg[0]), "%d %d", &i, &k); err != nil {
					t.Fatalf("garbled message %q", msg[0])
				}
				if k != next[i] {
					t.Fatalf("sender %d: got message %d, want %d (lost, duplicated or reordered)", i, k, next[i])
				}
				next[i]++
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if extra := testutil.DrainCount(t, pull); len(extra) > 0 {
				t.Fatalf("received %d messages more than were sent: %q", len(extra), extra)
			}
		})
	}
}

// Property: when receivers close at random while a PUSH sends numbered messages, what each
// receiver got is an increasing sequence (no reordering, no duplicate), no message reached two
// receivers, and nothing arrived that was not sent. Messages queued to a receiver that closed
// are lost, so what arrives overall is a duplicate-free subset of what was sent.
func TestPropertyReceiverCloseNoDuplicates(t *testing.T) {
	t.Parallel()
	r := propRand(t)
	for round := range 10 {
		receivers := 2 + r.IntN(4)
		total := 200 + r.IntN(800)
		hwm := 1 + r.IntN(50)
		// closeAt[i]: receiver i stops after receiving that many messages (-1: never). Receiver 0
		// never closes, so the sender always has somewhere to send.
		closeAt := make([]int, receivers)
		closeAt[0] = -1
		for i := 1; i < receivers; i++ {
			closeAt[i] = r.IntN(total / receivers)
		}
		t.Run(fmt.Sprintf("round%d", round), func(t *testing.T) {
			c := testutil.NewCtx(t)
			push := testutil.NewSocket(t, c, zmq.PUSH)
			testutil.Must(t, push.SetSndHWM(hwm), "SetSndHWM")
			testutil.Must(t, push.SetSndTimeo(testutil.WaitTimeout), "SetSndTimeo")
			testutil.Must(t, push.Bind("inproc://prop"), "Bind")
			got := make([][]int, receivers)
			errs := make(chan error, receivers)
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for i := range receivers {
				pull, err := c.NewSocket(zmq.PULL)
				testutil.Must(t, err, "NewSocket")
				testutil.Must(t, pull.SetRcvHWM(hwm), "SetRcvHWM")
				testutil.Must(t, pull.Connect("inproc://prop"), "Connect")
				wg.Go(func() {
					defer pull.Close()
					for closeAt[i] < 0 || len(got[i]) < closeAt[i] {
						frame, err := recvOrStop(pull, stop)
						if errors.Is(err, errStopped) {
							return
						}
						if err != nil {
							errs <- fmt.Errorf("receiver %d: %w", i, err)
							return
						}
						n, _ := strconv.Atoi(string(frame))
						got[i] = append(got[i], n)
					}
				})
			}
			for n := range total {
				if err := push.Send([]byte(strconv.Itoa(n)), 0); err != nil {
					t.Errorf("Send %d: %v", n, err)
					break
				}
			}
			// Let receiver 0 (and any still open) take what is already queued to them, then stop.
			testutil.Must(t, push.Close(), "Close PUSH")
			close(stop)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			owner := map[int]int{}
			for i, seq := range got {
				for j, n := range seq {
					if j > 0 && n <= seq[j-1] {
						t.Fatalf("receiver %d got %d after %d: reordered or duplicated", i, n, seq[j-1])
					}
					if o, dup := owner[n]; dup {
						t.Fatalf("message %d reached receivers %d and %d", n, o, i)
					}
					owner[n] = i
					if n < 0 || n >= total {
						t.Fatalf("receiver %d got %d, never sent", i, n)
					}
				}
			}
			t.Logf("%d receivers, %d messages, HWM %d: %d arrived", receivers, total, hwm, len(owner))
		})
	}
}

var errStopped = errors.New("stopped")

// recvOrStop receives one frame; once stop is closed it drains what is already queued and then
// returns errStopped. Waiting is in slices of 20 ms so the stop is noticed.
func recvOrStop(s *zmq.Socket, stop <-chan struct{}) ([]byte, error) {
	for {
		select {
		case <-stop:
			f, err := s.Recv(zmq.DontWait)
			if errors.Is(err, zmq.ErrAgain) {
				return nil, errStopped
			}
			return f, err
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		f, err := s.RecvContext(ctx, 0)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			return f, err
		}
	}
}
