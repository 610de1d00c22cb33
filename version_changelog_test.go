package zmq_test

import (
	"os"
	"regexp"
	"testing"

	zmq "github.com/zreactor/zmq"
)

// The newest release CHANGELOG.md describes is the one ModuleVersion names, so neither can be
// bumped without the other.
func TestModuleVersionMatchesChangelog(t *testing.T) {
	b, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## \[(\d+\.\d+\.\d+)\]`).FindSubmatch(b)
	if m == nil {
		t.Fatal("CHANGELOG.md has no release heading of the form ## [x.y.z]")
	}
	if string(m[1]) != zmq.ModuleVersion {
		t.Fatalf("CHANGELOG.md's newest release is %s, ModuleVersion %s", m[1], zmq.ModuleVersion)
	}
}
