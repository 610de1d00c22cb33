package iothread

import "slices"

// Default is the value of Sched.Policy and Sched.Priority that leaves the OS thread's own
// (libzmq's ZMQ_THREAD_SCHED_POLICY_DFLT and ZMQ_THREAD_PRIORITY_DFLT).
const Default = -1

// CPUSetSize bounds the CPU numbers of Sched.CPUs: glibc's CPU_SETSIZE, the size of the
// cpu_set_t libzmq pins its threads with.
const CPUSetSize = 1024

// nameLen is the longest thread name the kernel keeps (TASK_COMM_LEN 16, less the NUL);
// libzmq cuts its names there too (a 16-byte snprintf).
const nameLen = 15

// Sched is what a thread applies to its own OS thread when it starts, before its loop runs:
// libzmq's thread_t::applySchedulingParameters and applyThreadName. Its zero value is not the
// default: use NewSched.
type Sched struct {
	NamePrefix string // the thread is named "<prefix>/ZMQbg/<name>", or "ZMQbg/<name>" without one
	Policy     int    // sched_setscheduler policy (SCHED_OTHER, SCHED_FIFO...); Default: the thread's own
	Priority   int    // see applySched; Default: left alone
	CPUs       []int  // the CPUs the thread may run on; empty: left alone
}

// NewSched returns a Sched that changes nothing but the thread's name.
func NewSched() Sched { return Sched{Policy: Default, Priority: Default} }

// WithSched makes the thread apply s to its OS thread when it starts; Thread.Started reports
// whether it could. Only the thread's own OS thread is touched, and that OS thread ends with the
// loop (the goroutine never unlocks it), so nothing of s outlives the thread or leaks to
// other goroutines.
func WithSched(s Sched) Option {
	s.CPUs = slices.Clone(s.CPUs)
	return func(t *Thread) { t.sched = s }
}

// WithName names the thread's role, as libzmq does: "IO/0", "IO/1"... for the pool's threads
// (NewPool sets them), "Reaper" for the reaper.
func WithName(name string) Option { return func(t *Thread) { t.name = name } }

// Name is the OS thread's name as libzmq builds it, "[<prefix>/]ZMQbg[/<name>]", cut to the 15
// bytes the kernel keeps.
func (t *Thread) Name() string {
	n := "ZMQbg"
	if t.sched.NamePrefix != "" {
		n = t.sched.NamePrefix + "/" + n
	}
	if t.name != "" {
		n += "/" + t.name
	}
	return n[:min(len(n), nameLen)]
}
