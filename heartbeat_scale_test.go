package zmq_test

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Heartbeats scale (issue 17): a ROUTER with 10,000 idle connections heartbeating every
// 100 ms keeps every one of them, and the CPU it spends is reported. The peers are a DEALER
// connected 10,000 times in a child process (this test binary again), since a process here
// may hold 20,000 fds and cannot raise that.
//
// The timeout is 1 s, not the interval: the peers share the machine's two vCPUs and answer
// 100,000 PINGs a second (a PING and its PONG cost about 10 us of system calls on each
// side here), so their PONGs come back 0.1 to 1 s late once the machine is loaded, which a
// 100 ms timeout rightly counts as death. What this test catches is us declaring dead a
// peer whose PONG was in our socket in time: with the timeout running before the I/O that
// came meanwhile, that killed 5,260-7,935 of 10,000 connections within 5 s.
//
// ZR_HB_CONNS and ZR_HB_TIMEOUT override the count and the timeout.
func TestHeartbeatScale(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 connections")
	}
	conns, timeout := 10_000, time.Second
	if raceEnabled {
		conns = 1000 // each heartbeat costs several times more under the race detector
	}
	if v, err := strconv.Atoi(os.Getenv("ZR_HB_CONNS")); err == nil {
		conns = v
	}
	if v, err := time.ParseDuration(os.Getenv("ZR_HB_TIMEOUT")); err == nil {
		timeout = v
	}
	conns = min(conns, fdRoom()-100)
	const ivl, measure = 100 * time.Millisecond, 5 * time.Second

	c := testutil.NewCtx(t)
	router := testutil.NewSocket(t, c, zmq.ROUTER)
	testutil.Must(t, router.SetHeartbeatIvl(ivl), "SetHeartbeatIvl")
	testutil.Must(t, router.SetHeartbeatTimeout(timeout), "SetHeartbeatTimeout")
	testutil.Must(t, router.SetBacklog(4096), "SetBacklog")
	events, err := router.Monitor(zmq.EventHandshakeSucceeded | zmq.EventDisconnected)
	testutil.Must(t, err, "Monitor")
	testutil.Must(t, router.Bind("tcp://127.0.0.1:*"), "Bind")

	child := exec.Command(os.Args[0], "-test.run", "^TestHeartbeatScalePeers$", "-test.count", "1")
	child.Env = append(os.Environ(), "ZR_HB_ENDPOINT="+router.LastEndpoint(), "ZR_HB_PEERS="+strconv.Itoa(conns))
	stdin, err := child.StdinPipe()
	testutil.Must(t, err, "StdinPipe")
	child.Stdout, child.Stderr = os.Stderr, os.Stderr
	testutil.Must(t, child.Start(), "start the peers' process")
	defer func() {
		stdin.Close() // the peers close and exit
		child.Wait()
	}()

	up, down := 0, 0
	count := func(e zmq.Event) {
		if e.Kind == zmq.EventHandshakeSucceeded {
			up++
		} else {
			down++
		}
	}
	for deadline := time.After(2 * time.Minute); up < conns; {
		select {
		case e := <-events:
			count(e)
		case <-deadline:
			t.Fatalf("%d of %d connections up after 2 min", up, conns)
		}
	}
	connecting := down      // deaths while the peers were still connecting the rest
	time.Sleep(time.Second) // heartbeats settle into their rhythm
	for len(events) > 0 {
		count(<-events)
	}
	before := down
	cpu0, peers0, wall0 := procCPU(t, "self"), procCPU(t, strconv.Itoa(child.Process.Pid)), time.Now()
	for end := time.After(measure); ; {
		select {
		case e := <-events:
			count(e)
			continue
		case <-end:
		}
		break
	}
	cpu, peers, wall := procCPU(t, "self")-cpu0, procCPU(t, strconv.Itoa(child.Process.Pid))-peers0, time.Since(wall0)
	beats := float64(conns) * wall.Seconds() / ivl.Seconds()
	t.Logf("%d connections heartbeating every %v (timeout %v): %.0f%% of a CPU over %v, %.1f us per heartbeat (the peers' process: %.0f%%); %d disconnected while measured, %d before",
		conns, ivl, timeout, 100*cpu.Seconds()/wall.Seconds(), wall.Round(time.Millisecond),
		float64(cpu.Microseconds())/beats, 100*peers.Seconds()/wall.Seconds(), down-before, before)
	// Deaths while the peers' process is still connecting the rest are its real lateness: it
	// handshakes thousands of connections on its one I/O thread meanwhile, and a loaded
	// machine (a parallel test run) can hold a PONG back past the timeout. Once all are up,
	// the peers answer at leisure, and a death is ours.
	if down > connecting {
		t.Errorf("%d live peers declared dead once all were up (%d while connecting)", down-connecting, connecting)
	}
	if n := router.MonitorDropped(); n > 0 {
		t.Errorf("%d monitor events dropped: the count is not reliable", n)
	}
}

// TestHeartbeatScalePeers is TestHeartbeatScale's child: a DEALER connected ZR_HB_PEERS
// times to ZR_HB_ENDPOINT, in waves so that the handshakes do not starve the heartbeats,
// answering PINGs until its stdin closes.
func TestHeartbeatScalePeers(t *testing.T) {
	ep := os.Getenv("ZR_HB_ENDPOINT")
	if ep == "" {
		t.Skip("run by TestHeartbeatScale")
	}
	n, _ := strconv.Atoi(os.Getenv("ZR_HB_PEERS"))
	c := testutil.NewCtx(t)
	d := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, d.SetLinger(0), "SetLinger")
	for i := range n {
		testutil.Must(t, d.Connect(ep), "Connect")
		if i%500 == 499 {
			time.Sleep(50 * time.Millisecond)
		}
	}
	bufio.NewReader(os.Stdin).ReadByte() // until the parent closes it
}

// procCPU is the CPU time (user and system) process pid ("self" for this one) has used, from
// /proc/<pid>/stat.
func procCPU(t testing.TB, pid string) time.Duration {
	t.Helper()
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	testutil.Must(t, err, "read /proc/%s/stat", pid)
	// Fields after the command name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const hz = 100 // USER_HZ, 100 on Linux
	return time.Duration(utime+stime) * time.Second / hz
}

// fdRoom is how many fds this process may open: RLIMIT_NOFILE, raised to its hard limit
// (which a child inherits).
func fdRoom() int {
	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl) != nil {
		return 1024
	}
	if rl.Cur < rl.Max {
		rl.Cur = rl.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
		syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
	return int(rl.Cur)
}
