package zmq_test

import (
	"net"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// Before authentication a peer cannot make us read and hold more than the handshake needs
// (RELIABILITY.md R-73): a peer that sends a greeting and then a command declaring 64 MiB is
// refused at the header, with HANDSHAKE_FAILED_PROTOCOL (malformed command) and DISCONNECTED,
// whatever MaxMsgSize allows, on either side of every mechanism. Without the bound a CURVE
// server read the whole 64 MiB, holding about 2.5 times that, before looking at it.
func TestHandshakeCommandBound(t *testing.T) {
	const declared = 64 << 20
	public, secret, err := zmq.CurveKeypair()
	testutil.Must(t, err, "CurveKeypair")
	for _, tc := range []struct {
		name     string
		mech     string
		weServe  bool
		security func(*zmq.Socket)
	}{
		{"NULL server", "NULL", true, func(*zmq.Socket) {}},
		{"NULL client", "NULL", false, func(*zmq.Socket) {}},
		{"PLAIN server", "PLAIN", true, func(s *zmq.Socket) { s.SetPlainServer(true) }},
		{"PLAIN client", "PLAIN", false, func(s *zmq.Socket) { s.SetPlainUsername("u"); s.SetPlainPassword("p") }},
		{"CURVE server", "CURVE", true, func(s *zmq.Socket) { s.SetCurveServer(true); s.SetCurveSecretKey(secret) }},
		{"CURVE client", "CURVE", false, func(s *zmq.Socket) {
			c, cs, _ := zmq.CurveKeypair()
			s.SetCurvePublicKey(c)
			s.SetCurveSecretKey(cs)
			s.SetCurveServerKey(public)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testutil.NewCtx(t)
			s := testutil.NewSocket(t, c, zmq.DEALER)
			tc.security(s)
			mon := watchEvents(t, s, zmq.EventHandshakeFailedProtocol|zmq.EventDisconnected)
			p := rawPeerOf(t, s, tc.weServe)
			g := zmtptest.Greeting(3, 1, tc.mech)
			if !tc.weServe && tc.mech != "NULL" {
				g[32] = 1 // as-server
			}
			p.Write(g)
			p.Read(64)

			base := heapObjects()
			peak := sampleHeapPeak()
			written := streamCommand(p, declared)
			grown := int64(peak()) - int64(base)

			e := mon.expect(zmq.EventHandshakeFailedProtocol)
			if e.Value != protoMalformedCommand {
				t.Errorf("HANDSHAKE_FAILED_PROTOCOL value %#x, want %#x", e.Value, protoMalformedCommand)
			}
			mon.expect(zmq.EventDisconnected)
			t.Logf("peer wrote %d of %d bytes before the connection closed; heap peak +%d KiB", written, declared, grown>>10)
			// What the peer could write is what the kernel buffers took before we closed.
			if written >= 16<<20 {
				t.Errorf("the peer wrote %d MiB of a handshake command before we closed", written>>20)
			}
			if grown > 16<<20 {
				t.Errorf("heap grew by %d MiB while a peer streamed a handshake command", grown>>20)
			}
		})
	}
}

// rawPeerOf connects s with a raw ZMTP peer: s binds and the peer dials when weServe, else the
// peer listens and s connects.
func rawPeerOf(t *testing.T, s *zmq.Socket, weServe bool) *zmtptest.Peer {
	t.Helper()
	if weServe {
		testutil.Must(t, s.Bind("tcp://127.0.0.1:*"), "Bind")
		return zmtptest.Dial(t, s.LastEndpoint())
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	testutil.Must(t, err, "Listen")
	defer l.Close()
	testutil.Must(t, s.Connect("tcp://"+l.Addr().String()), "Connect")
	l.(*net.TCPListener).SetDeadline(time.Now().Add(testutil.WaitTimeout))
	conn, err := l.Accept()
	testutil.Must(t, err, "Accept")
	return zmtptest.NewPeer(t, conn.(*net.TCPConn))
}

// streamCommand sends a command header declaring size bytes and then the body, 64 KiB at a
// time, until the other side closes; it returns the body bytes written.
func streamCommand(p *zmtptest.Peer, size int) int {
	if p.TryWrite(zmtptest.LongHeader(zmtptest.FlagCommand, uint64(size))) != nil {
		return 0
	}
	chunk := make([]byte, 64<<10)
	n := 0
	for n < size && p.TryWrite(chunk) == nil {
		n += len(chunk)
	}
	return n
}

// heapObjects is the bytes of heap objects, live or not yet collected: what the process holds
// in the heap, garbage included.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeapPeak samples heapObjects every millisecond until the returned func is called,
// which returns the largest value seen.
func sampleHeapPeak() (stop func() uint64) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			peak = max(peak, heapObjects())
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}
