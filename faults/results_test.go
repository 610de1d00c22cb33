//go:build faults

package faults

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq"
)

// row is one line of the result table.
type row struct {
	rank                            int // its place in the table: issue 17's order of the cases
	name, checked, zreactor, libzmq string
}

var (
	rowsMu sync.Mutex
	rows   []row
)

// report records a case's row and prints it.
func report(t *testing.T, r row) {
	t.Helper()
	if t.Failed() {
		r.zreactor = "**FAILED**: " + r.zreactor
	}
	rowsMu.Lock()
	rows = append(rows, r)
	rowsMu.Unlock()
	fmt.Println(r.markdown())
}

// skipRow records a case that cannot run here, and skips it.
func skipRow(t *testing.T, r row, why string) {
	t.Helper()
	r.zreactor, r.libzmq = "skipped: "+why, "skipped"
	report(t, r)
	t.Skip(why)
}

func (r row) markdown() string {
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	return fmt.Sprintf("| %s | %s | %s | %s |", cell(r.name), cell(r.checked), cell(r.zreactor), cell(r.libzmq))
}

const (
	readmeBegin = "<!-- faults:begin (make faults writes this table) -->"
	readmeEnd   = "<!-- faults:end -->"
)

// table is the Markdown table of every row, with a line on where it was measured.
func table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "`make faults` on %s: %s\n\n", time.Now().UTC().Format("2006-01-02T15:04Z"), machine())
	b.WriteString("| case | what is checked | zreactor | libzmq |\n|---|---|---|---|\n")
	slices.SortStableFunc(rows, func(a, b row) int { return a.rank - b.rank })
	for _, r := range rows {
		b.WriteString(r.markdown() + "\n")
	}
	return b.String()
}

// machine describes where the suite ran: kernel, CPUs and their load (timings and the CPU
// share a busy loop gets depend on it), Go, libzmq, commit.
func machine() string {
	kernel, _ := exec.Command("uname", "-r").Output()
	commit, _ := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	lz := "libzmq n/a"
	if out, err := exec.Command("pkg-config", "--modversion", "libzmq").Output(); err == nil {
		lz = "libzmq " + strings.TrimSpace(string(out))
	}
	load := "?"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Fields(string(b))[0]
	}
	major, minor, patch := zmq.Version()
	return fmt.Sprintf("Linux %s, %d CPUs (load average %s), %s, %s, zreactor at %s (follows libzmq %d.%d.%d)",
		strings.TrimSpace(string(kernel)), runtime.NumCPU(), load, runtime.Version(), lz,
		strings.TrimSpace(string(commit)), major, minor, patch)
}

// writeResults writes the table where the flags say.
func writeResults() error {
	if len(rows) == 0 {
		return nil
	}
	t := table()
	if *flagResults != "" {
		doc := "# Fault cases\n\nWritten by `make faults` (faults/; README \"Reliability\"). Each case runs " +
			"against zreactor, which must pass its check, and against libzmq beside it.\n\n" + t
		if err := os.WriteFile(*flagResults, []byte(doc), 0o644); err != nil {
			return err
		}
	}
	if *flagReadme != "" {
		return splice(*flagReadme, t)
	}
	return nil
}

// splice replaces what stands between the markers in the file at path with text.
func splice(path, text string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	i, j := strings.Index(s, readmeBegin), strings.Index(s, readmeEnd)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %q ... %q markers", path, readmeBegin, readmeEnd)
	}
	s = s[:i+len(readmeBegin)] + "\n" + text + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}
