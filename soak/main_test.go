//go:build soak

// Package soak is a bounded soak run of the library (`make soak`; README "Reliability"): for a
// while (60 s, or SOAK=10m) it does random operations across socket types and transports in
// this process and against peer processes it SIGKILLs and restarts, and checks invariants as
// it goes. Only the build tag soak compiles it, so `go test ./...` stays fast.
//
// What "reliable" means here. A link is one sending socket and the path its messages take to
// the socket that checks them. Every message carries its link's id, a per-link sequence number
// and a checksum. A link is stable until the run does something to its path: disconnects,
// unbinds or closes one of its sockets, SIGKILLs a peer process it passes through, or faults
// the collector a peer forwards to. A peer frozen a while (SIGSTOP, then SIGCONT) faults
// nothing: its connections stay up, so its links stay stable. On a stable link libzmq's patterns lose nothing (PUSH,
// DEALER and REQ block or answer EAGAIN at the HWM, never drop), so every message must arrive,
// once, in order, intact. Once faulted, a link stays faulted for good: messages in flight when
// a connection broke may be lost (libzmq drops what its engine had taken from the pipe), so
// only no duplicate, no reordering and no corruption are checked. PUB/SUB may drop at the HWM
// by design and is checked as faulted always.
package soak

import (
	"os"
	"testing"

	"github.com/zreactor/zmq/testproc"
)

func TestMain(m *testing.M) {
	testproc.RunRole(map[string]func([]string) int{"peer": runPeer})
	os.Exit(m.Run())
}
