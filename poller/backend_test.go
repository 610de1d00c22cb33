package poller

import (
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// These tests hold for both backends; run them with and without the zmq_poll tag.

func TestBackendConstants(t *testing.T) {
	switch Backend {
	case "epoll", "poll":
	default:
		t.Fatalf("Backend = %q", Backend)
	}
	if EdgeTriggered != (Backend == "epoll") {
		t.Fatalf("EdgeTriggered = %v with the %s backend", EdgeTriggered, Backend)
	}
	t.Logf("backend %s, edge-triggered %v", Backend, EdgeTriggered)
}

// TestAddDuringDispatch registers a readable fd from inside a handler: it is not part of the
// batch being dispatched, and gets its event from the next wait.
func TestAddDuringDispatch(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	a, b := socketpair(t)
	write(t, b, "x")
	fresh := &handler{}
	first := &handler{}
	first.onIn = func() {
		if first.ins == 1 {
			must(t, p.SetPollIn(mustAdd(t, p, readableFd(t), fresh)))
		}
	}
	must(t, p.SetPollIn(mustAdd(t, p, a, first)))
	n, err := p.WaitN(time.Second)
	must(t, err)
	if n != 1 || first.ins != 1 || fresh.ins != 0 {
		t.Fatalf("batch=%d first=%d fresh=%d, want 1, 1, 0", n, first.ins, fresh.ins)
	}
	waitFor(t, p, func() bool { return fresh.ins > 0 })
}

// TestRemoveManyDuringDispatch registers many readable fds; the first handler to run removes
// every other registration. Exactly the survivors get events, in this batch and the next, and
// the slots removed during the batch are recycled only after it.
func TestRemoveManyDuringDispatch(t *testing.T) {
	leakcheck.FDs(t)
	p := newPoller(t)
	const n = 40
	hs := make([]*handler, n)
	handles := make([]Handle, n)
	remover := -1 // the handler that ran first and removed the others
	for i := range n {
		hs[i] = &handler{}
		hs[i].onIn = func() {
			if remover >= 0 {
				return
			}
			remover = i
			for j := range n {
				if j%2 == 1 && j != i {
					must(t, p.RemoveFd(handles[j]))
				}
			}
			// A slot freed in this batch must not be handed out before it ends.
			h := mustAdd(t, p, readableFd(t), &handler{})
			for j := range n {
				if j%2 == 1 && handles[j].idx == h.idx {
					t.Errorf("slot %d reused during the batch that retired it", h.idx)
				}
			}
			must(t, p.RemoveFd(h))
		}
		handles[i] = mustAdd(t, p, readableFd(t), hs[i])
		must(t, p.SetPollIn(handles[i]))
	}
	for range 2 {
		_, err := p.WaitN(time.Second)
		must(t, err)
	}
	for i, h := range hs {
		want := 0
		if i%2 == 0 || i == remover {
			want = 2
		}
		if h.ins != want {
			t.Errorf("fd %d got %d events in two waits, want %d", i, h.ins, want)
		}
	}
	if p.Load() != n/2+remover%2 {
		t.Errorf("Load = %d, want %d", p.Load(), n/2+remover%2)
	}
}
