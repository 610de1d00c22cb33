package zmq_test

import (
	"os/exec"
	"strings"
	"testing"
)

// layerRank orders the packages: each may import only packages of a lower rank, so imports run
// downward (docs/architecture.md). Rank 0 imports nothing of the module but the OS guard
// internal/platform (rank -1), which imports nothing. Every package of the module has a rank,
// and a new one must be given its place here; the only exceptions are the helpers for tests,
// internal/libzmq (cgo) and internal/socksproxy, which no package may import. The bench module
// is a module of its own and is not listed.
var layerRank = map[string]int{
	// The OS guard, below everything: the lowest packages with OS-specific code import it.
	"internal/platform": -1,

	"options": 0, "internal/zerr": 0, "internal/event": 0, "internal/sysio": 0, "internal/yield": 0,
	"internal/gss": 0, "internal/kdctest": 0,
	"msg": 1, "poller": 1, "mailbox": 1, "object": 1,
	"iothread": 2, "own": 2, "pipe": 2,
	"socket":  3,
	"zmtp":    4,
	"engine":  5,
	"session": 6,
	"tcp":     7,
	"ipc":     8, // the unix-domain family over tcp's listener and connecter
	"":        9, // the root package
	"auth":    10, "zmqexpvar": 10,
	// Test support, above the library so that no library package may import it; interop has
	// only _test.go files and nothing imports it.
	"internal/leakcheck": 11, "internal/testutil": 11,
	"internal/zmtptest": 12,
	"interop":           13,
}

// programRank is the rank of the programs, examples/* and cmd/*: at the top, importing the
// library like any application.
const programRank = 13

// rankOf returns pkg's rank and whether it has one.
func rankOf(pkg string) (int, bool) {
	if strings.HasPrefix(pkg, "examples/") || strings.HasPrefix(pkg, "cmd/") {
		return programRank, true
	}
	r, ok := layerRank[pkg]
	return r, ok
}

// unranked are the packages that have no rank, on purpose.
var unranked = map[string]bool{"internal/libzmq": true, "internal/socksproxy": true}

// forbidden lists, for a package, packages it must not depend on even indirectly, where ranks
// alone would allow it.
var forbidden = map[string][]string{
	// The ZMTP codec and mechanisms are pure: no I/O, no goroutines, no timers, no pipes. The
	// ZAP client talks to the handler through an interface the session implements.
	"zmtp": {"poller", "iothread", "mailbox", "internal/sysio", "internal/yield", "pipe", "socket"},
	// The connection machinery reads options/, not the socket types.
	"engine":  {"socket"},
	"session": {"socket"},
	"tcp":     {"socket"},
	"ipc":     {"socket"},
}

const modPath = "github.com/zreactor/zmq"

// modImports returns the module's packages, by path relative to the module, with the module
// packages each imports (tests excluded).
func modImports(t *testing.T) map[string][]string {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", modPath+"/...").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := relPath(fields[0])
		imports[pkg] = nil
		for _, imp := range fields[1:] {
			if imp == modPath || strings.HasPrefix(imp, modPath+"/") {
				imports[pkg] = append(imports[pkg], relPath(imp))
			}
		}
	}
	return imports
}

func relPath(importPath string) string {
	return strings.TrimPrefix(strings.TrimPrefix(importPath, modPath), "/")
}

func TestImportLayering(t *testing.T) {
	for pkg, deps := range modImports(t) {
		rank, ranked := rankOf(pkg)
		if !ranked && !unranked[pkg] {
			t.Errorf("package %q has no rank: give it its place in layerRank", pkg)
		}
		for _, dep := range deps {
			if unranked[dep] {
				t.Errorf("%q imports the test-only helper %s", pkg, dep)
				continue
			}
			if depRank, ok := rankOf(dep); ranked && ok && depRank >= rank {
				t.Errorf("%q (layer %d) imports %q (layer %d): imports must run downward", pkg, rank, dep, depRank)
			}
		}
	}
}

func TestForbiddenDependencies(t *testing.T) {
	imports := modImports(t)
	for pkg, banned := range forbidden {
		if _, ok := imports[pkg]; !ok {
			t.Errorf("forbidden lists %q, which is not a package of the module", pkg)
		}
		deps := closure(imports, pkg)
		for _, b := range banned {
			if deps[b] {
				t.Errorf("%q depends on %q", pkg, b)
			}
		}
	}
}

// closure returns every module package pkg depends on, directly or not.
func closure(imports map[string][]string, pkg string) map[string]bool {
	seen := map[string]bool{}
	todo := []string{pkg}
	for len(todo) > 0 {
		p := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, d := range imports[p] {
			if !seen[d] {
				seen[d] = true
				todo = append(todo, d)
			}
		}
	}
	return seen
}
