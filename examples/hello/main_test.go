package main

import (
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := testutil.Within(t, 10*time.Second, func() error { return run("tcp://127.0.0.1:*", 3, &out) }); err != nil {
		t.Fatal(err)
	}
	want := "Sending Hello 0...\nReceived World 0\nSending Hello 1...\nReceived World 1\nSending Hello 2...\nReceived World 2\n"
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
