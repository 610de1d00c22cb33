package poller

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// newPoller returns a poller closed at cleanup.
func newPoller(t testing.TB) *Poller {
	t.Helper()
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// socketpair returns a non-blocking AF_UNIX stream pair closed at cleanup.
func socketpair(t testing.TB) (int, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	setNonblock(t, fds[:]...)
	return fds[0], fds[1]
}

// pipe returns a non-blocking pipe (read end, write end); closeW closes the write end once.
func pipe(t testing.TB) (r, w int, closeW func()) {
	t.Helper()
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		t.Fatal(err)
	}
	setNonblock(t, p[:]...)
	closed := false
	closeW = func() {
		if !closed {
			closed = true
			unix.Close(p[1])
		}
	}
	t.Cleanup(func() { unix.Close(p[0]); closeW() })
	return p[0], p[1], closeW
}

func write(t testing.TB, fd int, s string) {
	t.Helper()
	if _, err := unix.Write(fd, []byte(s)); err != nil {
		t.Fatal(err)
	}
}

// handler is an Events that counts calls and runs optional hooks.
type handler struct {
	name        string
	ins, outs   int
	timers      []int
	onIn, onOut func()
	onTimer     func(id int)
	log         *[]string // shared call log, if set
}

func (h *handler) InEvent() {
	h.ins++
	h.record("in")
	if h.onIn != nil {
		h.onIn()
	}
}

func (h *handler) OutEvent() {
	h.outs++
	h.record("out")
	if h.onOut != nil {
		h.onOut()
	}
}

func (h *handler) TimerEvent(id int) {
	h.timers = append(h.timers, id)
	if h.onTimer != nil {
		h.onTimer(id)
	}
}

func (h *handler) record(what string) {
	if h.log != nil {
		*h.log = append(*h.log, h.name+":"+what)
	}
}

func mustAdd(t testing.TB, p *Poller, fd int, ev Events) Handle {
	t.Helper()
	h, err := p.AddFd(fd, ev)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
