package zmq_test

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Every option reads back what was set, and starts at libzmq's default.
func TestOptionsReadBack(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	type opt struct {
		name string
		typ  zmq.SocketType
		def  any
		set  func(*zmq.Socket) error
		get  func(*zmq.Socket) any
		want any
	}
	dur := func(get func(*zmq.Socket) time.Duration) func(*zmq.Socket) any {
		return func(s *zmq.Socket) any { return get(s) }
	}
	cases := []opt{
		{"SNDHWM", zmq.PUSH, 1000, func(s *zmq.Socket) error { return s.SetSndHWM(7) }, func(s *zmq.Socket) any { return s.SndHWM() }, 7},
		{"RCVHWM", zmq.PULL, 1000, func(s *zmq.Socket) error { return s.SetRcvHWM(8) }, func(s *zmq.Socket) any { return s.RcvHWM() }, 8},
		{"LINGER", zmq.PUSH, zmq.Forever, func(s *zmq.Socket) error { return s.SetLinger(-5 * time.Second) }, dur((*zmq.Socket).Linger), zmq.Forever},
		{"LINGER sub", zmq.SUB, time.Duration(0), func(s *zmq.Socket) error { return s.SetLinger(time.Second) }, dur((*zmq.Socket).Linger), time.Second},
		{"RCVTIMEO", zmq.PULL, zmq.Forever, func(s *zmq.Socket) error { return s.SetRcvTimeo(3 * time.Millisecond) }, dur((*zmq.Socket).RcvTimeo), 3 * time.Millisecond},
		{"SNDTIMEO", zmq.PUSH, zmq.Forever, func(s *zmq.Socket) error { return s.SetSndTimeo(0) }, dur((*zmq.Socket).SndTimeo), time.Duration(0)},
		{"AFFINITY", zmq.PUSH, uint64(0), func(s *zmq.Socket) error { return s.SetAffinity(3) }, func(s *zmq.Socket) any { return s.Affinity() }, uint64(3)},
		{"BACKLOG", zmq.PULL, 100, func(s *zmq.Socket) error { return s.SetBacklog(5) }, func(s *zmq.Socket) any { return s.Backlog() }, 5},
		{"BINDTODEVICE", zmq.PULL, "", func(s *zmq.Socket) error { return s.SetBindToDevice("lo") }, func(s *zmq.Socket) any { return s.BindToDevice() }, "lo"},
		{"CONFLATE", zmq.PULL, false, func(s *zmq.Socket) error { return s.SetConflate(true) }, func(s *zmq.Socket) any { return s.Conflate() }, true},
		{"CONNECT_ROUTING_ID", zmq.ROUTER, []byte(nil), func(s *zmq.Socket) error { return s.SetConnectRoutingID([]byte("r")) }, func(s *zmq.Socket) any { return s.ConnectRoutingID() }, []byte("r")},
		{"CONNECT_TIMEOUT", zmq.PUSH, time.Duration(0), func(s *zmq.Socket) error { return s.SetConnectTimeout(time.Second) }, dur((*zmq.Socket).ConnectTimeout), time.Second},
		{"HANDSHAKE_IVL", zmq.PUSH, 30 * time.Second, func(s *zmq.Socket) error { return s.SetHandshakeIvl(0) }, dur((*zmq.Socket).HandshakeIvl), time.Duration(0)},
		{"HEARTBEAT_IVL", zmq.PUSH, time.Duration(0), func(s *zmq.Socket) error { return s.SetHeartbeatIvl(time.Second) }, dur((*zmq.Socket).HeartbeatIvl), time.Second},
		{"HEARTBEAT_TTL", zmq.PUSH, time.Duration(0), func(s *zmq.Socket) error { return s.SetHeartbeatTTL(2 * time.Second) }, dur((*zmq.Socket).HeartbeatTTL), 2 * time.Second},
		{"HEARTBEAT_TIMEOUT", zmq.PUSH, zmq.Forever, func(s *zmq.Socket) error { return s.SetHeartbeatTimeout(time.Second) }, dur((*zmq.Socket).HeartbeatTimeout), time.Second},
		{"IPV6", zmq.PUSH, false, func(s *zmq.Socket) error { return s.SetIPv6(true) }, func(s *zmq.Socket) any { return s.IPv6() }, true},
		{"IMMEDIATE", zmq.PUSH, false, func(s *zmq.Socket) error { return s.SetImmediate(true) }, func(s *zmq.Socket) any { return s.Immediate() }, true},
		{"INVERT_MATCHING", zmq.SUB, false, func(s *zmq.Socket) error { return s.SetInvertMatching(true) }, func(s *zmq.Socket) any { return s.InvertMatching() }, true},
		{"MAXMSGSIZE", zmq.PULL, int64(-1), func(s *zmq.Socket) error { return s.SetMaxMsgSize(10) }, func(s *zmq.Socket) any { return s.MaxMsgSize() }, int64(10)},
		{"MAX_MULTIPART_SIZE", zmq.PULL, int64(-1), func(s *zmq.Socket) error { return s.SetMaxMultipartSize(100) }, func(s *zmq.Socket) any { return s.MaxMultipartSize() }, int64(100)},
		{"MAX_SUBSCRIPTIONS", zmq.PUB, 0, func(s *zmq.Socket) error { return s.SetMaxSubscriptions(5) }, func(s *zmq.Socket) any { return s.MaxSubscriptions() }, 5},
		{"PROBE_ROUTER", zmq.DEALER, false, func(s *zmq.Socket) error { return s.SetProbeRouter(true) }, func(s *zmq.Socket) any { return s.ProbeRouter() }, true},
		{"RCVBUF", zmq.PULL, -1, func(s *zmq.Socket) error { return s.SetRcvBuf(65536) }, func(s *zmq.Socket) any { return s.RcvBuf() }, 65536},
		{"SNDBUF", zmq.PUSH, -1, func(s *zmq.Socket) error { return s.SetSndBuf(65536) }, func(s *zmq.Socket) any { return s.SndBuf() }, 65536},
		{"RECONNECT_IVL", zmq.PUSH, 100 * time.Millisecond, func(s *zmq.Socket) error { return s.SetReconnectIvl(-1) }, dur((*zmq.Socket).ReconnectIvl), zmq.Forever},
		{"RECONNECT_IVL_MAX", zmq.PUSH, time.Duration(0), func(s *zmq.Socket) error { return s.SetReconnectIvlMax(time.Second) }, dur((*zmq.Socket).ReconnectIvlMax), time.Second},
		{"RECONNECT_STOP", zmq.PUSH, zmq.ReconnectStop(0), func(s *zmq.Socket) error { return s.SetReconnectStop(zmq.ReconnectStopConnRefused) }, func(s *zmq.Socket) any { return s.ReconnectStop() }, zmq.ReconnectStopConnRefused},
		{"REQ_CORRELATE", zmq.REQ, false, func(s *zmq.Socket) error { return s.SetReqCorrelate(true) }, func(s *zmq.Socket) any { return s.ReqCorrelate() }, true},
		{"REQ_RELAXED", zmq.REQ, false, func(s *zmq.Socket) error { return s.SetReqRelaxed(true) }, func(s *zmq.Socket) any { return s.ReqRelaxed() }, true},
		{"ROUTER_HANDOVER", zmq.ROUTER, false, func(s *zmq.Socket) error { return s.SetRouterHandover(true) }, func(s *zmq.Socket) any { return s.RouterHandover() }, true},
		{"ROUTER_MANDATORY", zmq.ROUTER, false, func(s *zmq.Socket) error { return s.SetRouterMandatory(true) }, func(s *zmq.Socket) any { return s.RouterMandatory() }, true},
		{"ROUTER_RAW", zmq.ROUTER, false, func(s *zmq.Socket) error { return s.SetRouterRaw(true) }, func(s *zmq.Socket) any { return s.RouterRaw() }, true},
		{"ROUTING_ID", zmq.DEALER, []byte{}, func(s *zmq.Socket) error { return s.SetRoutingID([]byte("id")) }, func(s *zmq.Socket) any { return s.RoutingID() }, []byte("id")},
		{"STREAM_NOTIFY", zmq.STREAM, true, func(s *zmq.Socket) error { return s.SetStreamNotify(false) }, func(s *zmq.Socket) any { return s.StreamNotify() }, false},
		{"TCP_KEEPALIVE", zmq.PUSH, -1, func(s *zmq.Socket) error { return s.SetTCPKeepalive(1) }, func(s *zmq.Socket) any { return s.TCPKeepalive() }, 1},
		{"TCP_KEEPALIVE_CNT", zmq.PUSH, -1, func(s *zmq.Socket) error { return s.SetTCPKeepaliveCnt(3) }, func(s *zmq.Socket) any { return s.TCPKeepaliveCnt() }, 3},
		{"TCP_KEEPALIVE_IDLE", zmq.PUSH, -1, func(s *zmq.Socket) error { return s.SetTCPKeepaliveIdle(30) }, func(s *zmq.Socket) any { return s.TCPKeepaliveIdle() }, 30},
		{"TCP_KEEPALIVE_INTVL", zmq.PUSH, -1, func(s *zmq.Socket) error { return s.SetTCPKeepaliveIntvl(5) }, func(s *zmq.Socket) any { return s.TCPKeepaliveIntvl() }, 5},
		{"TCP_MAXRT", zmq.PUSH, time.Duration(0), func(s *zmq.Socket) error { return s.SetTCPMaxRT(time.Second) }, dur((*zmq.Socket).TCPMaxRT), time.Second},
		{"TOS", zmq.PUSH, 0, func(s *zmq.Socket) error { return s.SetTOS(0x10) }, func(s *zmq.Socket) any { return s.TOS() }, 0x10},
		{"USE_FD", zmq.PULL, -1, func(s *zmq.Socket) error { return s.SetUseFD(3) }, func(s *zmq.Socket) any { return s.UseFD() }, 3},
		{"XPUB_MANUAL", zmq.XPUB, false, func(s *zmq.Socket) error { return s.SetXPubManual(true) }, func(s *zmq.Socket) any { return s.XPubManual() }, true},
		{"XPUB_NODROP", zmq.XPUB, false, func(s *zmq.Socket) error { return s.SetXPubNoDrop(true) }, func(s *zmq.Socket) any { return s.XPubNoDrop() }, true},
		{"XPUB_VERBOSE", zmq.XPUB, false, func(s *zmq.Socket) error { return s.SetXPubVerbose(true) }, func(s *zmq.Socket) any { return s.XPubVerbose() }, true},
		{"XPUB_VERBOSER", zmq.XPUB, false, func(s *zmq.Socket) error { return s.SetXPubVerboser(true) }, func(s *zmq.Socket) any { return s.XPubVerboser() }, true},
		{"XPUB_WELCOME_MSG", zmq.XPUB, []byte(nil), func(s *zmq.Socket) error { return s.SetXPubWelcomeMsg([]byte("hi")) }, func(s *zmq.Socket) any { return s.XPubWelcomeMsg() }, []byte("hi")},
		{"ZMTP_LEGACY", zmq.PUSH, true, func(s *zmq.Socket) error { return s.SetZMTPLegacy(false) }, func(s *zmq.Socket) any { return s.ZMTPLegacy() }, false},
		{"METADATA", zmq.PUSH, "", func(s *zmq.Socket) error { return s.SetMetadata("X-Key", "v") }, func(s *zmq.Socket) any { return s.Metadata("X-Key") }, "v"},
	}
	for _, tc := range cases {
		s := testutil.NewSocket(t, c, tc.typ)
		if got := tc.get(s); !equalValues(got, tc.def) {
			t.Errorf("%s: default %v (%T), want %v", tc.name, got, got, tc.def)
		}
		if err := tc.set(s); err != nil {
			t.Errorf("%s: set: %v", tc.name, err)
			continue
		}
		if got := tc.get(s); !equalValues(got, tc.want) {
			t.Errorf("%s: read back %v, want %v", tc.name, got, tc.want)
		}
	}
}

func equalValues(a, b any) bool {
	if ab, ok := a.([]byte); ok {
		bb, ok := b.([]byte)
		return ok && bytes.Equal(ab, bb)
	}
	return reflect.DeepEqual(a, b)
}

// Forever is libzmq's -1 with a name.
func TestForever(t *testing.T) {
	if zmq.Forever != -1 {
		t.Fatalf("Forever = %d, want -1", zmq.Forever)
	}
	if s := fmt.Sprint(zmq.Forever); s == "" {
		t.Fatal("Forever prints empty")
	}
}
