//go:build faults

// Package faults is the fault suite (`make faults`; README "Reliability"): each case puts a
// server through one fault, checks what zreactor must do, and measures libzmq beside it where
// the comparison means something, with a C program (c/peer.c) that speaks the same lines as
// the zreactor peer process (peer_test.go). Every case prints one table row; with
// -faults.results the rows are written as a Markdown table, and with -faults.readme spliced
// into the README's "Reliability" section.
//
// Run as root for every case: the link-drop case needs network namespaces and nftables. A
// case that cannot run here (not root, a tool missing) skips with the reason, and libzmq's
// column says n/a when cc or libzmq3-dev is missing. Only the build tag faults compiles it.
package faults

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/zreactor/zmq/testproc"
)

var (
	flagResults = flag.String("faults.results", "", "write the result table to this Markdown file")
	flagReadme  = flag.String("faults.readme", "", "splice the result table into this README")
	flagPushers = flag.Int("faults.pushers", 2000, "PUSH sockets of the scale case (10000 for the full case)")
)

func TestMain(m *testing.M) {
	testproc.RunRole(map[string]func([]string) int{"peer": runPeer, "pushers": runPushers})
	flag.Parse()
	testproc.WarmUpFDs()
	cleanup := buildLibzmqPeer()
	code := m.Run()
	cleanup()
	if err := writeResults(); err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		code = 1
	}
	os.Exit(code)
}
