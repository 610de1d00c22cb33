package mailbox

import (
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

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
