//go:build cgo

package libzmq

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoProductionImports checks that no non-test package of the module
// depends on this cgo helper: it is for tests only.
func TestNoProductionImports(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	const self = "github.com/zreactor/zmq/internal/libzmq"
	cmd := exec.Command(goBin, "list", "-e", "-f", `{{.ImportPath}}: {{join .Deps " "}}`, "github.com/zreactor/zmq/...")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for line := range strings.Lines(string(out)) {
		pkg, deps, _ := strings.Cut(strings.TrimSpace(line), ": ")
		if pkg == self {
			continue
		}
		for _, d := range strings.Fields(deps) {
			if d == self {
				t.Errorf("%s (non-test code) imports %s", pkg, self)
			}
		}
	}
}
