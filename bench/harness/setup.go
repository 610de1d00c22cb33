package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const zmqHeader = "/usr/include/zmq.h"

// ensureLibzmq installs libzmq3-dev when it is missing and we are root;
// otherwise it says what to install. It reports whether libzmq is usable.
func ensureLibzmq() bool {
	if _, err := os.Stat(zmqHeader); err == nil {
		return true
	}
	if os.Geteuid() != 0 {
		logf("libzmq development files missing: run `sudo apt-get install -y libzmq3-dev` (Debian/Ubuntu); libzmq and pebbe cells will be n/a")
		return false
	}
	logf("installing libzmq3-dev with apt-get ...")
	install := func() error {
		cmd := exec.Command("apt-get", "install", "-y", "--no-install-recommends", "libzmq3-dev")
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		return cmd.Run()
	}
	if err := install(); err != nil {
		upd := exec.Command("apt-get", "update")
		upd.Stdout, upd.Stderr = os.Stderr, os.Stderr
		_ = upd.Run()
		if err := install(); err != nil {
			logf("apt-get install libzmq3-dev failed: %v; libzmq and pebbe cells will be n/a", err)
			return false
		}
	}
	_, err := os.Stat(zmqHeader)
	return err == nil
}

var cRoles = []string{"local_thr", "remote_thr", "local_lat", "remote_lat", "scale_pull", "scale_push",
	"inproc_thr", "pull_thr", "push_thr", "rr_server", "rr_client", "pub_fan", "sub_fan", "proxy"}

// buildAll builds every program into binDir and marks each impl built or
// not, with the reason.
func buildAll(binDir string, haveZMQ bool) {
	if err := os.MkdirAll(filepath.Join(binDir, "libzmq"), 0o755); err != nil {
		fatalf("%v", err)
	}
	if haveZMQ {
		libzmq.built = true
		cc := os.Getenv("CC")
		if cc == "" {
			cc = "cc"
		}
		for _, r := range cRoles {
			out := filepath.Join(binDir, "libzmq", r)
			if err := run(cc, "-O2", "-Wall", "-o", out, filepath.Join("c", r+".c"), "-lzmq", "-lpthread"); err != "" {
				libzmq.built, libzmq.why = false, err
				break
			}
		}
	} else {
		libzmq.why, pebbe.why = "libzmq3-dev missing", "libzmq3-dev missing"
	}
	goBuild(binDir, rawTCP, "./cmd/raw-perf")
	goBuild(binDir, gozmq, "./cmd/gozmq-perf")
	if haveZMQ {
		goBuild(binDir, pebbe, "./cmd/pebbe-perf")
	}
	goBuild(binDir, zreactor, "./cmd/zr-perf")
	for _, im := range allImpl {
		if im.built {
			logf("built %s", im.name)
		} else {
			logf("%s: not built (%s)", im.name, im.why)
		}
	}
}

func goBuild(binDir string, im *impl, pkg string, extra ...string) {
	args := append([]string{"build", "-o", binDir + "/"}, extra...)
	args = append(args, pkg)
	if err := run("go", args...); err != "" {
		im.why = err
		return
	}
	im.built = true
}

// run runs a build command and returns "" or a short reason for failing.
func run(name string, args ...string) string {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err == nil {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) > 3 {
		lines = append(lines[:3], "...")
	}
	return fmt.Sprintf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.Join(lines, " | "))
}
