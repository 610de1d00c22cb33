package perf

import (
	"fmt"
	"os"
	"strconv"
)

// Args are a role's command-line arguments:
// <role> <endpoint> <size> <count> [conns].
type Args struct {
	Role     string
	Endpoint string
	Size     int
	Count    int
	Conns    int
}

// Roles maps each role name to its implementation.
var Roles = map[string]func(Lib, Args) (string, error){
	"local_thr":  LocalThr,
	"remote_thr": RemoteThr,
	"local_lat":  LocalLat,
	"remote_lat": RemoteLat,
	"scale_pull": ScalePull,
	"scale_push": ScalePush,
}

// ParseArgs parses os.Args[1:] style arguments.
func ParseArgs(argv []string) (Args, error) {
	if len(argv) < 4 {
		return Args{}, fmt.Errorf("usage: <role> <endpoint> <size> <count> [conns]")
	}
	a := Args{Role: argv[0], Endpoint: argv[1], Conns: 1}
	var err error
	if a.Size, err = strconv.Atoi(argv[2]); err != nil || a.Size < 0 {
		return a, fmt.Errorf("bad size %q", argv[2])
	}
	if a.Count, err = strconv.Atoi(argv[3]); err != nil || a.Count < 1 {
		return a, fmt.Errorf("bad count %q", argv[3])
	}
	if len(argv) > 4 {
		if a.Conns, err = strconv.Atoi(argv[4]); err != nil || a.Conns < 1 {
			return a, fmt.Errorf("bad conns %q", argv[4])
		}
	}
	return a, nil
}

// Main runs the role named by os.Args[1] on lib, prints its result line and
// exits non-zero on error.
func Main(lib Lib) {
	a, err := ParseArgs(os.Args[1:])
	if err != nil {
		fail(err)
	}
	role, ok := Roles[a.Role]
	if !ok {
		fail(fmt.Errorf("unknown role %q", a.Role))
	}
	res, err := role(lib, a)
	if err != nil {
		fail(err)
	}
	if err := lib.Term(); err != nil {
		fail(fmt.Errorf("term: %w", err))
	}
	fmt.Printf("result %s peak_rss_kib=%d\n", res, PeakRSSKiB())
}

// Ready tells the harness that the socket is bound.
func Ready() { fmt.Println("ready") }

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
