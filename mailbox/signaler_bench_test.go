package mailbox

import "testing"

// BenchmarkSignalReset is one signal and one reset on the same goroutine: the two system calls
// a level-triggered wake-up costs, eventfd write+read or pipe write+read (run it with and
// without -tags zmq_poll to compare).
func BenchmarkSignalReset(b *testing.B) {
	s, err := newSignaler()
	if err != nil {
		b.Fatal(err)
	}
	defer s.close()
	b.ReportAllocs()
	for b.Loop() {
		s.signal()
		s.reset()
	}
}

// BenchmarkSignalWait is a signal, the zero-timeout poll(2) that finds the fd readable, and the
// reset: what Recv pays for a command that arrives while its caller is about to sleep.
func BenchmarkSignalWait(b *testing.B) {
	s, err := newSignaler()
	if err != nil {
		b.Fatal(err)
	}
	defer s.close()
	b.ReportAllocs()
	for b.Loop() {
		s.signal()
		if ok, err := s.wait(0); !ok || err != nil {
			b.Fatalf("wait = %v, %v", ok, err)
		}
		s.reset()
	}
}
