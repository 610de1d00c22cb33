package zmq

import (
	"slices"
	"strings"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
)

// The context options for its own threads (the I/O threads and the reaper), libzmq's
// ZMQ_THREAD_*. Each thread applies them to its own OS thread as it starts, as libzmq's
// thread_t does; the caller's threads, the Go runtime's and GOMAXPROCS are never touched, and
// since a library thread's goroutine never unlocks its OS thread, Go ends that OS thread with
// it, settings included. They work on Linux; elsewhere NewContext fails with ErrNotSupported
// (ENOTSUP) when any is given.
//
// libzmq 4.3.5 aborts the process when the kernel refuses a setting (posix_assert). Here
// NewContext returns the kernel's error instead, naming the thread and the call and wrapping
// its errno: errors.Is(err, syscall.EPERM) for a priority the process may not take,
// syscall.EINVAL for a policy the kernel does not know. Failing is better than logging: a
// program that asked for a real-time I/O thread and silently did not get one would only find out
// from its latencies.

// ThreadSchedPolicyDefault and ThreadPriorityDefault are the defaults of ThreadSchedPolicy
// and ThreadPriority: the OS thread keeps what it had (ZMQ_THREAD_SCHED_POLICY_DFLT,
// ZMQ_THREAD_PRIORITY_DFLT).
const (
	ThreadSchedPolicyDefault = iothread.Default
	ThreadPriorityDefault    = iothread.Default
)

// maxThreadNamePrefix is the longest prefix libzmq's ZMQ_THREAD_NAME_PREFIX takes.
const maxThreadNamePrefix = 16

// ThreadNamePrefix sets ZMQ_THREAD_NAME_PREFIX: the context's threads are named
// "<prefix>/ZMQbg/IO/0", "<prefix>/ZMQbg/IO/1"... and "<prefix>/ZMQbg/Reaper" instead of
// libzmq's "ZMQbg/IO/0"..., cut, as in libzmq, to the 15 bytes Linux keeps ("top -H", "ps -L"
// and /proc/<pid>/task/<tid>/comm show them). The prefix has 1 to 16 bytes and no NUL
// (EINVAL otherwise, as in libzmq).
func ThreadNamePrefix(prefix string) ContextOption {
	return func(c *contextConfig) error {
		if prefix == "" || len(prefix) > maxThreadNamePrefix || strings.IndexByte(prefix, 0) >= 0 {
			return zerr.With(zerr.ErrInvalid, "ThreadNamePrefix(%q): must be 1..%d bytes without NUL", prefix, maxThreadNamePrefix)
		}
		c.sched.NamePrefix = prefix
		return nil
	}
}

// ThreadAffinityCPUAdd adds cpu to ZMQ_THREAD_AFFINITY_CPU_ADD's set: once the set is not
// empty, the context's threads run only on its CPUs (sched_setaffinity on each of them; a set
// of CPUs the machine lacks fails NewContext with EINVAL). cpu must be 0..1023 (cpu_set_t).
func ThreadAffinityCPUAdd(cpu int) ContextOption {
	return func(c *contextConfig) error {
		if cpu < 0 || cpu >= iothread.CPUSetSize {
			return zerr.With(zerr.ErrInvalid, "ThreadAffinityCPUAdd(%d): must be 0..%d", cpu, iothread.CPUSetSize-1)
		}
		if !slices.Contains(c.sched.CPUs, cpu) {
			c.sched.CPUs = append(c.sched.CPUs, cpu)
			slices.Sort(c.sched.CPUs)
		}
		return nil
	}
}

// ThreadAffinityCPURemove is ZMQ_THREAD_AFFINITY_CPU_REMOVE: it takes cpu out of the set an
// earlier ThreadAffinityCPUAdd made, and fails with EINVAL, as in libzmq, if it is not in it.
func ThreadAffinityCPURemove(cpu int) ContextOption {
	return func(c *contextConfig) error {
		i := slices.Index(c.sched.CPUs, cpu)
		if i < 0 {
			return zerr.With(zerr.ErrInvalid, "ThreadAffinityCPURemove(%d): not in the set %v", cpu, c.sched.CPUs)
		}
		c.sched.CPUs = slices.Delete(c.sched.CPUs, i, i+1)
		return nil
	}
}

// ThreadSchedPolicy sets ZMQ_THREAD_SCHED_POLICY: the scheduling policy of the context's
// threads, a SCHED_* value of the OS (Linux: SCHED_OTHER 0, SCHED_FIFO 1, SCHED_RR 2,
// SCHED_BATCH 3, SCHED_IDLE 5; golang.org/x/sys/unix names them). It must not be negative
// (EINVAL, as in libzmq); a policy the kernel refuses fails NewContext. See ThreadPriority for
// how the two combine.
func ThreadSchedPolicy(policy int) ContextOption {
	return func(c *contextConfig) error {
		if policy < 0 {
			return zerr.With(zerr.ErrInvalid, "ThreadSchedPolicy(%d): must not be negative", policy)
		}
		c.sched.Policy = policy
		return nil
	}
}

// ThreadPriority sets ZMQ_THREAD_PRIORITY, which means what libzmq 4.3.5 makes it mean. With a
// real-time policy (SCHED_FIFO, SCHED_RR) it is the threads' static priority, 1 to 99 on
// Linux. With any other policy the static priority is 0 and a priority above 0 asks for the
// most favoured nice value: libzmq calls nice(-20), which lowers the thread's nice value by 20
// (down to -20; a process started with nice 10 gets -10). It is not itself a nice value. It
// must not be negative (EINVAL, as in libzmq). Both raising a nice value and real-time
// policies need privileges (CAP_SYS_NICE, or RLIMIT_NICE / RLIMIT_RTPRIO): without them
// NewContext fails with EPERM. Setting only the priority keeps the threads' policy.
func ThreadPriority(priority int) ContextOption {
	return func(c *contextConfig) error {
		if priority < 0 {
			return zerr.With(zerr.ErrInvalid, "ThreadPriority(%d): must not be negative", priority)
		}
		c.sched.Priority = priority
		return nil
	}
}

// ThreadNamePrefix returns ZMQ_THREAD_NAME_PREFIX, "" when none was set.
func (c *Context) ThreadNamePrefix() string { return c.cfg.sched.NamePrefix }

// ThreadAffinityCPUs returns the CPUs the context's threads are pinned to, in increasing order;
// empty when they were left alone.
func (c *Context) ThreadAffinityCPUs() []int { return slices.Clone(c.cfg.sched.CPUs) }

// ThreadSchedPolicy returns ZMQ_THREAD_SCHED_POLICY, ThreadSchedPolicyDefault when unset.
func (c *Context) ThreadSchedPolicy() int { return c.cfg.sched.Policy }

// ThreadPriority returns ZMQ_THREAD_PRIORITY, ThreadPriorityDefault when unset.
func (c *Context) ThreadPriority() int { return c.cfg.sched.Priority }
