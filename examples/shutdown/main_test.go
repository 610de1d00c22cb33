package main

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// Cancelling the context stops every goroutine, blocked or not, and Close returns.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var out strings.Builder
	if err := testutil.Within(t, 10*time.Second, func() error { return run(ctx, &out) }); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^stopping\nreceived [1-9]\d* messages; shut down cleanly\n$`).MatchString(out.String()) {
		t.Fatalf("output:\n%s", out.String())
	}
}

// The program itself stops on SIGINT with status 0: built and run as a user would.
func TestSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := t.TempDir() + "/shutdown"
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	cmd := exec.Command(bin)
	stdout, err := cmd.StdoutPipe()
	testutil.Must(t, err, "StdoutPipe")
	testutil.Must(t, cmd.Start(), "start")
	buf := make([]byte, 64)
	n, _ := stdout.Read(buf) // "running; ..." once the handler is installed
	if !strings.HasPrefix(string(buf[:n]), "running") {
		t.Fatalf("first output %q", buf[:n])
	}
	time.Sleep(50 * time.Millisecond)
	testutil.Must(t, cmd.Process.Signal(syscall.SIGINT), "SIGINT")
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for {
			n, err := stdout.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				rest <- b.String()
				return
			}
		}
	}()
	// The output first, to its end: Wait closes the pipe, and what was not read by then is lost.
	var got string
	select {
	case got = <-rest:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 10 s after SIGINT")
	}
	if err := testutil.Within(t, 10*time.Second, cmd.Wait); err != nil {
		t.Fatalf("exit: %v", err)
	}
	if !strings.Contains(got, "shut down cleanly") {
		t.Fatalf("output after SIGINT: %q", got)
	}
}
