package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// Every client gets the reply to each of its requests, through the broker, over TCP and inproc.
func TestRun(t *testing.T) {
	for _, eps := range [][2]string{{"tcp://127.0.0.1:*", "tcp://127.0.0.1:*"}, {"inproc://front", "inproc://back"}} {
		const clients, workers, requests = 3, 2, 4
		var out strings.Builder
		err := testutil.Within(t, 20*time.Second, func() error {
			return run(eps[0], eps[1], clients, workers, requests, &out)
		})
		if err != nil {
			t.Fatalf("%v: %v", eps, err)
		}
		var want []string
		for c := range clients {
			for i := range requests {
				want = append(want, fmt.Sprintf("client %d request %d: World %d for client %d", c, i, i, c))
			}
		}
		if got := strings.Split(strings.TrimSpace(out.String()), "\n"); !testutil.EqualStrings(got, want) {
			t.Errorf("%v: output:\n%s\nwant:\n%s", eps, out.String(), strings.Join(want, "\n"))
		}
	}
}
