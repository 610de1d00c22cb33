package zmq_test

import (
	"os/exec"
	"strings"
	"testing"
)

// layerRank orders the packages: each may import only packages of a lower rank, so imports run
// downward (ARCHITECTURE.md). internal/libzmq is for tests only and has no rank.
var layerRank = map[string]int{
	"internal/zerr": 0, "internal/event": 0, "internal/sysio": 0, "msg": 0, "poller": 0, "mailbox": 0, "object": 0,
	"iothread": 1, "own": 1, "pipe": 1,
	"socket":  2,
	"engine":  3,
	"session": 4,
	"tcp":     5,
	"":        6, // the root package
	// Test support, above the root so that no library package may import it; interop has
	// only _test.go files and nothing imports it.
	"internal/leakcheck": 7, "internal/testutil": 7,
	"internal/zmtptest": 8,
	"interop":           9,
}

func TestImportLayering(t *testing.T) {
	const mod = "github.com/zreactor/zmq"
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", mod+"/...").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(strings.TrimPrefix(fields[0], mod), "/")
		rank, ranked := layerRank[pkg]
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			dep := strings.TrimPrefix(strings.TrimPrefix(imp, mod), "/")
			if dep == "internal/libzmq" {
				t.Errorf("%s imports the test-only cgo helper internal/libzmq", fields[0])
				continue
			}
			depRank, depRanked := layerRank[dep]
			if ranked && depRanked && depRank >= rank {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must run downward", pkg, rank, dep, depRank)
			}
		}
	}
}
