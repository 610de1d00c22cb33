//go:build faults

package faults

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/zreactor/zmq/testproc"
)

// impl is an implementation a case runs its peer processes with.
type impl struct {
	name string
	path string // the libzmq peer program; "" for zreactor, which re-executes the test binary
	why  string // why it cannot run here, if it cannot
}

var (
	zreactor = &impl{name: "zreactor"}
	libzmq   = &impl{name: "libzmq", why: "not built"}
)

// start runs a peer process of im with args; prefix, if any, is a command that runs it (ip
// netns exec). It is stopped when the test ends (stop).
func (im *impl) start(t *testing.T, name string, prefix []string, args ...string) *testproc.Child {
	t.Helper()
	var c *testproc.Child
	var err error
	name = im.name + " " + name
	if im.path == "" {
		c, err = testproc.StartRole(name, "peer", prefix, args...)
	} else {
		c, err = testproc.Start(name, append(append(append([]string(nil), prefix...), im.path), args...))
	}
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() { im.stop(t, c) })
	return c
}

// stop ends a peer by closing its stdin, unless the test killed it; a zreactor peer must
// exit by itself, with status 0 (Context.Close returned, nothing panicked).
func (im *impl) stop(t *testing.T, c *testproc.Child) {
	if c.Killed() {
		return
	}
	exited, err := c.Stop(10 * time.Second)
	switch {
	case im != zreactor:
	case !exited:
		t.Errorf("%s did not exit within 10 s of its stdin closing; stderr:\n%s", c.Name, c.Stderr())
	case err != nil:
		t.Errorf("%s exited with %v; stderr:\n%s", c.Name, err, c.Stderr())
	}
}

// buildLibzmqPeer compiles c/peer.c against Debian's libzmq3-dev, as bench/ builds its C
// programs, and returns what removes it; libzmq's column is n/a when it cannot be built.
func buildLibzmqPeer() func() {
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "cc"
	}
	if _, err := exec.LookPath(cc); err != nil {
		libzmq.why = "no C compiler (" + cc + ")"
		return func() {}
	}
	dir, err := os.MkdirTemp("", "zr-faults-")
	if err != nil {
		libzmq.why = err.Error()
		return func() {}
	}
	out := filepath.Join(dir, "peer")
	cmd := exec.Command(cc, "-O2", "-Wall", "-o", out, filepath.Join("c", "peer.c"), "-lzmq") // go test runs in the package directory
	if msg, err := cmd.CombinedOutput(); err != nil {
		libzmq.why = fmt.Sprintf("c/peer.c did not build (libzmq3-dev missing?): %v %s", err, msg)
	} else {
		libzmq.path, libzmq.why = out, ""
	}
	return func() { os.RemoveAll(dir) }
}

// both runs measure with zreactor, which must pass its checks, and with libzmq where it can
// run, whose figure is shown beside; it returns the two figures for the table.
func both(t *testing.T, measure func(t *testing.T, im *impl) string) (zr, lz string) {
	t.Helper()
	t.Run("zreactor", func(t *testing.T) { zr = measure(t, zreactor) })
	if libzmq.why != "" {
		return zr, "n/a: " + libzmq.why
	}
	t.Run("libzmq", func(t *testing.T) { lz = measure(t, libzmq) })
	return zr, lz
}
