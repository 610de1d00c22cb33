//go:build cgo

package interop_test

import (
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// peer is one end of a pattern conversation, ours or libzmq's, so that a conversation is written
// once and played with either library in either role.
type interopPeer interface {
	String() string
	trySend(frames ...[]byte) error
	recvTimeout(d time.Duration) ([][]byte, error)
}

type zrPeer struct{ s *zmq.Socket }

func (p zrPeer) String() string                 { return "our " + p.s.Type().String() }
func (p zrPeer) trySend(frames ...[]byte) error { return p.s.SendMulti(frames, 0) }
func (p zrPeer) recvTimeout(d time.Duration) ([][]byte, error) {
	return testutil.RecvWithTimeout(p.s, d)
}

type libPeer struct {
	s   *libzmq.Socket
	typ string
}

func (p libPeer) String() string                                { return "libzmq " + p.typ }
func (p libPeer) trySend(frames ...[]byte) error                { return p.s.SendMulti(frames, 0) }
func (p libPeer) recvTimeout(d time.Duration) ([][]byte, error) { return libRecvTimeout(p.s, d) }

// psend sends one message from p, failing t on error.
func psend(t testing.TB, p interopPeer, frames ...string) {
	t.Helper()
	testutil.Must(t, p.trySend(testutil.ByteFrames(frames)...), "%v send %q", p, frames)
}

// psendRouted sends from a ROUTER with ROUTER_MANDATORY, retrying while the peer's routing id is
// not known yet: the handshake event can come before the ROUTER's thread attached the pipe.
func psendRouted(t testing.TB, p interopPeer, frames ...string) {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		err := p.trySend(testutil.ByteFrames(frames)...)
		if err == nil {
			return
		}
		if !errors.Is(err, syscall.EHOSTUNREACH) || time.Now().After(deadline) {
			t.Fatalf("%v send %q: %v", p, frames, err)
		}
		time.Sleep(time.Millisecond)
	}
}

// pexpect receives one message at p and compares it with want.
func pexpect(t testing.TB, p interopPeer, want ...string) {
	t.Helper()
	got, err := p.recvTimeout(testutil.WaitTimeout)
	testutil.Must(t, err, "%v receive (want %q)", p, want)
	if !testutil.EqualStrings(testutil.StrFrames(got), want) {
		t.Fatalf("%v received %q, want %q", p, testutil.StrFrames(got), want)
	}
}

// pexpectPumping is pexpect for a message that idle must send of its own accord, e.g. a bound
// SUB's subscriptions. A socket handles its commands (like "a connection was accepted: here is
// its pipe") only inside its own calls, in libzmq as in zreactor, so a bound SUB that is never
// called never sends them. It keeps idle busy with short receives, which must find nothing.
func pexpectPumping(t testing.TB, p, idle interopPeer, want ...string) {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	for time.Now().Before(deadline) {
		if got, err := idle.recvTimeout(time.Millisecond); err == nil {
			t.Fatalf("%v received %q, want nothing", idle, testutil.StrFrames(got))
		} else if !isRecvTimeout(err) {
			t.Fatalf("%v receive: %v", idle, err)
		}
		got, err := p.recvTimeout(10 * time.Millisecond)
		if err == nil {
			if !testutil.EqualStrings(testutil.StrFrames(got), want) {
				t.Fatalf("%v received %q, want %q", p, testutil.StrFrames(got), want)
			}
			return
		}
		if !isRecvTimeout(err) {
			t.Fatalf("%v receive: %v", p, err)
		}
	}
	t.Fatalf("%v received nothing within %v, want %q", p, testutil.WaitTimeout, want)
}

// precvRouted receives a message at a ROUTER, checks the frames after the routing id and
// returns the id.
func precvRouted(t testing.TB, p interopPeer, want ...string) []byte {
	t.Helper()
	got, err := p.recvTimeout(testutil.WaitTimeout)
	testutil.Must(t, err, "%v receive (want id + %q)", p, want)
	if len(got) < 1 || len(got[0]) == 0 || !testutil.EqualStrings(testutil.StrFrames(got[1:]), want) {
		t.Fatalf("%v received %q, want a routing id then %q", p, testutil.StrFrames(got), want)
	}
	return got[0]
}

// patternCase is a compatible socket-type pair and a conversation between an a and a b.
type patternCase struct {
	name   string
	a, b   zmq.SocketType
	setupA func(p sockSetter) // options on a before it binds or connects, if any
	setupB func(p sockSetter)
	talk   func(t testing.TB, a, b interopPeer)
}

// sockSetter sets the few options the pattern conversations need on either library's socket.
type sockSetter struct {
	t   testing.TB
	zr  *zmq.Socket
	lib *libzmq.Socket
}

func (s sockSetter) routingID(id string) {
	if s.zr != nil {
		testutil.Must(s.t, s.zr.SetRoutingID([]byte(id)), "SetRoutingID")
	} else {
		testutil.Must(s.t, s.lib.SetBytes(libzmq.RoutingID, []byte(id)), "libzmq ROUTING_ID")
	}
}

func (s sockSetter) routerMandatory() {
	if s.zr != nil {
		testutil.Must(s.t, s.zr.SetRouterMandatory(true), "SetRouterMandatory")
	} else {
		testutil.Must(s.t, s.lib.SetInt(libzmq.RouterMandatory, 1), "libzmq ROUTER_MANDATORY")
	}
}

func (s sockSetter) subscribe(topic string) {
	if s.zr != nil {
		testutil.Must(s.t, s.zr.SetSubscribe([]byte(topic)), "SetSubscribe")
	} else {
		testutil.Must(s.t, s.lib.SetBytes(libzmq.Subscribe, []byte(topic)), "libzmq SUBSCRIBE")
	}
}

var patternCases = []patternCase{
	{name: "PAIR-PAIR", a: zmq.PAIR, b: zmq.PAIR, talk: func(t testing.TB, a, b interopPeer) {
		psend(t, a, "ping", "", "multi")
		pexpect(t, b, "ping", "", "multi")
		psend(t, b, "pong")
		pexpect(t, a, "pong")
	}},
	{name: "PUSH-PULL", a: zmq.PUSH, b: zmq.PULL, talk: func(t testing.TB, a, b interopPeer) {
		psend(t, a, "one")
		psend(t, a, "two", "parts")
		pexpect(t, b, "one")
		pexpect(t, b, "two", "parts")
	}},
	{name: "PUB-SUB", a: zmq.PUB, b: zmq.SUB, setupB: func(p sockSetter) { p.subscribe("") },
		talk: func(t testing.TB, a, b interopPeer) { publishUntilReceived(t, a, b) }},
	{name: "PUB-XSUB", a: zmq.PUB, b: zmq.XSUB, talk: func(t testing.TB, a, b interopPeer) {
		psend(t, b, "\x01")
		publishUntilReceived(t, a, b)
	}},
	{name: "XPUB-SUB", a: zmq.XPUB, b: zmq.SUB, setupB: func(p sockSetter) { p.subscribe("t") },
		talk: func(t testing.TB, a, b interopPeer) {
			pexpectPumping(t, a, b, "\x01t")
			psend(t, a, "x-filtered")
			psend(t, a, "topic", "body")
			pexpect(t, b, "topic", "body")
		}},
	{name: "XPUB-XSUB", a: zmq.XPUB, b: zmq.XSUB, talk: func(t testing.TB, a, b interopPeer) {
		psend(t, b, "\x01t")
		pexpect(t, a, "\x01t")
		psend(t, a, "topic", "body")
		pexpect(t, b, "topic", "body")
		psend(t, b, "upstream") // XSUB to XPUB: a plain message passes through
		pexpect(t, a, "upstream")
	}},
	{name: "REQ-REP", a: zmq.REQ, b: zmq.REP, talk: func(t testing.TB, a, b interopPeer) {
		for i := range 3 {
			psend(t, a, "req", fmt.Sprint(i))
			pexpect(t, b, "req", fmt.Sprint(i))
			psend(t, b, "rep", fmt.Sprint(i))
			pexpect(t, a, "rep", fmt.Sprint(i))
		}
	}},
	{name: "REQ-ROUTER", a: zmq.REQ, b: zmq.ROUTER, talk: func(t testing.TB, a, b interopPeer) {
		psend(t, a, "req")
		id := precvRouted(t, b, "", "req")
		testutil.Must(t, b.trySend(id, nil, []byte("rep")), "%v reply", b)
		pexpect(t, a, "rep")
	}},
	{name: "DEALER-REP", a: zmq.DEALER, b: zmq.REP, talk: func(t testing.TB, a, b interopPeer) {
		psend(t, a, "", "req")
		pexpect(t, b, "req")
		psend(t, b, "rep")
		pexpect(t, a, "", "rep")
	}},
	{name: "DEALER-ROUTER", a: zmq.DEALER, b: zmq.ROUTER, talk: func(t testing.TB, a, b interopPeer) {
		psend(t, a, "up", "2")
		id := precvRouted(t, b, "up", "2")
		testutil.Must(t, b.trySend(id, []byte("down")), "%v reply", b)
		pexpect(t, a, "down")
	}},
	{name: "DEALER-DEALER", a: zmq.DEALER, b: zmq.DEALER, talk: func(t testing.TB, a, b interopPeer) {
		psend(t, a, "ab", "")
		pexpect(t, b, "ab", "")
		psend(t, b, "ba")
		pexpect(t, a, "ba")
	}},
	{name: "ROUTER-ROUTER", a: zmq.ROUTER, b: zmq.ROUTER,
		setupA: func(p sockSetter) { p.routingID("A"); p.routerMandatory() },
		setupB: func(p sockSetter) { p.routingID("B"); p.routerMandatory() },
		talk: func(t testing.TB, a, b interopPeer) {
			psendRouted(t, a, "B", "to b")
			pexpect(t, b, "A", "to b")
			psendRouted(t, b, "A", "to a")
			pexpect(t, a, "B", "to a")
		}},
}

// publishUntilReceived publishes numbered messages from pub until sub receives one: a
// subscription travels upstream asynchronously, so the first messages may be dropped.
func publishUntilReceived(t testing.TB, pub, sub interopPeer) {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	for i := 0; time.Now().Before(deadline); i++ {
		psend(t, pub, "news", fmt.Sprint(i))
		got, err := sub.recvTimeout(10 * time.Millisecond)
		if err == nil {
			if len(got) != 2 || string(got[0]) != "news" {
				t.Fatalf("%v received %q, want [news N]", sub, testutil.StrFrames(got))
			}
			return
		}
		if !isRecvTimeout(err) {
			t.Fatalf("%v receive: %v", sub, err)
		}
	}
	t.Fatalf("%v received nothing %v published within %v", sub, pub, testutil.WaitTimeout)
}

// Every compatible socket-type pair talks with libzmq over TCP: each type on our side and on
// libzmq's, and each side binding, with a message each way where the pattern allows.
func TestInteropSocketTypes(t *testing.T) {
	t.Parallel()
	major, minor, patch := libzmq.Version()
	t.Logf("libzmq %d.%d.%d", major, minor, patch)
	for _, pc := range patternCases {
		for _, weAreA := range []bool{true, false} {
			ours, theirs := pc.a, pc.b
			if !weAreA {
				ours, theirs = pc.b, pc.a
			}
			name := fmt.Sprintf("%s/zr=%v", pc.name, ours)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				bindRoles(t, func(t *testing.T, mk linkMaker) {
					setup := func(t testing.TB, zr *zmq.Socket, lib *libzmq.Socket) {
						zs, ls := sockSetter{t: t, zr: zr}, sockSetter{t: t, lib: lib}
						if !weAreA {
							zs, ls = ls, zs
						}
						if pc.setupA != nil {
							pc.setupA(zs)
						}
						if pc.setupB != nil {
							pc.setupB(ls)
						}
					}
					l := mk(t, ours, libzmq.SocketType(theirs), setup)
					var a, b interopPeer = zrPeer{l.zr}, libPeer{l.lib, theirs.String()}
					if !weAreA {
						a, b = b, a
					}
					pc.talk(t, a, b)
				})
			})
		}
	}
}
