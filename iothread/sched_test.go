package iothread

import "testing"

// Threads are named as libzmq's thread_ctx_t::start_thread names them, cut to the 15 bytes
// the kernel keeps.
func TestThreadNameFormat(t *testing.T) {
	cases := []struct{ prefix, role, want string }{
		{"", "IO/0", "ZMQbg/IO/0"},
		{"", "Reaper", "ZMQbg/Reaper"},
		{"", "", "ZMQbg"},
		{"app", "IO/1", "app/ZMQbg/IO/1"},
		{"app", "Reaper", "app/ZMQbg/Reape"},
		{"0123456789abcdef", "IO/0", "0123456789abcde"},
	}
	for _, c := range cases {
		s := NewSched()
		s.NamePrefix = c.prefix
		th := &Thread{name: c.role, sched: s}
		if got := th.Name(); got != c.want {
			t.Errorf("prefix %q role %q: name %q, want %q", c.prefix, c.role, got, c.want)
		}
	}
}
