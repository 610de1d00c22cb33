//go:build cgo

package interop_test

import (
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Heartbeat timing. The interval is short so that an idle period spans many of them; the timeout
// is several intervals so that a loaded 2-core machine running the race detector does not drop
// a live connection.
const (
	hbIvl     = 100 * time.Millisecond
	hbTimeout = 500 * time.Millisecond
	hbTTL     = 800 * time.Millisecond
	hbIdle    = 2*hbTimeout + hbIvl // silence long enough for a peer that ignores PINGs to be dropped
)

func zrHeartbeats(t testing.TB, s *zmq.Socket) {
	testutil.Must(t, s.SetHeartbeatIvl(hbIvl), "SetHeartbeatIvl")
	testutil.Must(t, s.SetHeartbeatTimeout(hbTimeout), "SetHeartbeatTimeout")
	testutil.Must(t, s.SetHeartbeatTTL(hbTTL), "SetHeartbeatTTL")
}

func libHeartbeats(t testing.TB, s *libzmq.Socket) {
	testutil.Must(t, s.SetInt(libzmq.HeartbeatIvl, int(hbIvl/time.Millisecond)), "libzmq HEARTBEAT_IVL")
	testutil.Must(t, s.SetInt(libzmq.HeartbeatTimeout, int(hbTimeout/time.Millisecond)), "libzmq HEARTBEAT_TIMEOUT")
	testutil.Must(t, s.SetInt(libzmq.HeartbeatTTL, int(hbTTL/time.Millisecond)), "libzmq HEARTBEAT_TTL")
}

// expectStillConnected checks that neither side saw the connection drop, then that a message
// still crosses each way.
func expectStillConnected(t testing.TB, l *libLink) {
	t.Helper()
	if e, err := nextZrEvent(l.events, zmq.EventDisconnected, time.Millisecond); err == nil {
		t.Fatalf("our side saw %v %s", e.Kind, e.Endpoint)
	}
	if e, err := l.libEvents.WaitFor(libzmq.EventDisconnected, time.Millisecond); err == nil {
		t.Fatalf("libzmq saw DISCONNECTED %s", e.Endpoint)
	}
	testutil.Send(t, l.zr, "ping")
	if got := libRecv(t, l.lib); string(got[0]) != "ping" {
		t.Fatalf("libzmq received %q", testutil.StrFrames(got))
	}
	libSend(t, l.lib, []byte("pong"))
	testutil.ExpectRecv(t, l.zr, "pong")
}

// interopRoles names the two bind roles for a loop over weBind.
var interopRoles = []struct {
	name   string
	weBind bool
}{{"zrBinds", true}, {"libBinds", false}}

// An idle connection with heartbeats on either side, or both, stays up for many intervals and
// for longer than the heartbeat timeout: PINGs are answered with PONGs both ways, and the TTL
// we announce in our PINGs is honoured by libzmq. All six links (three heartbeat setups, two
// bind roles) idle through the same period, to keep the test short.
func TestInteropHeartbeatKeepsIdleConnection(t *testing.T) {
	t.Parallel()
	type idleLink struct {
		name string
		l    *libLink
	}
	var links []idleLink
	for _, c := range []struct {
		name string
		opt  linkOpt
	}{
		{"ours", withZr(zrHeartbeats)},
		{"libzmq", withLib(libHeartbeats)},
		{"both", func(t testing.TB, zr *zmq.Socket, lib *libzmq.Socket) {
			zrHeartbeats(t, zr)
			libHeartbeats(t, lib)
		}},
	} {
		for _, r := range interopRoles {
			l := newLink(t, r.weBind, false, zmq.PAIR, libzmq.PAIR, c.opt)
			links = append(links, idleLink{c.name + " heartbeats, " + r.name, l})
		}
	}
	time.Sleep(hbIdle) // the idle period is what is tested: nothing may happen during it
	for _, il := range links {
		t.Run(il.name, func(t *testing.T) { expectStillConnected(t, il.l) })
	}
}

// A peer that stops answering (its process hung, or the network black-holed: here a relay that
// stops forwarding while TCP stays up) is detected by heartbeats: ours raise DISCONNECTED after
// about the heartbeat timeout, on the connecting side and on the accepting side; libzmq's
// likewise detect us gone silent (which checks the relay, and that nothing but real traffic
// keeps libzmq's timer alive). The four links go silent together, to keep the test short.
func TestInteropHeartbeatDetectsSilentPeer(t *testing.T) {
	t.Parallel()
	var ours, theirs []*libLink
	for _, r := range interopRoles {
		ours = append(ours, relayedLink(t, r.weBind, zmq.DEALER, libzmq.DEALER, withZr(zrHeartbeats)))
		theirs = append(theirs, relayedLink(t, r.weBind, zmq.DEALER, libzmq.DEALER, withLib(libHeartbeats)))
	}
	for _, l := range ours {
		expectStillConnected(t, l) // through the relay, while it forwards
	}
	frozen := time.Now()
	for _, l := range append(ours, theirs...) {
		l.relay.freeze()
	}
	for i, l := range ours {
		e, err := nextZrEvent(l.events, zmq.EventDisconnected, testutil.WaitTimeout)
		testutil.Must(t, err, "our heartbeats, %s", interopRoles[i].name)
		elapsed := time.Since(frozen)
		if elapsed < hbTimeout/2 {
			t.Fatalf("%s: DISCONNECTED %v after the peer went silent, before the %v timeout could run out", interopRoles[i].name, elapsed, hbTimeout)
		}
		t.Logf("%s: DISCONNECTED (%s) %v after the peer went silent", interopRoles[i].name, e.Endpoint, elapsed)
	}
	for i, l := range theirs {
		_, err := l.libEvents.WaitFor(libzmq.EventDisconnected, testutil.WaitTimeout)
		testutil.Must(t, err, "libzmq heartbeats, %s: libzmq DISCONNECTED", interopRoles[i].name)
	}
}
