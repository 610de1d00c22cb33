//go:build soak || faults

package testproc

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// RoleEnv is the environment variable that makes a re-executed test binary run a role (a
// peer process) instead of its tests.
const RoleEnv = "ZR_TESTPROC_ROLE"

// RunRole runs the role that RoleEnv names, with the process's arguments, and exits with the
// status it returns; without RoleEnv it returns at once. Call it first in TestMain, before
// m.Run parses the test flags, which a role's arguments are not. The runtime's own fds are
// made first (WarmUpFDs), so that fd counts a role reports do not see them appear later.
func RunRole(roles map[string]func(args []string) int) {
	name := os.Getenv(RoleEnv)
	if name == "" {
		return
	}
	run, ok := roles[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "testproc: unknown role %q\n", name)
		os.Exit(2)
	}
	WarmUpFDs()
	os.Exit(run(os.Args[1:]))
}

// Child is a process a suite started and talks to in lines: commands on its stdin, reports on
// its stdout, one word naming each line's kind ("ready ...", "event ..."). Closing its stdin
// asks it to exit: the roles and the C peers exit on EOF, so a child never outlives a test
// binary that dies.
type Child struct {
	Name  string
	cmd   *exec.Cmd
	stdin io.WriteCloser

	mu      sync.Mutex
	lines   []string       // every stdout line so far
	cursor  map[string]int // per line kind, the index after the last line Next returned
	changed chan struct{}  // closed and replaced when a line arrives or the process ends
	ended   bool           // the process has exited and its stdout is drained
	waitErr error          // the exit status, once ended
	killed  bool           // Kill was called
	stderr  tail
}

// StartRole re-executes the test binary running role with args. prefix, if any, is a command
// that runs it (e.g. "ip", "netns", "exec", "ns1").
func StartRole(name, role string, prefix []string, args ...string) (*Child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	argv := append(append(append([]string(nil), prefix...), self), args...)
	return Start(name, argv, RoleEnv+"="+role)
}

// Start runs argv with the environment of this process plus env.
func Start(name string, argv []string, env ...string) (*Child, error) {
	c := &Child{Name: name, cursor: make(map[string]int), changed: make(chan struct{})}
	c.cmd = exec.Command(argv[0], argv[1:]...)
	c.cmd.Env = append(os.Environ(), env...)
	c.cmd.Stderr = &c.stderr
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	go c.read(out)
	return c, nil
}

// read collects stdout lines until EOF, then waits for the process.
func (c *Child) read(out io.Reader) {
	r := bufio.NewReader(out)
	for {
		line, err := r.ReadString('\n')
		if line = strings.TrimRight(line, "\r\n"); line != "" {
			c.mu.Lock()
			c.lines = append(c.lines, line)
			c.notifyLocked()
			c.mu.Unlock()
		}
		if err != nil {
			break
		}
	}
	err := c.cmd.Wait()
	c.mu.Lock()
	c.ended, c.waitErr = true, err
	c.notifyLocked()
	c.mu.Unlock()
}

func (c *Child) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// Pid is the child's process id.
func (c *Child) Pid() int { return c.cmd.Process.Pid }

// Send writes one command line to the child's stdin.
func (c *Child) Send(format string, args ...any) error {
	_, err := fmt.Fprintf(c.stdin, format+"\n", args...)
	return err
}

// ErrEnded is returned by Next when the child exits before printing the line.
var ErrEnded = errors.New("child exited")

// Next returns the rest of the next line of the given kind (its first word) that Next has not
// returned before, waiting up to timeout for it.
func (c *Child) Next(kind string, timeout time.Duration) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		for i := c.cursor[kind]; i < len(c.lines); i++ {
			if rest, ok := lineOf(c.lines[i], kind); ok {
				c.cursor[kind] = i + 1
				c.mu.Unlock()
				return rest, nil
			}
		}
		c.cursor[kind] = len(c.lines)
		changed, ended := c.changed, c.ended
		c.mu.Unlock()
		if ended {
			return "", fmt.Errorf("%s: waiting for %q: %w (%v); stderr: %s", c.Name, kind, ErrEnded, c.waitErr, c.Stderr())
		}
		select {
		case <-changed:
		case <-deadline.C:
			return "", fmt.Errorf("%s: no %q line within %v; stderr: %s", c.Name, kind, timeout, c.Stderr())
		}
	}
}

// All returns the rest of every line of the given kind printed so far.
func (c *Child) All(kind string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, l := range c.lines {
		if rest, ok := lineOf(l, kind); ok {
			out = append(out, rest)
		}
	}
	return out
}

// lineOf reports whether line is of the given kind, and its rest.
func lineOf(line, kind string) (string, bool) {
	if line == kind {
		return "", true
	}
	rest, ok := strings.CutPrefix(line, kind+" ")
	return rest, ok
}

// Ended reports whether the child has exited, and its exit status.
func (c *Child) Ended() (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ended, c.waitErr
}

// Wait waits up to timeout for the child to exit and reports whether it did, and its exit
// status.
func (c *Child) Wait(timeout time.Duration) (bool, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		changed, ended, err := c.changed, c.ended, c.waitErr
		c.mu.Unlock()
		if ended {
			return true, err
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false, nil
		}
	}
}

// Signal sends sig to the child (SIGSTOP and SIGCONT freeze and thaw it).
func (c *Child) Signal(sig syscall.Signal) error { return c.cmd.Process.Signal(sig) }

// Kill SIGKILLs the child and waits for it.
func (c *Child) Kill() {
	c.mu.Lock()
	c.killed = true
	c.mu.Unlock()
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	c.Wait(time.Minute)
}

// Killed reports whether Kill was called.
func (c *Child) Killed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.killed
}

// Stop closes the child's stdin, which asks it to exit, and SIGKILLs it if it has not exited
// within timeout; it reports whether the child exited by itself, and its exit status.
func (c *Child) Stop(timeout time.Duration) (bool, error) {
	_ = c.stdin.Close()
	if ok, err := c.Wait(timeout); ok {
		return true, err
	}
	c.Kill()
	return false, nil
}

// Stderr is the end of what the child wrote to stderr.
func (c *Child) Stderr() string { return c.stderr.String() }

// tail keeps the last 8 KiB written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - 8<<10; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
