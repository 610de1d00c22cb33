package zmq_test

import (
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
	"github.com/zreactor/zmq/tcp"
	"golang.org/x/sys/unix"
)

// Resource discipline over TCP. These tests count
// process-wide fds and goroutines or install global syscall hooks, so none is parallel.

// settleGoroutines returns runtime.NumGoroutine once it is at most want, or the last count
// after d: I/O objects end on their threads just after the events the test waits for.
func settleGoroutines(want int, d time.Duration) int {
	deadline := time.Now().Add(d)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestLeakManyConnections(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.ROUTER)
	mon := watchEvents(t, srv, zmq.EventDisconnected)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	ep := srv.LastEndpoint()
	// Baseline once the context, its I/O threads and the listener exist.
	fds, goroutines := leakcheck.Count(), runtime.NumGoroutine()

	const n = 200
	for i := range n {
		if i%2 == 0 {
			// A zreactor client: connect, one round trip, close.
			cli := testutil.NewSocket(t, c, zmq.DEALER)
			testutil.Must(t, cli.Connect(ep), "Connect #%d", i)
			routerBounce(t, cli, srv)
			testutil.Must(t, cli.Close(), "Close #%d", i)
		} else {
			// A raw client: handshake, one message, hang up.
			p := zmtptest.Dial(t, ep)
			p.Handshake("DEALER")
			p.Write(zmtptest.Message("raw"))
			if got := testutil.Recv(t, srv); len(got) != 2 || got[1] != "raw" {
				t.Fatalf("ROUTER got %q, want [id raw]", got)
			}
			p.Close()
		}
	}
	for range n {
		mon.waitForPumping(zmq.EventDisconnected, srv)
	}
	if after := leakcheck.Settle(fds); after != fds {
		t.Errorf("fds: %d with the server alone, %d after %d connections came and went", fds, after, n)
	}
	if after := settleGoroutines(goroutines, 2*time.Second); after > goroutines {
		t.Errorf("goroutines: %d with the server alone, %d after %d connections", goroutines, after, n)
	}
	// Still serving.
	routerBounce(t, testutil.Connected(t, c, zmq.DEALER, ep), srv)
}

// closeWithin closes c and returns how long Close took, failing t past limit.
func closeWithin(t *testing.T, c *zmq.Context, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- c.Close() }()
	select {
	case err := <-done:
		testutil.Must(t, err, "Context.Close")
	case <-time.After(limit):
		t.Fatalf("Context.Close did not return within %v", limit)
	}
	return time.Since(start)
}

func TestLeakContextCloseLingers(t *testing.T) {
	const linger = 200 * time.Millisecond
	cases := []struct {
		name string
		peer func(t *testing.T) string // endpoint of a peer that takes nothing
	}{
		{"no listener", func(t *testing.T) string { return deadEndpoint(t) }},
		{"peer never handshakes", func(t *testing.T) string {
			// A listener whose connections are accepted by the kernel and then ignored.
			fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
			testutil.Must(t, err, "socket")
			t.Cleanup(func() { unix.Close(fd) })
			testutil.Must(t, unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}), "bind")
			testutil.Must(t, unix.Listen(fd, 8), "listen")
			sa, err := unix.Getsockname(fd)
			testutil.Must(t, err, "getsockname")
			return "tcp://127.0.0.1:" + itoa(sa.(*unix.SockaddrInet4).Port)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			leakcheck.FDs(t)
			before := runtime.NumGoroutine()
			c, err := zmq.NewContext()
			testutil.Must(t, err, "NewContext")
			push, err := c.NewSocket(zmq.PUSH)
			testutil.Must(t, err, "NewSocket")
			testutil.Must(t, push.SetLinger(linger), "SetLinger")
			testutil.Must(t, push.SetReconnectIvl(10*time.Millisecond), "SetReconnectIvl")
			testutil.Must(t, push.Connect(tc.peer(t)), "Connect")
			for range 100 {
				testutil.Must(t, push.Send(make([]byte, 1000), zmq.DontWait), "Send")
			}
			testutil.Must(t, push.Close(), "Close")
			took := closeWithin(t, c, testutil.WaitTimeout)
			// Pending messages hold the context for about the linger, then are dropped.
			if took < linger*3/4 || took > linger+2*time.Second {
				t.Errorf("Context.Close took %v with linger %v and undeliverable messages", took, linger)
			}
			if after := settleGoroutines(before, 2*time.Second); after > before {
				t.Errorf("goroutines: %d before the context, %d after Close", before, after)
			}
		})
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

func TestLeakContextCloseLingerZero(t *testing.T) {
	leakcheck.FDs(t)
	c, err := zmq.NewContext()
	testutil.Must(t, err, "NewContext")
	push, err := c.NewSocket(zmq.PUSH)
	testutil.Must(t, err, "NewSocket")
	testutil.Must(t, push.SetLinger(0), "SetLinger")
	testutil.Must(t, push.Connect(deadEndpoint(t)), "Connect")
	for range 1000 {
		testutil.Must(t, push.Send([]byte("x"), zmq.DontWait), "Send")
	}
	testutil.Must(t, push.Close(), "Close")
	if took := closeWithin(t, c, testutil.WaitTimeout); took > time.Second {
		t.Errorf("Context.Close took %v with linger 0", took)
	}
}

// TestLeakAcceptEMFILE injects EMFILE into accept(2) (tcp.SetHooks) for a while: the listener
// reports ACCEPT_FAILED with the errno, backs off instead of spinning on the still-readable
// listening fd, keeps serving established connections, and accepts the waiting client once
// accept works again. The ipc listener is the same one and behaves the same.
func TestLeakAcceptEMFILE(t *testing.T) {
	t.Run("tcp", func(t *testing.T) { acceptEMFILE(t, "tcp://127.0.0.1:*") })
	t.Run("ipc", func(t *testing.T) { acceptEMFILE(t, "ipc://"+t.TempDir()+"/s") })
}

func acceptEMFILE(t *testing.T, endpoint string) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.ROUTER)
	mon := watchEvents(t, srv, zmq.EventAll)
	testutil.Must(t, srv.Bind(endpoint), "Bind")
	mon.expect(zmq.EventListening)
	ep := srv.LastEndpoint()
	established := testutil.Connected(t, c, zmq.DEALER, ep)
	routerBounce(t, established, srv)
	mon.expect(zmq.EventAccepted)
	mon.expect(zmq.EventHandshakeSucceeded)

	var failing atomic.Bool
	var calls atomic.Int64
	failing.Store(true)
	real := tcp.DefaultHooks().Accept4
	var once sync.Once
	restore := tcp.SetHooks(tcp.Hooks{Accept4: func(fd, flags int) (int, unix.Sockaddr, error) {
		if failing.Load() {
			calls.Add(1)
			return -1, nil, unix.EMFILE
		}
		return real(fd, flags)
	}})
	unhook := func() { once.Do(restore) }
	t.Cleanup(unhook)

	late := testutil.Connected(t, c, zmq.DEALER, ep)
	e := mon.expect(zmq.EventAcceptFailed)
	if e.Value != int64(syscall.EMFILE) || e.Endpoint != ep {
		t.Errorf("ACCEPT_FAILED = %d %q, want EMFILE (%d) %q", e.Value, e.Endpoint, syscall.EMFILE, ep)
	}
	// While accept fails, the established connection works.
	hold := time.Now().Add(300 * time.Millisecond)
	for time.Now().Before(hold) {
		routerBounce(t, established, srv)
		time.Sleep(20 * time.Millisecond) // pacing only: the loop's end is the deadline
	}
	failing.Store(false)
	// The backoff (5 ms doubling) allows a handful of attempts in 300 ms, not a busy loop.
	if n := calls.Load(); n > 12 {
		t.Errorf("%d accept attempts in 300 ms of EMFILE: the listener spins", n)
	}
	acc := mon.waitFor(zmq.EventAccepted)
	if acc.Endpoint != ep {
		t.Errorf("ACCEPTED endpoint %q", acc.Endpoint)
	}
	routerBounce(t, late, srv)
	unhook()
	routerBounce(t, testutil.Connected(t, c, zmq.DEALER, ep), srv)
}

// maxOpenFD returns the highest fd number open in the process.
func maxOpenFD(t testing.TB) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	testutil.Must(t, err, "read /proc/self/fd")
	highest := -1
	for _, e := range entries {
		if n, err := strconv.Atoi(e.Name()); err == nil && n > highest {
			highest = n
		}
	}
	return highest
}

// TestLeakAcceptRealEMFILE exhausts the fd table for real: every free fd number below a
// lowered RLIMIT_NOFILE is filled, so accept(2) fails with EMFILE until the limit is
// restored. A client socket made beforehand connects (connect needs no new fd).
func TestLeakAcceptRealEMFILE(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.ROUTER)
	mon := watchEvents(t, srv, zmq.EventAll)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	mon.expect(zmq.EventListening)
	ep := srv.LastEndpoint()
	established := testutil.Connected(t, c, zmq.DEALER, ep)
	routerBounce(t, established, srv)
	mon.expect(zmq.EventAccepted)
	mon.expect(zmq.EventHandshakeSucceeded)

	client, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	testutil.Must(t, err, "socket")
	defer unix.Close(client)
	port, _ := strconv.Atoi(portOf(t, ep))

	var old unix.Rlimit
	testutil.Must(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &old), "getrlimit")
	// Fill the holes below the highest open fd, then cap the table just above it.
	highest := maxOpenFD(t)
	var fillers []int
	defer func() {
		for _, fd := range fillers {
			unix.Close(fd)
		}
	}()
	for {
		fd, err := unix.Dup(client)
		testutil.Must(t, err, "dup")
		if fd > highest {
			unix.Close(fd)
			break
		}
		fillers = append(fillers, fd)
	}
	lowered := old
	lowered.Cur = rlim(lowered.Cur, highest+1)
	testutil.Must(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &lowered), "setrlimit")
	restored := false
	restore := func() {
		if !restored {
			restored = true
			if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &old); err != nil {
				t.Errorf("restoring RLIMIT_NOFILE: %v", err)
			}
		}
	}
	defer restore()

	err = unix.Connect(client, &unix.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}})
	testutil.Must(t, err, "connect")
	e := mon.expect(zmq.EventAcceptFailed)
	if e.Value != int64(syscall.EMFILE) {
		t.Errorf("ACCEPT_FAILED value %d, want EMFILE (%d)", e.Value, syscall.EMFILE)
	}
	// Established connections need no fds: still served.
	routerBounce(t, established, srv)
	restore()
	for _, fd := range fillers {
		unix.Close(fd)
	}
	fillers = nil
	// With fds back, the queued connection is accepted at the end of the pause.
	mon.waitFor(zmq.EventAccepted)
	routerBounce(t, established, srv)
}

// rlim converts n to the type of an Rlimit field, which is uint64 on Linux and macOS and int64
// on the BSDs.
func rlim[T ~int64 | ~uint64](_ T, n int) T { return T(n) }
