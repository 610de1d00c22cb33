package yield

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// switches returns the voluntary context switches of each of the process's threads. sysmon's
// naps are voluntary switches, so its tick rate shows in its thread's count.
func switches(t *testing.T) map[int]int {
	t.Helper()
	tasks, err := filepath.Glob("/proc/self/task/*/status")
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[int]int)
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // the thread exited meanwhile
		}
		tid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "voluntary_ctxt_switches:"); ok {
				m[tid], _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
	}
	return m
}

// pingPong runs GOMAXPROCS goroutines (at least two) for d, passing a token round a ring of
// eventfds: each blocks in poll(2) until its eventfd is signalled, then signals the next one,
// as I/O threads and application goroutines pass a message along. Each calls BeforeBlock before each wait
// when yielding is set. It returns the token's passes and the context switches of the threads
// that are not the ring's: the runtime's own (sysmon, threads woken to take a P).
func pingPong(t *testing.T, d time.Duration, yielding bool) (passes, others int) {
	t.Helper()
	n := max(runtime.GOMAXPROCS(0), 2)
	fds := make([]int, n)
	for i := range fds {
		fd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
		if err != nil {
			t.Fatal(err)
		}
		defer unix.Close(fd)
		fds[i] = fd
	}
	var count atomic.Int64
	var stop atomic.Bool
	ring := make([]int, n)
	before := switches(t)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			runtime.LockOSThread() // as the I/O threads are
			defer runtime.UnlockOSThread()
			ring[i] = unix.Gettid()
			var c Clock
			var b [8]byte
			one := [8]byte{1}
			pfd := []unix.PollFd{{Fd: int32(fds[i]), Events: unix.POLLIN}}
			if i == 0 {
				unix.Write(fds[1%n], one[:])
			}
			for !stop.Load() {
				if yielding {
					c.BeforeBlock()
				}
				if k, _ := unix.Poll(pfd, 10); k == 0 {
					continue
				}
				unix.Read(fds[i], b[:])
				count.Add(1)
				unix.Write(fds[(i+1)%n], one[:])
			}
		})
	}
	time.Sleep(d)
	stop.Store(true)
	wg.Wait()
	after := switches(t)
	for _, tid := range ring {
		delete(after, tid)
	}
	for tid, k := range after {
		others += k - before[tid]
	}
	return int(count.Load()), others
}

// Goroutines that keep blocking in short system calls make sysmon take their Ps away every
// 10 ms and then tick every 20 us; yielding every few milliseconds keeps it backed off. The
// two modes alternate over five rounds and the medians are compared, as other tests may be
// running on the same CPUs.
func TestBeforeBlockKeepsSysmonAsleep(t *testing.T) {
	const d, rounds = 120 * time.Millisecond, 5
	var plain, yielding []float64
	for range rounds {
		n, sw := pingPong(t, d, false)
		plain = append(plain, float64(sw)/float64(n))
		n, sw = pingPong(t, d, true)
		yielding = append(yielding, float64(sw)/float64(n))
	}
	slices.Sort(plain)
	slices.Sort(yielding)
	p, y := plain[rounds/2], yielding[rounds/2]
	t.Logf("%d goroutines, the runtime's context switches per pass: %.3f without yielding, %.3f yielding every %v (medians of %d)",
		max(runtime.GOMAXPROCS(0), 2), p, y, Every, rounds)
	if p < 0.02 {
		t.Skip("the runtime hardly switched without yielding: it no longer takes Ps from goroutines blocked in system calls, so there is nothing to avoid")
	}
	if y*2 > p {
		t.Fatalf("yielding left the runtime switching %.3f times per pass, against %.3f without", y, p)
	}
}

// BeforeBlock yields at most once per Every.
func TestBeforeBlockRate(t *testing.T) {
	var c Clock
	c.BeforeBlock()
	first := c.last
	if first.IsZero() {
		t.Fatal("the first call did not yield")
	}
	c.BeforeBlock()
	if c.last != first {
		t.Fatal("yielded again within Every")
	}
	c.last = c.last.Add(-Every)
	c.BeforeBlock()
	if c.last == first.Add(-Every) {
		t.Fatal("did not yield once Every had passed")
	}
}
