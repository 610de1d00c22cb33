package zmq_test

import (
	"errors"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Without thread options the getters say so: libzmq's defaults.
func TestThreadOptionDefaults(t *testing.T) {
	c := testutil.NewCtx(t)
	if c.ThreadNamePrefix() != "" || len(c.ThreadAffinityCPUs()) != 0 ||
		c.ThreadSchedPolicy() != zmq.ThreadSchedPolicyDefault || c.ThreadPriority() != zmq.ThreadPriorityDefault {
		t.Errorf("defaults: prefix %q CPUs %v policy %d priority %d", c.ThreadNamePrefix(), c.ThreadAffinityCPUs(),
			c.ThreadSchedPolicy(), c.ThreadPriority())
	}
	if zmq.ThreadSchedPolicyDefault != -1 || zmq.ThreadPriorityDefault != -1 {
		t.Error("the defaults must be libzmq's -1")
	}
}

// The values libzmq refuses with EINVAL are refused before any thread starts.
func TestThreadOptionsInvalid(t *testing.T) {
	cases := map[string][]zmq.ContextOption{
		"empty prefix":       {zmq.ThreadNamePrefix("")},
		"17-byte prefix":     {zmq.ThreadNamePrefix("0123456789abcdefg")},
		"NUL in prefix":      {zmq.ThreadNamePrefix("a\x00b")},
		"negative CPU":       {zmq.ThreadAffinityCPUAdd(-1)},
		"CPU past cpu_set_t": {zmq.ThreadAffinityCPUAdd(1024)},
		"remove absent CPU":  {zmq.ThreadAffinityCPUAdd(0), zmq.ThreadAffinityCPURemove(1)},
		"negative policy":    {zmq.ThreadSchedPolicy(-1)},
		"negative priority":  {zmq.ThreadPriority(-1)},
	}
	for name, opts := range cases {
		c, err := zmq.NewContext(opts...)
		if err == nil {
			c.Close()
		}
		if !errors.Is(err, zmq.ErrInvalid) || !errors.Is(err, syscall.EINVAL) {
			t.Errorf("%s: want EINVAL, got %v", name, err)
		}
	}
}
