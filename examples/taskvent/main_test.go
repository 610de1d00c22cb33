package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// Every task is done once, and the round robin gives every worker its share.
func TestRun(t *testing.T) {
	const tasks, workers = 40, 4
	var out strings.Builder
	if err := testutil.Within(t, 20*time.Second, func() error { return run(tasks, workers, 3, &out) }); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1+workers || !regexp.MustCompile(`^40 tasks, \d+ ms of work, done by 4 workers in \d+ ms$`).MatchString(lines[0]) {
		t.Fatalf("output:\n%s", out.String())
	}
	for w := range workers {
		// PUSH round-robins: with every worker connected first, each gets exactly a quarter.
		if want := fmt.Sprintf("worker %d did %d tasks", w, tasks/workers); lines[1+w] != want {
			t.Errorf("line %q, want %q", lines[1+w], want)
		}
	}
}
