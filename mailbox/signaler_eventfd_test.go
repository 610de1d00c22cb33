//go:build linux && !zmq_poll

package mailbox

import (
	"fmt"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// TestManyProducersEdgeTriggered drains the way an I/O thread does: the eventfd is in an epoll
// set with EPOLLET and is never read.
func TestManyProducersEdgeTriggered(t *testing.T) {
	for _, pause := range pauses {
		t.Run(fmt.Sprint("pause", pause), func(t *testing.T) { testManyProducersEdgeTriggered(t, pause) })
	}
}

func testManyProducersEdgeTriggered(t *testing.T, pause int) {
	leakcheck.FDs(t)
	m := newMailbox(t)
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(epfd)
	ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLET}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, m.Fd(), &ev); err != nil {
		t.Fatal(err)
	}
	wg := produce(m, producers, perProducer, pause)
	c := &checker{t: t, next: make([]int, producers)}
	var evs [1]unix.EpollEvent
	for c.got < producers*perProducer {
		for v, ok := m.TryRecv(); ok; v, ok = m.TryRecv() {
			c.add(v)
		}
		if c.got == producers*perProducer {
			break
		}
		n, err := unix.EpollWait(epfd, evs[:], 10000)
		if err != nil && err != unix.EINTR {
			t.Fatal(err)
		}
		if n == 0 && err == nil {
			t.Fatalf("lost wake-up after %d items", c.got)
		}
	}
	wg.Wait()
	t.Logf("%d items, %d signals", c.got, m.Signals())
}

// writeFd is the fd a signal writes: the eventfd itself.
func writeFd(s *signaler) int { return s.fd }
