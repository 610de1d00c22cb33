package iothread

import (
	"fmt"
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/zerr"
)

// applySched applies t.sched to the calling OS thread, which must be the thread's locked one,
// in libzmq's order: policy and priority, affinity, then the name. Every call names this thread
// alone: on Linux pid 0 in the sched_* calls, and PRIO_PROCESS with the thread's id, mean the
// calling thread, not the process.
func (t *Thread) applySched() error {
	s := &t.sched
	if s.Policy != Default || s.Priority != Default {
		if err := setScheduling(s.Policy, s.Priority); err != nil {
			return t.schedError(err)
		}
	}
	if len(s.CPUs) > 0 {
		var set unix.CPUSet
		for _, c := range s.CPUs {
			set.Set(c)
		}
		if err := unix.SchedSetaffinity(0, &set); err != nil {
			return t.schedError(os.NewSyscallError(fmt.Sprintf("sched_setaffinity(CPUs %v)", s.CPUs), err))
		}
	}
	// A name is cosmetic: libzmq ignores a failure to set it, and so does this.
	if p, err := unix.BytePtrFromString(t.Name()); err == nil {
		_ = unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(p)), 0, 0, 0)
		runtime.KeepAlive(p)
	}
	return nil
}

// schedError says which thread failed, keeping the errno (EPERM, EINVAL) for errors.Is.
func (t *Thread) schedError(err error) error {
	return zerr.Wrap(fmt.Errorf("thread %s: %w", t.Name(), err))
}

// setScheduling is libzmq 4.3.5's applySchedulingParameters on POSIX. The policy is the given
// one or the thread's own. A real-time policy (SCHED_FIFO, SCHED_RR) takes priority as its
// static priority (1..99; the thread's own when Default); every other policy has only priority
// 0, and there a priority above 0 asks for the most favoured nice value: libzmq calls
// nice(-20), which lowers the nice value by 20 (to at most -20, so a thread of a process
// started with nice 10 gets -10). Raising priority needs CAP_SYS_NICE or RLIMIT_RTPRIO /
// RLIMIT_NICE; the kernel's EPERM is returned as it is.
func setScheduling(policy, priority int) error {
	if policy == Default {
		p, _, errno := unix.Syscall(unix.SYS_SCHED_GETSCHEDULER, 0, 0, 0)
		if errno != 0 {
			return os.NewSyscallError("sched_getscheduler", errno)
		}
		policy = int(p)
	}
	realtime := policy&^unix.SCHED_RESET_ON_FORK == unix.SCHED_FIFO || policy&^unix.SCHED_RESET_ON_FORK == unix.SCHED_RR
	var param struct{ priority int32 } // struct sched_param
	switch {
	case !realtime:
	case priority != Default:
		param.priority = int32(priority)
	default:
		if _, _, errno := unix.Syscall(unix.SYS_SCHED_GETPARAM, 0, uintptr(unsafe.Pointer(&param)), 0); errno != 0 {
			return os.NewSyscallError("sched_getparam", errno)
		}
	}
	if _, _, errno := unix.Syscall(unix.SYS_SCHED_SETSCHEDULER, 0, uintptr(policy), uintptr(unsafe.Pointer(&param))); errno != 0 {
		return os.NewSyscallError(fmt.Sprintf("sched_setscheduler(policy %d, priority %d)", policy, param.priority), errno)
	}
	if realtime || priority <= 0 {
		return nil
	}
	tid := unix.Gettid()
	raw, err := unix.Getpriority(unix.PRIO_PROCESS, tid)
	if err != nil {
		return os.NewSyscallError("getpriority", err)
	}
	nice := 20 - raw // the raw syscall answers 20 - nice, glibc's getpriority converts
	if err := unix.Setpriority(unix.PRIO_PROCESS, tid, nice-20); err != nil {
		return os.NewSyscallError("setpriority(nice -20)", err)
	}
	return nil
}

// onMainThread reports whether the calling OS thread is the process's main thread, whose name
// is the process's name (/proc/self/comm) and which Go never ends.
func onMainThread() bool { return unix.Gettid() == unix.Getpid() }
