//go:build faults

package faults

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq/testproc"
)

const (
	fdLimit      = 256
	fdClients    = 400
	cpuWindow    = 3 * time.Second
	cpuBound     = 10.0 // percent of one core while saturated
	recoverBound = 10 * time.Second
)

func TestFDExhaustion(t *testing.T) {
	// The PULL process sets RLIMIT_NOFILE itself and has no monitor attached (libzmq's I/O
	// thread waits on a full monitor pipe, which would throttle its accept loop). The clients
	// are raw TCP connections sending a ZMTP greeting and READY.
	r := row{rank: 3, name: "400 clients against a 256-fd limit",
		checked: "PULL limited to 256 fds (RLIMIT_NOFILE), 400 clients: its CPU time (utime+stime) over 3 s " +
			"of failing accepts < 10% of a core; an honest PUSH served < 10 s after the clients leave"}
	r.zreactor, r.libzmq = both(t, measureFDLimit)
	report(t, r)
}

func measureFDLimit(t *testing.T, im *impl) string {
	srv := im.start(t, "PULL", nil, "-type", "pull", "-bind", "tcp://127.0.0.1:*", "-quiet",
		"-nofile", fmt.Sprint(fdLimit))
	ep := ready(t, srv)
	conns := dialClients(strings.TrimPrefix(ep, "tcp://"), fdClients)
	time.Sleep(time.Second) // every fd taken, connections left in the accept queue
	cpu := cpuShare(t, srv.Pid(), cpuWindow)
	for _, c := range conns {
		c.Close()
	}
	left := time.Now()
	honest := newPush(t, newContext(t), ep)
	if err := honest.Send([]byte("honest"), 0); err != nil {
		t.Fatal(err)
	}
	recovered := time.Duration(-1)
	for time.Since(left) < recoverBound {
		if peerStat(t, srv)["msgs"] > 0 {
			recovered = time.Since(left)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if im == zreactor {
		if cpu > cpuBound {
			t.Errorf("the server used %.1f%% of a core while saturated (bound %.0f%%)", cpu, cpuBound)
		}
		if recovered < 0 {
			t.Errorf("the honest peer was not served within %v of the clients leaving", recoverBound)
		}
	}
	served := "not served within 10 s"
	if recovered >= 0 {
		served = fmt.Sprintf("served %d ms after the clients left", recovered.Milliseconds())
	}
	return fmt.Sprintf("CPU %.1f%% of a core while saturated (%d clients connected); honest PUSH %s",
		cpu, len(conns), served)
}

// cpuShare is the CPU time (utime+stime) process pid uses over window, in percent of a core.
func cpuShare(t *testing.T, pid int, window time.Duration) float64 {
	t.Helper()
	cpu0, err0 := testproc.CPUTime(pid)
	begin := time.Now()
	time.Sleep(window)
	cpu1, err1 := testproc.CPUTime(pid)
	if err := errors.Join(err0, err1); err != nil {
		t.Fatal(err)
	}
	return 100 * float64(cpu1-cpu0) / float64(time.Since(begin))
}

// dialClients opens up to n TCP connections to addr at once, each sending a ZMTP greeting
// and a PUSH's READY; those the kernel does not complete within 2 s (the accept queue is
// full) are given up.
func dialClients(addr string, n int) []net.Conn {
	var mu sync.Mutex
	var conns []net.Conn
	var wg sync.WaitGroup
	hello := append(zmtpGreeting(), zmtpReadyPush()...)
	for range n {
		wg.Go(func() {
			c, err := net.DialTimeout("tcp", addr, 2*time.Second)
			if err != nil {
				return
			}
			_, _ = c.Write(hello)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		})
	}
	wg.Wait()
	return conns
}
