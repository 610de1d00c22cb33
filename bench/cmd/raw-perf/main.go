// Command raw-perf is the machine's ceiling row of the benchmark: the perf
// roles over plain loopback TCP with no messaging library. Frames use
// ZMTP's framing (flags byte, 1- or 8-byte size); the sender writes
// pre-framed batches of up to 64 KiB, the receiver parses 64 KiB reads.
// Sockets are blocking and driven with plain read/write syscalls, each role
// on one goroutine, which measured as fast as epoll on this machine.
//
//	raw-perf <local_thr|remote_thr|local_lat|remote_lat> <tcp://host:port> <size> <count>
//
// Output follows bench/internal/perf: "ready" once listening, then one
// "result key=value ..." line.
package main

import (
	"fmt"
	"os"

	"github.com/zreactor/zmq/bench/internal/perf"
)

var roles = map[string]func(perf.Args) (string, error){
	"local_thr":  localThr,
	"remote_thr": remoteThr,
	"local_lat":  localLat,
	"remote_lat": remoteLat,
}

func main() {
	a, err := perf.ParseArgs(os.Args[1:])
	if err == nil && roles[a.Role] == nil {
		err = fmt.Errorf("unknown role %q", a.Role)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	res, err := roles[a.Role](a)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("result %s peak_rss_kib=%d\n", res, perf.PeakRSSKiB())
}
