package iothread

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/zerr"
)

// startSched starts a pool of n threads applying s and returns the OS thread id of each, in
// slot order.
func startSched(t *testing.T, n int, s Sched) []int {
	t.Helper()
	p, _ := startPool(t, 2, n, WithSched(s))
	if err := p.Started(); err != nil {
		t.Fatal(err)
	}
	ids := osThreads(t, p)
	tids := make([]int, n)
	for i, th := range p.Threads() {
		tids[i] = ids[th.ThreadID()]
	}
	return tids
}

// comm reads the name of OS thread tid of this process.
func comm(t *testing.T, tid int) string {
	t.Helper()
	b, err := os.ReadFile("/proc/self/task/" + strconv.Itoa(tid) + "/comm")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(string(b), "\n")
}

// Each thread names its own OS thread, never the main one (whose name is the process's).
func TestThreadNamesOnLinux(t *testing.T) {
	proc := comm(t, os.Getpid())
	for _, prefix := range []string{"", "app"} {
		s := NewSched()
		s.NamePrefix = prefix
		for i, tid := range startSched(t, 2, s) {
			want := "ZMQbg/IO/" + strconv.Itoa(i)
			if prefix != "" {
				want = prefix + "/" + want
			}
			if got := comm(t, tid); got != want {
				t.Errorf("thread %d is named %q, want %q", i, got, want)
			}
			if tid == os.Getpid() {
				t.Errorf("thread %d runs on the main thread", i)
			}
		}
	}
	if got := comm(t, os.Getpid()); got != proc {
		t.Errorf("the process was renamed from %q to %q", proc, got)
	}
}

// The thread pins itself, and only itself, to the CPUs asked for.
func TestThreadAffinityOnLinux(t *testing.T) {
	var before unix.CPUSet
	if err := unix.SchedGetaffinity(unix.Gettid(), &before); err != nil {
		t.Fatal(err)
	}
	cpu := 0 // the lowest CPU we may use: the machine may not let us use CPU 0
	for !before.IsSet(cpu) && cpu < 1024 {
		cpu++
	}
	s := NewSched()
	s.CPUs = []int{cpu}
	tid := startSched(t, 1, s)[0]
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(tid, &set); err != nil {
		t.Fatal(err)
	}
	if set.Count() != 1 || !set.IsSet(cpu) {
		t.Errorf("the I/O thread may run on %d CPUs (CPU %d: %v), want CPU %d alone", set.Count(), cpu, set.IsSet(cpu), cpu)
	}
	if err := unix.SchedGetaffinity(unix.Gettid(), &set); err != nil {
		t.Fatal(err)
	}
	if set != before {
		t.Errorf("the test's own thread was pinned too")
	}
}

func schedPolicy(t *testing.T, tid int) int {
	t.Helper()
	p, _, errno := unix.Syscall(unix.SYS_SCHED_GETSCHEDULER, uintptr(tid), 0, 0)
	if errno != 0 {
		t.Fatal(errno)
	}
	return int(p)
}

func niceOf(t *testing.T, tid int) int {
	t.Helper()
	raw, err := unix.Getpriority(unix.PRIO_PROCESS, tid)
	if err != nil {
		t.Fatal(err)
	}
	return 20 - raw
}

// A policy any process may take (SCHED_BATCH) is set on the thread alone.
func TestThreadSchedPolicyOnLinux(t *testing.T) {
	s := NewSched()
	s.Policy = unix.SCHED_BATCH
	tid := startSched(t, 1, s)[0]
	if got := schedPolicy(t, tid); got != unix.SCHED_BATCH {
		t.Errorf("the I/O thread's policy is %d, want SCHED_BATCH", got)
	}
	if got := schedPolicy(t, unix.Gettid()); got == unix.SCHED_BATCH {
		t.Errorf("the test's own thread took SCHED_BATCH too")
	}
}

// A priority with SCHED_OTHER is libzmq's nice(-20): the nice value drops by 20, down to -20.
// Without CAP_SYS_NICE (or a RLIMIT_NICE allowing it) the kernel's EPERM comes back instead.
func TestThreadPriorityNiceOnLinux(t *testing.T) {
	base := niceOf(t, unix.Gettid())
	s := NewSched()
	s.Policy, s.Priority = unix.SCHED_NORMAL, 1
	p, _ := startPool(t, 2, 1, WithSched(s))
	if err := p.Started(); err != nil {
		if !errors.Is(err, syscall.EPERM) || !strings.Contains(err.Error(), "setpriority") {
			t.Fatalf("want nice -20 or EPERM from setpriority, got %v", err)
		}
		t.Skipf("not allowed to raise priority here: %v", err)
	}
	tid := osThreads(t, p)[2]
	if got, want := niceOf(t, tid), max(base-20, -20); got != want {
		t.Errorf("the I/O thread's nice value is %d, want %d (the test's %d less 20)", got, want, base)
	}
	if got := niceOf(t, unix.Gettid()); got != base {
		t.Errorf("the test's own thread changed nice value from %d to %d", base, got)
	}
}

// A policy the kernel does not know fails Started with EINVAL naming the thread and the call;
// the loop has exited, and Stop and Wait (startPool's cleanup) still work.
func TestThreadSchedInvalidPolicyOnLinux(t *testing.T) {
	s := NewSched()
	s.Policy = 99
	p, _ := startPool(t, 2, 1, WithSched(s))
	err := p.Started()
	if !errors.Is(err, syscall.EINVAL) || !errors.Is(err, zerr.ErrInvalid) {
		t.Fatalf("want EINVAL, got %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "ZMQbg/IO/0") || !strings.Contains(msg, "sched_setscheduler(policy 99") {
		t.Errorf("the error should name the thread and the call: %q", msg)
	}
}
