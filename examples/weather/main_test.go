package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestRun(t *testing.T) {
	for _, endpoint := range []string{"tcp://127.0.0.1:*", "inproc://weather"} {
		var out strings.Builder
		err := testutil.Within(t, 20*time.Second, func() error {
			return run(endpoint, []string{"10001", "10007"}, 20, &out)
		})
		if err != nil {
			t.Fatalf("%s: %v", endpoint, err)
		}
		want := regexp.MustCompile(`^Average temperature for zipcode '10001' was -?\d+\.\dF\n` +
			`Average temperature for zipcode '10007' was -?\d+\.\dF\n$`)
		if !want.MatchString(out.String()) {
			t.Errorf("%s: output:\n%s", endpoint, out.String())
		}
	}
}
