//go:build cgo

package interop_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Interop tests put a real libzmq 4.3 socket (the cgo helper in internal/libzmq) on the other
// end of one of ours, over TCP on loopback. Every scenario runs with both bind roles: we bind and
// libzmq connects (zrToLib), libzmq binds and we connect (libToZr). A link is returned only once
// both sides' monitors reported HANDSHAKE_SUCCEEDED, so no test sleeps to let a connection settle.

// libTimeout is the RCVTIMEO/SNDTIMEO of every libzmq socket: a lost message fails the test
// instead of hanging it.
const libTimeout = int(testutil.WaitTimeout / time.Millisecond)

// interopAddr is where every interop test binds.
const interopAddr = "tcp://127.0.0.1:*"

// newLibCtx makes a libzmq context terminated when the test ends. Make it before the sockets:
// cleanups run last-in first-out, so the sockets are closed before the context waits for them.
func newLibCtx(t testing.TB) *libzmq.Context {
	t.Helper()
	lc, err := libzmq.NewContext()
	testutil.Must(t, err, "libzmq.NewContext")
	t.Cleanup(func() {
		done := make(chan error, 1)
		go func() { done <- lc.Term() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("libzmq zmq_ctx_term: %v", err)
			}
		case <-time.After(testutil.WaitTimeout):
			t.Errorf("libzmq zmq_ctx_term did not return within %v", testutil.WaitTimeout)
		}
	})
	return lc
}

// newLibSocket makes a libzmq socket with linger 0 and libTimeout send and receive timeouts,
// closed when the test ends (unless the test closed it already with closeLib).
func newLibSocket(t testing.TB, lc *libzmq.Context, typ libzmq.SocketType) *libzmq.Socket {
	t.Helper()
	s, err := lc.NewSocket(typ)
	testutil.Must(t, err, "libzmq socket %d", typ)
	testutil.Must(t, s.SetInt(libzmq.Linger, 0), "libzmq LINGER")
	testutil.Must(t, s.SetInt(libzmq.RcvTimeo, libTimeout), "libzmq RCVTIMEO")
	testutil.Must(t, s.SetInt(libzmq.SndTimeo, libTimeout), "libzmq SNDTIMEO")
	t.Cleanup(func() {
		if _, done := libClosed.LoadAndDelete(s); !done {
			if err := s.Close(); err != nil {
				t.Errorf("libzmq close: %v", err)
			}
		}
	})
	return s
}

// libClosed holds the libzmq sockets closeLib closed, so that newLibSocket's cleanup skips them.
var libClosed sync.Map

// closeLib closes a libzmq socket before the test ends (to make a peer disappear).
func closeLib(t testing.TB, s *libzmq.Socket) {
	t.Helper()
	testutil.Must(t, s.Close(), "libzmq close")
	libClosed.Store(s, true)
}

// libRecvTimeout receives one whole message from a libzmq socket, waiting at most d for it.
// It fails with an error wrapping EAGAIN when nothing came.
func libRecvTimeout(s *libzmq.Socket, d time.Duration) ([][]byte, error) {
	if err := s.SetInt(libzmq.RcvTimeo, max(1, int(d/time.Millisecond))); err != nil {
		return nil, err
	}
	defer s.SetInt(libzmq.RcvTimeo, libTimeout)
	return s.RecvMulti(0)
}

// libRecv receives one whole message from a libzmq socket, failing t after libTimeout.
func libRecv(t testing.TB, s *libzmq.Socket) [][]byte {
	t.Helper()
	frames, err := s.RecvMulti(0)
	testutil.Must(t, err, "libzmq receive")
	return frames
}

// libSend sends one message from a libzmq socket, failing t on error.
func libSend(t testing.TB, s *libzmq.Socket, frames ...[]byte) {
	t.Helper()
	testutil.Must(t, s.SendMulti(frames, 0), "libzmq send (%d frames)", len(frames))
}

// libLink is one of our sockets connected over TCP to a libzmq socket.
type libLink struct {
	ctx       *zmq.Context
	weBind    bool
	zr        *zmq.Socket
	lib       *libzmq.Socket
	lctx      *libzmq.Context
	events    <-chan zmq.Event // our socket's monitor, every kind, opened before bind/connect
	libEvents *libzmq.Monitor  // libzmq's monitor of its socket, every kind, likewise
	endpoint  string           // the bound side's resolved endpoint
	relay     *tcpRelay        // between the two, if made by relayedLink
}

// linkOpt sets options on both sockets before they bind or connect.
type linkOpt func(t testing.TB, zr *zmq.Socket, lib *libzmq.Socket)

// zrToLib binds one of our sockets of type zt to tcp://127.0.0.1:* and connects a libzmq socket
// of type lt to it; it returns once both have completed the ZMTP handshake.
func zrToLib(t testing.TB, zt zmq.SocketType, lt libzmq.SocketType, opts ...linkOpt) *libLink {
	t.Helper()
	return newLink(t, true, false, zt, lt, opts...)
}

// libToZr binds a libzmq socket of type lt to tcp://127.0.0.1:* and connects one of ours of
// type zt to it; it returns once both have completed the ZMTP handshake.
func libToZr(t testing.TB, zt zmq.SocketType, lt libzmq.SocketType, opts ...linkOpt) *libLink {
	t.Helper()
	return newLink(t, false, false, zt, lt, opts...)
}

// relayedLink is zrToLib (weBind) or libToZr with a relay between the two: the connecting side
// connects to the relay, which forwards to the bound side.
func relayedLink(t testing.TB, weBind bool, zt zmq.SocketType, lt libzmq.SocketType, opts ...linkOpt) *libLink {
	t.Helper()
	return newLink(t, weBind, true, zt, lt, opts...)
}

// newLink makes both contexts and sockets, binds one side, connects the other (through a relay
// if asked) and waits for both handshakes.
func newLink(t testing.TB, weBind, relayed bool, zt zmq.SocketType, lt libzmq.SocketType, opts ...linkOpt) *libLink {
	t.Helper()
	return newLinkAt(t, interopAddr, weBind, relayed, zt, lt, opts...)
}

// newLinkAt is newLink binding addr instead of interopAddr (an ipc endpoint, say).
func newLinkAt(t testing.TB, addr string, weBind, relayed bool, zt zmq.SocketType, lt libzmq.SocketType, opts ...linkOpt) *libLink {
	t.Helper()
	l := &libLink{lctx: newLibCtx(t), weBind: weBind}
	l.ctx = testutil.NewCtx(t)
	l.lib = newLibSocket(t, l.lctx, lt)
	l.zr = testutil.NewSocket(t, l.ctx, zt)
	testutil.Must(t, l.zr.SetLinger(0), "SetLinger")
	for _, o := range opts {
		o(t, l.zr, l.lib)
	}
	var err error
	l.events, err = l.zr.Monitor(zmq.EventAll)
	testutil.Must(t, err, "Monitor")
	l.libEvents, err = l.lib.Monitor(l.lctx, libzmq.EventAll)
	testutil.Must(t, err, "libzmq monitor")
	t.Cleanup(func() { l.libEvents.Close() }) // before the socket's cleanup: LIFO
	var bindErr error
	if weBind {
		bindErr = l.zr.Bind(addr)
		l.endpoint = l.zr.LastEndpoint()
	} else if bindErr = l.lib.Bind(addr); bindErr == nil {
		l.endpoint, bindErr = l.lib.LastEndpoint()
	}
	testutil.Must(t, bindErr, "bind (we bind: %v)", weBind)
	connectTo := l.endpoint
	if relayed {
		l.relay = newTCPRelay(t, l.endpoint)
		connectTo = l.relay.endpoint()
	}
	if weBind {
		testutil.Must(t, l.lib.Connect(connectTo), "libzmq connect %s", connectTo)
	} else {
		testutil.Must(t, l.zr.Connect(connectTo), "%v Connect %s", zt, connectTo)
	}
	waitZrEvent(t, l.events, zmq.EventHandshakeSucceeded)
	_, err = l.libEvents.WaitFor(libzmq.EventHandshakeSucceeded, testutil.WaitTimeout)
	testutil.Must(t, err, "libzmq HANDSHAKE_SUCCEEDED")
	return l
}

// linkMaker is zrToLib or libToZr.
type linkMaker func(t testing.TB, zt zmq.SocketType, lt libzmq.SocketType, opts ...linkOpt) *libLink

// bindRoles runs f once with us binding and once with libzmq binding, as parallel subtests.
func bindRoles(t *testing.T, f func(t *testing.T, mk linkMaker)) {
	for _, r := range []struct {
		name string
		mk   linkMaker
	}{{"zrBinds", zrToLib}, {"libBinds", libToZr}} {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			f(t, r.mk)
		})
	}
}

// waitZrEvent reads our monitor until an event of kind arrives, failing t after testutil.WaitTimeout or if
// the monitor stops. Events of other kinds are skipped.
func waitZrEvent(t testing.TB, events <-chan zmq.Event, kind zmq.EventKind) zmq.Event {
	t.Helper()
	e, err := nextZrEvent(events, kind, testutil.WaitTimeout)
	testutil.Must(t, err, "waiting for %v", kind)
	return e
}

// nextZrEvent is waitZrEvent returning an error instead of failing.
func nextZrEvent(events <-chan zmq.Event, kind zmq.EventKind, d time.Duration) (zmq.Event, error) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	var seen []zmq.EventKind
	for {
		select {
		case e, ok := <-events:
			if !ok {
				return zmq.Event{}, fmt.Errorf("monitor stopped (seen %v)", seen)
			}
			if e.Kind == kind {
				return e, nil
			}
			seen = append(seen, e.Kind)
		case <-timer.C:
			return zmq.Event{}, fmt.Errorf("no %v within %v (seen %v): %w", kind, d, seen, context.DeadlineExceeded)
		}
	}
}

// withLib and withZr are linkOpts acting on one side only.
func withLib(f func(t testing.TB, s *libzmq.Socket)) linkOpt {
	return func(t testing.TB, _ *zmq.Socket, lib *libzmq.Socket) { f(t, lib) }
}

func withZr(f func(t testing.TB, s *zmq.Socket)) linkOpt {
	return func(t testing.TB, zr *zmq.Socket, _ *libzmq.Socket) { f(t, zr) }
}

// isRecvTimeout reports whether a receive error means "nothing came in time", from either library.
func isRecvTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, syscall.EAGAIN)
}
