package engine

import (
	"bytes"
	"sync"
	"testing"

	"github.com/zreactor/zmq/internal/sysio"
	"github.com/zreactor/zmq/options"
)

// A body bigger than a batch starts with a short write: what precedes it and its first
// leadBite bytes; the rest follows in the writes after it, and the peer gets every byte.
func TestBigBodyLeadWrite(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	a, b := pair(t, l, opts(options.PUSH), opts(options.PULL))
	l.runUntil(t, "handshake", handshaked(a, b))

	var mu sync.Mutex
	var writes []int
	writev := sysio.DefaultHooks().Writev
	t.Cleanup(sysio.SetHooks(sysio.Hooks{Writev: func(fd int, bufs [][]byte) (int, error) {
		n, err := writev(fd, bufs)
		if fd == a.e.fd && err == nil {
			mu.Lock()
			writes = append(writes, n)
			mu.Unlock()
		}
		return n, err
	}}))

	big := bytes.Repeat([]byte("0123456789abcdef"), 300_000/16)
	a.s.queue(frame{0, []byte("small")}, frame{0, big})
	a.e.RestartOutput()
	l.runUntil(t, "both frames", func() bool { return b.s.count() == 2 })
	got := b.s.frames()
	if string(got[0].body) != "small" || !bytes.Equal(got[1].body, big) {
		t.Fatalf("received %d and %d bytes", len(got[0].body), len(got[1].body))
	}
	mu.Lock()
	defer mu.Unlock()
	total := 0
	for _, n := range writes {
		total += n
	}
	if lead := 7 + 9 + leadBite; len(writes) < 2 || writes[0] != lead || total != 7+9+len(big) {
		t.Fatalf("writes %v (total %d), want a first of %d", writes, total, lead)
	}
}
