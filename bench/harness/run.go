package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// errTimeout marks a run whose processes were killed at the deadline.
var errTimeout = errors.New("timed out")

// outcome is what one run of one cell produced.
type outcome struct {
	recv, send map[string]string // the "result" lines' key=values
	recvRSSKiB int64             // receiver's peak RSS as it reported it, -1 if it did not
	err        error
}

// proc is a started benchmark process.
type proc struct {
	cmd    *exec.Cmd
	ready  chan struct{}
	result chan map[string]string
	stderr *bytes.Buffer
	eof    chan struct{} // stdout closed: the process is exiting
	done   chan error
	stdin  io.WriteCloser // nil unless started by startProc with a stdin pipe
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func start(ctx context.Context, argv []string, pinned bool, env []string) (*proc, error) {
	return startProc(ctx, argv, pinned, env, false)
}

// startProc starts a process; with keepStdin its standard input is a pipe that stays open
// until p.stdin is closed (the pattern proxies run until then), else /dev/null.
func startProc(ctx context.Context, argv []string, pinned bool, env []string, keepStdin bool) (*proc, error) {
	if pinned {
		argv = append([]string{"taskset", "-c", "0"}, argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = time.Second
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	p := &proc{cmd: cmd, ready: make(chan struct{}), result: make(chan map[string]string, 1),
		stderr: &bytes.Buffer{}, eof: make(chan struct{}), done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if keepStdin {
		if p.stdin, err = cmd.StdinPipe(); err != nil {
			return nil, err
		}
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go p.scan(out)
	return p, nil
}

// scan reads the output protocol, then reaps the process: Wait must come
// after the pipe is drained.
func (p *proc) scan(r io.Reader) {
	sc := bufio.NewScanner(r)
	var res map[string]string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "ready":
			close(p.ready)
		case strings.HasPrefix(line, "result "):
			res = parseKV(line[len("result "):])
		}
	}
	close(p.eof)
	p.result <- res
	p.done <- p.cmd.Wait()
}

func parseKV(s string) map[string]string {
	m := map[string]string{}
	for _, f := range strings.Fields(s) {
		if k, v, ok := strings.Cut(f, "="); ok {
			m[k] = v
		}
	}
	return m
}

// wait returns the result line of a process and its error.
func (p *proc) wait() (map[string]string, error) {
	res := <-p.result
	err := <-p.done
	if err == nil && res == nil {
		err = fmt.Errorf("no result line")
	}
	if err != nil {
		msg := strings.TrimSpace(p.stderr.String())
		if len(msg) > 200 {
			msg = msg[:200]
		}
		err = fmt.Errorf("%s: %v %s", p.cmd.Args[0], err, msg)
	}
	return res, err
}

// runPair starts the receiver, waits until it is bound, starts the sender
// and collects both, each with env added to its environment. Both are killed
// when timeout runs out.
func runPair(recvArgv, sendArgv []string, pinned bool, env []string, timeout time.Duration) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	rp, err := start(ctx, recvArgv, pinned, env)
	if err != nil {
		return outcome{err: err}
	}
	select {
	case <-rp.ready:
	case <-rp.eof:
		cancel()
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		cancel()
	}
	if ctx.Err() != nil {
		_, err := rp.wait()
		if err == nil {
			err = fmt.Errorf("exited")
		}
		return outcome{err: fmt.Errorf("receiver not ready: %v", err)}
	}
	sp, err := start(ctx, sendArgv, pinned, env)
	if err != nil {
		cancel()
		rp.wait()
		return outcome{err: err}
	}
	o := outcome{}
	var serr, rerr error
	o.send, serr = sp.wait()
	if serr != nil {
		cancel() // the receiver would wait forever for the missing messages
	}
	o.recv, rerr = rp.wait()
	o.recvRSSKiB = peakRSS(o.recv)
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		o.err = fmt.Errorf("%w after %v, killed", errTimeout, timeout)
	case serr != nil:
		o.err = serr
	case rerr != nil:
		o.err = rerr
	}
	return o
}

func cellArgs(im *impl, binDir, role, ep string, size, count int, extra ...int) []string {
	a := append(im.bin(binDir, role), ep, strconv.Itoa(size), strconv.Itoa(count))
	for _, e := range extra {
		a = append(a, strconv.Itoa(e))
	}
	return a
}

// peakRSS is the peak RSS a program reported of itself (VmHWM, peak_rss_kib), or -1. wait4's
// ru_maxrss cannot serve: Linux carries it across execve, and os/exec starts children sharing
// the harness's memory (vfork), so every child's figure was at least the harness's own RSS
// (~10 MiB late in a run, above what libzmq's receivers use).
func peakRSS(res map[string]string) int64 {
	if v, ok := num(res, "peak_rss_kib"); ok {
		return int64(v)
	}
	return -1
}

func num(m map[string]string, k string) (float64, bool) {
	v, err := strconv.ParseFloat(m[k], 64)
	return v, err == nil
}
