package zmq_test

import (
	"encoding/binary"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

// eventWatch reads a socket's monitor channel with deadlines and remembers what it saw, so a
// failure can print the whole history.
type eventWatch struct {
	t    testing.TB
	ch   <-chan zmq.Event
	seen []zmq.Event
}

// watchEvents starts monitoring s for kinds.
func watchEvents(t testing.TB, s *zmq.Socket, kinds zmq.EventKind) *eventWatch {
	t.Helper()
	ch, err := s.Monitor(kinds)
	testutil.Must(t, err, "Monitor")
	return &eventWatch{t: t, ch: ch}
}

func (w *eventWatch) history() string {
	var b strings.Builder
	for _, e := range w.seen {
		fmt.Fprintf(&b, "\n\t%v %d %s", e.Kind, e.Value, e.Endpoint)
	}
	return b.String()
}

// next returns the next event, failing after testutil.WaitTimeout or if the channel closed.
func (w *eventWatch) next() zmq.Event {
	w.t.Helper()
	select {
	case e, ok := <-w.ch:
		if !ok {
			w.t.Fatalf("monitor channel closed; events seen:%s", w.history())
		}
		w.seen = append(w.seen, e)
		return e
	case <-time.After(testutil.WaitTimeout):
		w.t.Fatalf("no monitor event within %v; events seen:%s", testutil.WaitTimeout, w.history())
	}
	panic("unreachable")
}

// expect returns the next event, which must be of kind k.
func (w *eventWatch) expect(k zmq.EventKind) zmq.Event {
	w.t.Helper()
	e := w.next()
	if e.Kind != k {
		w.t.Fatalf("monitor event %v, want %v; events seen:%s", e.Kind, k, w.history())
	}
	return e
}

// waitFor skips events until one of kind k arrives and returns it.
func (w *eventWatch) waitFor(k zmq.EventKind) zmq.Event {
	w.t.Helper()
	for {
		if e := w.next(); e.Kind == k {
			return e
		}
	}
}

// waitForPumping is waitFor for events that need s's own goroutine: like libzmq, a socket
// processes commands (the pipe termination behind Unbind and Disconnect, for one) only inside
// its calls, so while waiting s is polled with non-blocking receives. s must have no data
// pending that the test still wants.
func (w *eventWatch) waitForPumping(k zmq.EventKind, s *zmq.Socket) zmq.Event {
	w.t.Helper()
	deadline := time.After(testutil.WaitTimeout)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case e, ok := <-w.ch:
			if !ok {
				w.t.Fatalf("monitor channel closed; events seen:%s", w.history())
			}
			w.seen = append(w.seen, e)
			if e.Kind == k {
				return e
			}
		case <-tick.C:
			s.Recv(zmq.DontWait)
		case <-deadline:
			w.t.Fatalf("no %v within %v; events seen:%s", k, testutil.WaitTimeout, w.history())
		}
	}
}

// expectQuiet fails if any event arrives within d.
func (w *eventWatch) expectQuiet(d time.Duration) {
	w.t.Helper()
	select {
	case e, ok := <-w.ch:
		if ok {
			w.seen = append(w.seen, e)
			w.t.Fatalf("unexpected monitor event %v %d; events seen:%s", e.Kind, e.Value, w.history())
		}
	case <-time.After(d):
	}
}

// expectClosedChannel waits for the channel to be closed, failing on further events.
func (w *eventWatch) expectClosedChannel() {
	w.t.Helper()
	select {
	case e, ok := <-w.ch:
		if ok {
			w.t.Fatalf("event %v after MONITOR_STOPPED", e.Kind)
		}
	case <-time.After(testutil.WaitTimeout):
		w.t.Fatal("monitor channel not closed")
	}
}

// expectConnected skips CONNECT_DELAYED (a loopback connect may or may not complete at once)
// and returns CONNECTED.
func (w *eventWatch) expectConnected() zmq.Event {
	w.t.Helper()
	e := w.next()
	if e.Kind == zmq.EventConnectDelayed {
		if e.Value != int64(syscall.EINPROGRESS) {
			w.t.Errorf("CONNECT_DELAYED value %d, want EINPROGRESS (%d)", e.Value, syscall.EINPROGRESS)
		}
		e = w.next()
	}
	if e.Kind != zmq.EventConnected {
		w.t.Fatalf("monitor event %v, want CONNECTED; events seen:%s", e.Kind, w.history())
	}
	return e
}

// checkEvent checks an event's endpoint and, when fd is set, that its value looks like an fd.
func checkEvent(t testing.TB, e zmq.Event, endpoint string, fd bool) {
	t.Helper()
	if e.Endpoint != endpoint {
		t.Errorf("%v endpoint %q, want %q", e.Kind, e.Endpoint, endpoint)
	}
	if fd && e.Value <= 2 {
		t.Errorf("%v value %d is not an fd", e.Kind, e.Value)
	}
}

func TestMonitorTCPSequence(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.PAIR)
	sw := watchEvents(t, srv, zmq.EventAll)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	ep := srv.LastEndpoint()
	listening := sw.expect(zmq.EventListening)
	checkEvent(t, listening, ep, true)

	cli := testutil.NewSocket(t, c, zmq.PAIR)
	cw := watchEvents(t, cli, zmq.EventAll)
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)

	connected := cw.expectConnected()
	checkEvent(t, connected, ep, true)
	checkEvent(t, cw.expect(zmq.EventHandshakeSucceeded), ep, false)
	accepted := sw.expect(zmq.EventAccepted)
	checkEvent(t, accepted, ep, true)
	checkEvent(t, sw.expect(zmq.EventHandshakeSucceeded), ep, false)

	// The client goes: MONITOR_STOPPED closes its stream; the server sees DISCONNECTED for
	// the fd it accepted.
	testutil.Must(t, cli.Close(), "client Close")
	cw.expect(zmq.EventMonitorStopped)
	cw.expectClosedChannel()
	disc := sw.expect(zmq.EventDisconnected)
	checkEvent(t, disc, ep, false)
	if disc.Value != accepted.Value {
		t.Errorf("DISCONNECTED fd %d, want the accepted fd %d", disc.Value, accepted.Value)
	}

	// Unbind closes the listener: CLOSED carries the listening fd.
	testutil.Must(t, srv.Unbind(ep), "Unbind")
	closed := sw.expect(zmq.EventClosed)
	checkEvent(t, closed, ep, false)
	if closed.Value != listening.Value {
		t.Errorf("CLOSED fd %d, want the listening fd %d", closed.Value, listening.Value)
	}
	srv.StopMonitor()
	sw.expect(zmq.EventMonitorStopped)
	sw.expectClosedChannel()
}

func TestMonitorKindsFilter(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.PAIR)
	sw := watchEvents(t, srv, zmq.EventAccepted|zmq.EventDisconnected)
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	cli := testutil.Connected(t, c, zmq.PAIR, srv.LastEndpoint())
	testutil.Bounce(t, cli, srv)
	sw.expect(zmq.EventAccepted)
	cli.Close()
	sw.expect(zmq.EventDisconnected)
	srv.Close()
	sw.expectClosedChannel() // MONITOR_STOPPED was not asked for
}

func TestMonitorBindFailed(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	first := testutil.Bound(t, c, zmq.PAIR, "tcp://127.0.0.1:*")
	ep := first.LastEndpoint()
	second := testutil.NewSocket(t, c, zmq.PAIR)
	w := watchEvents(t, second, zmq.EventAll)
	testutil.RequireIs(t, second.Bind(ep), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	e := w.expect(zmq.EventBindFailed)
	if e.Value != int64(syscall.EADDRINUSE) {
		t.Errorf("BIND_FAILED value %d, want EADDRINUSE (%d)", e.Value, syscall.EADDRINUSE)
	}
	if e.Endpoint != ep {
		t.Errorf("BIND_FAILED endpoint %q, want %q", e.Endpoint, ep)
	}
}

func TestMonitorConnectRefused(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := deadEndpoint(t)
	cli := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.Must(t, cli.SetReconnectIvl(50*time.Millisecond), "SetReconnectIvl")
	w := watchEvents(t, cli, zmq.EventAll)
	testutil.Must(t, cli.Connect(ep), "Connect")
	// A refused attempt: (CONNECT_DELAYED) CLOSED CONNECT_RETRIED, then again.
	for range 2 {
		e := w.next()
		if e.Kind == zmq.EventConnectDelayed {
			e = w.next()
		}
		if e.Kind != zmq.EventClosed {
			t.Fatalf("event %v, want CLOSED; events seen:%s", e.Kind, w.history())
		}
		checkEvent(t, e, ep, true)
		r := w.expect(zmq.EventConnectRetried)
		checkEvent(t, r, ep, false)
		if r.Value < 50 {
			t.Errorf("CONNECT_RETRIED value %d ms, want at least the interval 50", r.Value)
		}
	}
}

// deadEndpoint returns a loopback endpoint nobody listens on (a port just released).
func deadEndpoint(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	testutil.Must(t, err, "listen")
	addr := l.Addr().String()
	l.Close()
	return "tcp://" + addr
}

// monitorPair connects a PAIR to a MonitorTo endpoint and decodes its two-frame messages.
type monitorPair struct {
	t *testing.T
	s *zmq.Socket
}

func (m monitorPair) next() zmq.Event {
	m.t.Helper()
	frames, err := testutil.RecvWithTimeout(m.s, testutil.WaitTimeout)
	testutil.Must(m.t, err, "monitor PAIR receive")
	if len(frames) != 2 || len(frames[0]) != 6 {
		m.t.Fatalf("monitor message %q: want 6 bytes then the endpoint", frames)
	}
	return zmq.Event{
		Kind:     zmq.EventKind(binary.NativeEndian.Uint16(frames[0][:2])),
		Value:    int64(binary.NativeEndian.Uint32(frames[0][2:])),
		Endpoint: string(frames[1]),
	}
}

func (m monitorPair) expect(k zmq.EventKind) zmq.Event {
	m.t.Helper()
	e := m.next()
	if e.Kind != k {
		m.t.Fatalf("monitor PAIR event %v (%d), want %v", e.Kind, e.Value, k)
	}
	return e
}

func TestMonitorToPair(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.DEALER) // not PAIR: a second client comes while the first leaves
	testutil.Must(t, srv.MonitorTo("inproc://monitor-srv", zmq.EventAll), "MonitorTo")
	mon := monitorPair{t, testutil.Connected(t, c, zmq.PAIR, "inproc://monitor-srv")}
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	ep := srv.LastEndpoint()
	checkEvent(t, mon.expect(zmq.EventListening), ep, true)

	cli := testutil.Connected(t, c, zmq.DEALER, ep)
	testutil.Bounce(t, cli, srv)
	checkEvent(t, mon.expect(zmq.EventAccepted), ep, true)
	checkEvent(t, mon.expect(zmq.EventHandshakeSucceeded), ep, false)
	cli.Close()
	checkEvent(t, mon.expect(zmq.EventDisconnected), ep, true)

	testutil.Must(t, srv.MonitorTo("inproc://monitor-srv-2", zmq.EventAccepted), "MonitorTo again")
	// Replacing the monitor stops the first one: MONITOR_STOPPED, value 0, no endpoint.
	if e := mon.expect(zmq.EventMonitorStopped); e.Value != 0 || e.Endpoint != "" {
		t.Errorf("MONITOR_STOPPED = %+v, want value 0 and no endpoint", e)
	}
	mon2 := monitorPair{t, testutil.Connected(t, c, zmq.PAIR, "inproc://monitor-srv-2")}
	cli2 := testutil.Connected(t, c, zmq.DEALER, ep)
	testutil.Bounce(t, cli2, srv)
	checkEvent(t, mon2.expect(zmq.EventAccepted), ep, true)
	testutil.Must(t, srv.MonitorTo("", 0), "MonitorTo empty")
	testutil.ExpectNoRecv(t, mon2.s) // only ACCEPTED was watched: no MONITOR_STOPPED either
}

func TestMonitorToRejectsNonInproc(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.RequireIs(t, s.MonitorTo("tcp://127.0.0.1:*", zmq.EventAll), zmq.ErrProtoNoSupport)
}
