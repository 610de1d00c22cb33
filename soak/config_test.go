//go:build soak

package soak

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/zreactor/zmq"
)

var (
	flagDuration = flag.Duration("soak.duration", envDuration("SOAK", 60*time.Second),
		"how long to run (env SOAK)")
	flagSeed = flag.Int64("soak.seed", envInt("SEED", 0),
		"seed of the random operations, printed so that a failure can be replayed; 0 picks one (env SEED)")
	flagPeers = flag.Int("soak.peers", 3, "peer processes")
)

// Limits that keep the run's resource use bounded, so that growth means a leak.
const (
	maxLinks         = 32               // live links at a time
	maxInflightBytes = 32 << 20         // sent but not yet received, over all links
	bigInflightBytes = 8 << 20          // messages over 128 KiB only while less is in flight
	drainTimeout     = 30 * time.Second // a retired stable link must be complete within this
	stallWriteOff    = 2 * time.Second  // a faulted link's unanswered messages count as lost after this
	progressTimeout  = 20 * time.Second // some message must arrive within this, or the run is stuck
	killMin, killMax = 1 * time.Second, 5 * time.Second
	restartMax       = 800 * time.Millisecond
	freezeEvery      = 3 * time.Second // on average
	freezeMax        = 1500 * time.Millisecond
)

// A transport links are made over. Adding one is one line in transports; a transport this
// build of the library does not offer (zmq.Has) is skipped.
type transport struct {
	name         string
	capability   string // what zmq.Has must report; "" for transports every build has
	crossProcess bool   // can join two processes
	endpoint     func(s *soak, name string) string
}

var transports = []transport{
	{name: "tcp", crossProcess: true, endpoint: (*soak).tcpEndpoint},
	{name: "inproc", endpoint: (*soak).inprocEndpoint},
	{name: "ipc", capability: "ipc", crossProcess: true, endpoint: (*soak).ipcEndpoint},
}

// offered returns the transports this build offers, and a note on those it skips.
func offered() (use []transport, skipped string) {
	for _, t := range transports {
		if t.capability != "" && !zmq.Has(t.capability) {
			skipped += fmt.Sprintf(" %s (zmq.Has(%q) is false)", t.name, t.capability)
			continue
		}
		use = append(use, t)
	}
	return use, skipped
}

func envDuration(name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

func envInt(name string, def int64) int64 {
	if v := os.Getenv(name); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	return def
}
