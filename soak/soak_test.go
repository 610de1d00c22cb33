//go:build soak

package soak

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/testproc"
	"go.uber.org/goleak"
)

// soak is the state of one run. One goroutine, the test's, owns it and every socket in it.
type soak struct {
	t   *testing.T
	rng *rand.Rand
	ctx *zmq.Context
	trs []transport
	dir string // where ipc endpoints live

	links        map[uint32]*link
	order        []uint32 // ids of live links, ascending: random picks must not depend on map order
	nextID       uint32
	poller       *zmq.Poller
	handlers     map[*zmq.Socket]func(*zmq.Socket)
	peers        []*peer
	ports        map[int]bool // tcp ports this run holds
	inflight     int          // bytes sent and not yet received, over all links
	nextKill     time.Time
	nextFreeze   time.Time
	nextMaintain time.Time
	liveSockets  int

	st         stats
	res        *resources
	violations []string
}

func TestSoak(t *testing.T) {
	seed := *flagSeed
	if seed == 0 {
		seed = time.Now().UnixNano() % 1e9
	}
	trs, skipped := offered()
	var names []string
	for _, tr := range trs {
		names = append(names, tr.name)
	}
	fmt.Printf("soak: seed %d (replay: make soak SEED=%d SOAK=%v), %v, %d peer processes, transports %s%s\n",
		seed, seed, *flagDuration, *flagDuration, *flagPeers, strings.Join(names, " "),
		map[bool]string{true: "; skipped:" + skipped}[skipped != ""])
	watchdog := time.AfterFunc(*flagDuration+5*time.Minute, func() {
		fmt.Fprintf(os.Stderr, "soak: still running %v after its end; goroutines:\n", 5*time.Minute)
		_ = pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
		os.Exit(2)
	})
	defer watchdog.Stop()

	testproc.WarmUpFDs()
	s := &soak{t: t, rng: rand.New(rand.NewPCG(uint64(seed), 0x50a4)), trs: trs, dir: t.TempDir(),
		links: map[uint32]*link{}, handlers: map[*zmq.Socket]func(*zmq.Socket){}, ports: map[int]bool{},
		poller: zmq.NewPoller(), st: newStats()}
	s.res = startResources(*flagDuration)
	s.start()
	s.run(time.Now().Add(*flagDuration))
	s.finish()
	s.checkResources()
	if len(s.violations) == 0 {
		goleak.VerifyNone(t)
	}
	s.st.print(s, seed)
	for _, v := range s.violations {
		t.Error(v)
	}
	if len(s.violations) > 0 {
		t.Logf("replay with: make soak SEED=%d SOAK=%v", seed, *flagDuration)
	}
}

// start makes the context and the peers.
func (s *soak) start() {
	var err error
	if s.ctx, err = zmq.NewContext(zmq.IOThreads(2)); err != nil {
		s.t.Fatalf("NewContext: %v", err)
	}
	for n := range *flagPeers {
		s.peers = append(s.peers, s.newPeer(n))
	}
	s.scheduleKill()
}

// run does random operations until deadline or the first violation.
func (s *soak) run(deadline time.Time) {
	for time.Now().Before(deadline) && len(s.violations) == 0 {
		s.tick(time.Now())
		o := s.pickOp()
		if o.do(s) {
			s.st.ops[o.name]++
		}
		s.pump(0)
	}
}

// tick does what is due by time: peer kills and freezes, and what maintain does.
func (s *soak) tick(now time.Time) {
	s.maintain(now)
	if now.After(s.nextKill) {
		if p := s.peers[s.rng.IntN(len(s.peers))]; p.child != nil {
			s.killPeer(p)
		}
		s.scheduleKill()
	}
	if now.After(s.nextFreeze) {
		if p := s.peers[s.rng.IntN(len(s.peers))]; p.child != nil && p.thawAt.IsZero() {
			s.freezePeer(p)
		}
		s.nextFreeze = now.Add(time.Duration(s.rng.Int64N(int64(2 * freezeEvery))))
	}
	for _, id := range s.order {
		if l := s.links[id]; l.strict() && len(l.outstanding) > 0 && now.Sub(l.progress) > progressTimeout {
			s.violate("%s: nothing arrived for %v while %d messages were in flight", l, progressTimeout, len(l.outstanding))
		}
	}
}

// maintain does what keeps the run going and checks it, also while stable links drain:
// peer restarts and health, binds that found their address still taken, lost-message
// write-offs, resource samples.
func (s *soak) maintain(now time.Time) {
	if now.Before(s.nextMaintain) {
		return
	}
	s.nextMaintain = now.Add(10 * time.Millisecond)
	for _, p := range s.peers {
		s.checkPeer(p, now)
		s.bindCollector(p)
	}
	for _, id := range s.order {
		if sd := bindSide(s.links[id]); sd != nil && !sd.on && s.links[id].strict() {
			s.attach(sd, s.links[id].endpoint)
		}
	}
	s.writeOffStalled(now)
	s.res.check(s, now)
}

func (s *soak) scheduleKill() {
	s.nextKill = time.Now().Add(killMin + time.Duration(s.rng.Int64N(int64(killMax-killMin))))
}

// finish retires every link (the stable ones drained and verified), stops the peers cleanly
// and closes the context.
func (s *soak) finish() {
	var all []*link
	for _, id := range s.order {
		all = append(all, s.links[id])
	}
	s.retire(all)
	for _, p := range s.peers {
		s.stopPeer(p)
		s.closeSocket(p.collector.sock)
	}
	done := make(chan error, 1)
	go func() { done <- s.ctx.Close() }()
	select {
	case err := <-done:
		if err != nil {
			s.violate("Context.Close: %v", err)
		}
	case <-time.After(30 * time.Second):
		s.t.Fatalf("Context.Close had not returned 30 s after every socket was closed")
	}
}

// violate records a broken invariant; the run stops at the first.
func (s *soak) violate(format string, args ...any) {
	v := fmt.Sprintf("%.1fs: ", time.Since(s.st.begin).Seconds()) + fmt.Sprintf(format, args...)
	s.violations = append(s.violations, v)
	fmt.Fprintln(os.Stderr, "soak: VIOLATION", v)
}

// must reports an unexpected error of a call that should not fail.
func (s *soak) must(err error) {
	if err != nil {
		s.violate("unexpected error: %v", err)
	}
}

func (s *soak) inprocEndpoint(name string) string { return "inproc://soak-" + name }

func (s *soak) ipcEndpoint(name string) string { return "ipc://" + s.dir + "/" + name }

// tcpEndpoint reserves a free loopback port below the ephemeral range (32768-60999 on Linux),
// where the kernel never hands it to an outgoing connection, so that a peer's next
// incarnation and a rebind find it free again.
func (s *soak) tcpEndpoint(string) string {
	for {
		port := 20000 + s.rng.IntN(12000)
		if s.ports[port] {
			continue
		}
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			continue
		}
		l.Close()
		s.ports[port] = true
		return "tcp://127.0.0.1:" + strconv.Itoa(port)
	}
}

// portOf is the port of a tcp endpoint, 0 for others.
func portOf(ep string) int {
	if !strings.HasPrefix(ep, "tcp://") {
		return 0
	}
	n, _ := strconv.Atoi(ep[strings.LastIndexByte(ep, ':')+1:])
	return n
}

func sortIDs(ids []uint32) { slices.Sort(ids) }
