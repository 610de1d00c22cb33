package zmq_test

import (
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

func threadComm(t *testing.T, tid int) string {
	t.Helper()
	b, err := os.ReadFile("/proc/self/task/" + strconv.Itoa(tid) + "/comm")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(string(b), "\n")
}

// The reaper and the I/O threads are named as libzmq names them, with the prefix.
func TestThreadNamePrefixNamesEveryThread(t *testing.T) {
	for _, prefix := range []string{"", "app"} {
		// Names need OS threads of their own: kernel waits, which a prefix implies.
		opts := []zmq.ContextOption{zmq.IOThreads(2), zmq.SchedulerWaits(false)}
		want := []string{"ZMQbg/Reaper", "ZMQbg/IO/0", "ZMQbg/IO/1"}
		if prefix != "" {
			opts = append(opts, zmq.ThreadNamePrefix(prefix))
			want = []string{"app/ZMQbg/Reape", "app/ZMQbg/IO/0", "app/ZMQbg/IO/1"} // cut to 15 bytes
		}
		c := testutil.NewCtx(t, opts...)
		if c.ThreadNamePrefix() != prefix {
			t.Errorf("ThreadNamePrefix() = %q, want %q", c.ThreadNamePrefix(), prefix)
		}
		var got []string
		for _, tid := range zmq.ThreadOSIDs(c) {
			got = append(got, threadComm(t, tid))
		}
		if !slices.Equal(got, want) {
			t.Errorf("prefix %q: threads named %q, want %q", prefix, got, want)
		}
	}
}

// Every thread of the context is pinned to the set, the caller's thread is not.
func TestThreadAffinityCPUPinsEveryThread(t *testing.T) {
	var before unix.CPUSet
	if err := unix.SchedGetaffinity(unix.Gettid(), &before); err != nil {
		t.Fatal(err)
	}
	cpu := firstCPU(t, &before) // the machine may not let us use CPU 0
	c := testutil.NewCtx(t, zmq.IOThreads(2), zmq.ThreadAffinityCPUAdd(cpu+1), zmq.ThreadAffinityCPUAdd(cpu),
		zmq.ThreadAffinityCPUAdd(cpu+1), zmq.ThreadAffinityCPURemove(cpu+1))
	if got := c.ThreadAffinityCPUs(); !slices.Equal(got, []int{cpu}) {
		t.Errorf("ThreadAffinityCPUs() = %v, want [%d]", got, cpu)
	}
	c.ThreadAffinityCPUs()[0] = cpu + 7
	if got := c.ThreadAffinityCPUs(); !slices.Equal(got, []int{cpu}) {
		t.Errorf("the getter returned the context's own slice")
	}
	for i, tid := range zmq.ThreadOSIDs(c) {
		var set unix.CPUSet
		if err := unix.SchedGetaffinity(tid, &set); err != nil {
			t.Fatal(err)
		}
		if set.Count() != 1 || !set.IsSet(cpu) {
			t.Errorf("thread %d (%s) may run on %d CPUs, want CPU %d alone", i, threadComm(t, tid), set.Count(), cpu)
		}
	}
	var after unix.CPUSet
	if err := unix.SchedGetaffinity(unix.Gettid(), &after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Error("the caller's thread was pinned")
	}
}

// SCHED_BATCH, open to any process, reaches every thread, and reads back.
func TestThreadSchedPolicyBatch(t *testing.T) {
	c := testutil.NewCtx(t, zmq.ThreadSchedPolicy(unix.SCHED_BATCH))
	if c.ThreadSchedPolicy() != unix.SCHED_BATCH || c.ThreadPriority() != zmq.ThreadPriorityDefault {
		t.Errorf("read back policy %d priority %d", c.ThreadSchedPolicy(), c.ThreadPriority())
	}
	for _, tid := range zmq.ThreadOSIDs(c) {
		p, _, errno := unix.Syscall(unix.SYS_SCHED_GETSCHEDULER, uintptr(tid), 0, 0)
		if errno != 0 {
			t.Fatal(errno)
		}
		if p != unix.SCHED_BATCH {
			t.Errorf("thread %s has policy %d, want SCHED_BATCH", threadComm(t, tid), p)
		}
	}
}

// ThreadPriority with SCHED_OTHER reads back; applied, it is libzmq's nice(-20) (iothread's
// tests check the value), or EPERM where the process may not raise its priority.
func TestThreadPriorityWithSchedOther(t *testing.T) {
	c, err := zmq.NewContext(zmq.ThreadSchedPolicy(unix.SCHED_NORMAL), zmq.ThreadPriority(1))
	if err != nil {
		if !errors.Is(err, syscall.EPERM) {
			t.Fatalf("want success or EPERM, got %v", err)
		}
		t.Skipf("not allowed to raise priority here: %v", err)
	}
	defer testutil.CloseCtx(t, c)
	if c.ThreadSchedPolicy() != unix.SCHED_NORMAL || c.ThreadPriority() != 1 {
		t.Errorf("read back policy %d priority %d", c.ThreadSchedPolicy(), c.ThreadPriority())
	}
}

// A policy the kernel refuses fails NewContext with its errno, and leaves no thread or fd
// behind (TestMain's leak check).
func TestThreadSchedPolicyInvalidFailsNewContext(t *testing.T) {
	c, err := zmq.NewContext(zmq.IOThreads(2), zmq.ThreadSchedPolicy(99))
	if err == nil {
		c.Close()
		t.Fatal("NewContext accepted policy 99")
	}
	if !errors.Is(err, syscall.EINVAL) || !errors.Is(err, zmq.ErrInvalid) || !strings.Contains(err.Error(), "sched_setscheduler") {
		t.Errorf("want EINVAL from sched_setscheduler, got %v", err)
	}
	// A real-time policy without a priority keeps the thread's own, 0, which SCHED_FIFO refuses.
	c, err = zmq.NewContext(zmq.ThreadSchedPolicy(unix.SCHED_FIFO))
	if err == nil {
		c.Close()
		t.Fatal("NewContext accepted SCHED_FIFO at priority 0")
	}
	if !errors.Is(err, syscall.EINVAL) {
		t.Errorf("want EINVAL, got %v", err)
	}
}

// firstCPU is the lowest CPU of set, failing t if it has none.
func firstCPU(t *testing.T, set *unix.CPUSet) int {
	for cpu := range 1024 {
		if set.IsSet(cpu) {
			return cpu
		}
	}
	t.Fatal("the thread may run on no CPU")
	return -1
}

// With scheduler waits the context's threads are goroutines on the runtime's OS threads: no
// OS thread is named (or otherwise changed) for them.
func TestSchedulerWaitsNamesNoThread(t *testing.T) {
	// Threads of contexts closed by earlier tests end with their goroutines, a little later.
	for deadline := time.Now().Add(5 * time.Second); len(namedThreads(t)) > 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("threads of closed contexts still there: %q", namedThreads(t))
		}
	}
	c := testutil.NewCtx(t, zmq.IOThreads(2), zmq.SchedulerWaits(true))
	zmq.ThreadOSIDs(c) // every thread has run a command
	if names := namedThreads(t); len(names) > 0 {
		t.Fatalf("threads named %q", names)
	}
}

// namedThreads lists the names of this process's threads that libzmq's naming would give.
func namedThreads(t *testing.T) []string {
	dirs, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range dirs {
		b, err := os.ReadFile("/proc/self/task/" + d.Name() + "/comm")
		if err != nil {
			continue // the thread ended meanwhile
		}
		if name := strings.TrimSuffix(string(b), "\n"); strings.Contains(name, "ZMQbg") {
			names = append(names, name)
		}
	}
	return names
}
