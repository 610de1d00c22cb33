//go:build linux

package yield

// The sysmon measurements read /proc/self/task and pass a token round eventfds: Linux only.
// TestBeforeBlockRate, which runs everywhere, is in clock_test.go.

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// switches returns the voluntary context switches of each of the process's threads. sysmon's
// naps are voluntary switches, so its tick rate shows in its thread's count.
func switches(t testing.TB) map[int]int {
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
func pingPong(t testing.TB, d time.Duration, yielding bool) (passes, others int) {
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

// BenchmarkBlockingRing shows what BeforeBlock is for: goroutines that keep blocking in short
// system calls make sysmon take their Ps away every 10 ms and then nap every 20 us, and
// yielding every few milliseconds keeps it backed off. It reports the context switches of the
// runtime's own threads per pass of the token (on the 2-vCPU machines, idle: about 0.12
// without yielding, 0.01 with). A benchmark rather than a test: the figures move with the
// machine's load, and under the load of a parallel test run the two modes came within 2x.
func BenchmarkBlockingRing(b *testing.B) {
	for _, yielding := range []bool{false, true} {
		b.Run(map[bool]string{false: "plain", true: "yielding"}[yielding], func(b *testing.B) {
			var passes, others int
			for b.Loop() {
				n, sw := pingPong(b, 100*time.Millisecond, yielding)
				passes += n
				others += sw
			}
			b.ReportMetric(float64(others)/float64(passes), "runtime-switches/pass")
		})
	}
}
