package main

import (
	"fmt"
	"os"
	"strings"
)

var (
	isTTY      = stderrIsTTY()
	progressOn bool
)

func stderrIsTTY() bool {
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progress shows one status line on stderr: rewritten in place on a
// terminal, one line each otherwise.
func progress(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if isTTY {
		fmt.Fprintf(os.Stderr, "\r%s\x1b[K", s)
		progressOn = true
		return
	}
	fmt.Fprintln(os.Stderr, strings.TrimRight(s, " "))
}

func progressEnd() {
	if progressOn {
		fmt.Fprintln(os.Stderr)
		progressOn = false
	}
}

// logf prints a message on stderr without mangling the progress line.
func logf(format string, args ...any) {
	progressEnd()
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func fatalf(format string, args ...any) {
	logf(format, args...)
	os.Exit(1)
}
