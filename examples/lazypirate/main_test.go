package main

import (
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// The client gets every reply despite a slow answer and a crash, retrying each once.
func TestRun(t *testing.T) {
	var out strings.Builder
	cfg := config{requests: 6, timeout: 500 * time.Millisecond, retries: 4}
	if err := testutil.Within(t, 20*time.Second, func() error { return run(cfg, &out) }); err != nil {
		t.Fatalf("%v; output:\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{"I: server replied OK (1)", "I: simulating CPU overload", "I: simulating a crash", "I: server replied OK (6)"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// One retry for the slow reply and one for the crash; a loaded machine may add some.
	if n := strings.Count(got, "W: no response from server, retrying..."); n < 2 {
		t.Errorf("%d retries, want at least 2 (the slow reply and the crash):\n%s", n, got)
	}
	if n := strings.Count(got, "server replied OK"); n != cfg.requests {
		t.Errorf("%d replies, want %d:\n%s", n, cfg.requests, got)
	}
}

// With the server gone for good, the client gives up after its retries.
func TestClientGivesUp(t *testing.T) {
	var out strings.Builder
	err := testutil.Within(t, 20*time.Second, func() error {
		zctx, err := zmq.NewContext()
		if err != nil {
			return err
		}
		defer zctx.Close()
		return client(zctx, "tcp://127.0.0.1:1", config{requests: 1, timeout: 50 * time.Millisecond, retries: 2}, &out)
	})
	if err == nil || !strings.Contains(out.String(), "E: server seems to be offline, abandoning") {
		t.Fatalf("%v; output:\n%s", err, out.String())
	}
}
