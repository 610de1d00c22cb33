package socksproxy

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Proxy is a SOCKS5 server process started for one test.
type Proxy struct {
	Addr string // "127.0.0.1:port"

	name   string
	logs   []string // files the process writes, for failure messages
	cmd    *exec.Cmd
	exited chan struct{}
}

// startLimit bounds how long a proxy may take to accept connections.
const startLimit = 5 * time.Second

// Microsocks starts microsocks on a free loopback port: without authentication when user is
// empty, else requiring that username and password.
func Microsocks(t testing.TB, user, password string) *Proxy {
	t.Helper()
	bin := need(t, "microsocks", "microsocks")
	return start(t, "microsocks", func(dir string, port int) *exec.Cmd {
		args := []string{"-i", "127.0.0.1", "-p", strconv.Itoa(port)}
		if user != "" {
			args = append(args, "-u", user, "-P", password)
		}
		return exec.Command(bin, args...)
	})
}

// Dante starts dante's danted without authentication on a free loopback port, from a
// configuration written for the test. It runs in the foreground with one negotiating child;
// as root, as its configuration drops to "nobody" for the outside connections.
func Dante(t testing.TB) *Proxy {
	t.Helper()
	bin := need(t, "danted", "dante-server")
	if os.Geteuid() != 0 {
		t.Skip("socksproxy: danted needs root here (it switches to user nobody)")
	}
	return start(t, "danted", func(dir string, port int) *exec.Cmd {
		conf := filepath.Join(dir, "danted.conf")
		if err := os.WriteFile(conf, []byte(danteConf(dir, port)), 0o644); err != nil {
			t.Fatalf("socksproxy: %v", err)
		}
		return exec.Command(bin, "-f", conf, "-N", "1")
	})
}

// danteConf is a no-authentication configuration for loopback clients and targets. The rule
// blocks must span lines: dante refuses them on one.
func danteConf(dir string, port int) string {
	return fmt.Sprintf(`logoutput: %s
internal: 127.0.0.1 port = %d
external: 127.0.0.1
clientmethod: none
socksmethod: none
user.privileged: root
user.unprivileged: nobody
client pass {
    from: 127.0.0.0/8 to: 0.0.0.0/0
    log: error
}
socks pass {
    from: 127.0.0.0/8 to: 0.0.0.0/0
    command: connect
    log: connect error
}
`, filepath.Join(dir, "danted.log"), port)
}

// need finds a proxy's binary, or skips t naming the package to install (fails it under
// ZR_REQUIRE_SOCKS=1).
func need(t testing.TB, bin, pkg string) string {
	t.Helper()
	if p, err := exec.LookPath(bin); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		if p := filepath.Join(dir, bin); isExecutable(p) {
			return p
		}
	}
	msg := fmt.Sprintf("socksproxy: %s not found: apt-get install %s", bin, pkg)
	if os.Getenv("ZR_REQUIRE_SOCKS") == "1" {
		t.Fatal(msg + " (ZR_REQUIRE_SOCKS=1)")
	}
	t.Skip(msg)
	return ""
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

// start runs the command made by mk on a free port until it accepts connections, trying
// again on another port if it exits first (another test may have taken the port between our
// probe and its bind). The test's cleanup stops it.
func start(t testing.TB, name string, mk func(dir string, port int) *exec.Cmd) *Proxy {
	t.Helper()
	dir := t.TempDir()
	var last error
	for range 3 {
		port, err := freePort()
		if err != nil {
			t.Fatalf("socksproxy: %v", err)
		}
		p := &Proxy{Addr: "127.0.0.1:" + strconv.Itoa(port), name: name, exited: make(chan struct{})}
		if last = p.run(dir, mk(dir, port)); last != nil {
			continue
		}
		if last = p.waitReady(); last == nil {
			t.Cleanup(p.stop)
			return p
		}
		p.stop()
	}
	t.Fatalf("socksproxy: %s did not start: %v", name, last)
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// run starts cmd in a process group of its own, so that stop reaches danted's children,
// with its output in dir.
func (p *Proxy) run(dir string, cmd *exec.Cmd) error {
	out, err := os.CreateTemp(dir, p.name+"-*.out")
	if err != nil {
		return err
	}
	defer out.Close() // the child has its own copy
	p.logs = append(p.logs, out.Name(), filepath.Join(dir, "danted.log"))
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	p.cmd = cmd
	go func() {
		cmd.Wait()
		close(p.exited)
	}()
	return nil
}

// waitReady waits until the proxy accepts a connection.
func (p *Proxy) waitReady() error {
	deadline := time.Now().Add(startLimit)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			return fmt.Errorf("exited: %s", p.Logs())
		default:
		}
		c, err := net.DialTimeout("tcp4", p.Addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("not accepting on %s within %v: %s", p.Addr, startLimit, p.Logs())
}

// stop ends the process group the proxy leads (SIGTERM, then SIGKILL) and waits for it.
func (p *Proxy) stop() {
	if p.cmd == nil {
		return
	}
	pgid := -p.cmd.Process.Pid
	syscall.Kill(pgid, syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(startLimit):
		syscall.Kill(pgid, syscall.SIGKILL)
		<-p.exited
	}
	syscall.Kill(pgid, syscall.SIGKILL) // children that outlived their parent
}

// Logs returns what the proxy wrote so far, for failure messages.
func (p *Proxy) Logs() string {
	var s string
	for _, f := range p.logs {
		if b, err := os.ReadFile(f); err == nil && len(b) > 0 {
			s += "\n" + filepath.Base(f) + ":\n" + string(b)
		}
	}
	return s
}
