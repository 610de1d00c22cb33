package mailbox

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// countFds returns the number of open fds of the process.
func countFds(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// checkFds fails the test at cleanup if it leaked fds (registered before newMailbox, so it
// runs after the mailbox is closed).
func checkFds(t *testing.T) {
	before := countFds(t)
	t.Cleanup(func() {
		if after := countFds(t); after != before {
			t.Errorf("fd leak: %d open before, %d after", before, after)
		}
	})
}

// item is what the tests send: who sent it and its sequence number for that sender.
type item struct{ from, seq int }

func newMailbox(t testing.TB) *Mailbox[item] {
	t.Helper()
	m, err := New[item]()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return m
}
