//go:build cgo

package interop_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Streams through CURVE between our sockets and libzmq's: frames of every size boundary up to
// 16 MiB, multipart messages, the million-message ordering check, and raw 32-byte keys.

// Multipart and large messages cross CURVE intact both ways, whichever side is the server:
// every frame-size boundary alone, then a multipart message of them all but the largest with a
// 1 MiB frame added. The 16 MiB frame goes one way per role (to libzmq when we are the server,
// from libzmq when it is), which boxes and unboxes it once on our side each way: under the race
// detector every 16 MiB boxing costs about half a second.
func TestInteropSecurityCurveFrames(t *testing.T) {
	t.Parallel()
	frames := make([][]byte, len(interopFrameSizes))
	for i, n := range interopFrameSizes {
		frames[i] = patternFrame(n, i)
	}
	last := len(frames) - 1
	multi := append(frames[:last:last], patternFrame(1<<20, 7), []byte("end"))
	secDirections(t, func(t *testing.T, weBind bool) {
		l := newSecLink(t, weBind, zmq.PAIR, libzmq.PAIR, secLinkCfg{mech: "CURVE",
			server: newCurveKey(t), client: newCurveKey(t)})
		msgs := [][][]byte{multi}
		for _, f := range frames {
			msgs = append(msgs, [][]byte{f})
		}
		for i, msg := range msgs {
			what := fmt.Sprintf("%d frames, first %d B", len(msg), len(msg[0]))
			if i < len(msgs)-1 || weBind {
				testutil.Must(t, l.zr.SendMulti(msg, 0), "SendMulti %s", what)
				checkBigFrames(t, what+" to libzmq", libRecv(t, l.lib), msg)
			}
			if i < len(msgs)-1 || !weBind {
				libSend(t, l.lib, msg...)
				back, err := testutil.RecvWithTimeout(l.zr, testutil.WaitTimeout)
				testutil.Must(t, err, "receive %s", what)
				checkBigFrames(t, what+" from libzmq", back, msg)
			}
		}
	})
}

// curveLinkOpts makes the binding side the CURVE server of an unauthenticated link (no ZAP
// handler: libzmq's and our CURVE servers then accept any client with a valid handshake).
func curveLinkOpts(weBind bool, server, client curveKey) linkOpt {
	return func(t testing.TB, zr *zmq.Socket, lib *libzmq.Socket) {
		setup := secSetup{mech: "CURVE", server: server}
		if weBind {
			zrSecureServer(t, zr, setup)
			libCurveClient(t, lib, server.pub, client)
		} else {
			libSecureServer(t, lib, setup)
			zrCurveClient(t, zr, server.pub, client)
		}
	}
}

// The plain-TCP million-message check (frames_test.go) through CURVE: one million
// small messages (100k under -race: curveMillion) from us to libzmq, we being the CURVE server;
// none lost, none duplicated, order kept. Every message is boxed and unboxed under a nonce
// that must grow.
func TestInteropSecurityCurveMillionToLibzmq(t *testing.T) {
	leakcheck.FDs(t) // alone: it needs both cores
	l := zrToLib(t, zmq.PUSH, libzmq.PULL, curveLinkOpts(true, newCurveKey(t), newCurveKey(t)))
	millionZrToLib(t, l)
}

// curveMillion small messages from libzmq to us through CURVE, libzmq being the server.
func TestInteropSecurityCurveMillionFromLibzmq(t *testing.T) {
	leakcheck.FDs(t)
	l := libToZr(t, zmq.PULL, libzmq.PUSH, curveLinkOpts(false, newCurveKey(t), newCurveKey(t)))
	millionLibToZr(t, l)
}

// millionZrToLib streams curveMillion sequence numbers from l.zr to l.lib and checks them.
func millionZrToLib(t *testing.T, l *libLink) {
	t.Helper()
	testutil.Must(t, l.zr.SetSndTimeo(testutil.WaitTimeout), "SetSndTimeo")
	sent := make(chan error, 1)
	defer func() { <-sent }()
	go func() {
		var buf [8]byte
		for i := range curveMillion {
			if err := l.zr.Send(seqFrame(buf[:], i), 0); err != nil {
				sent <- fmt.Errorf("Send %d: %w", i, err)
				return
			}
		}
		sent <- nil
	}()
	start := time.Now()
	want := make([]byte, 8)
	for i := range curveMillion {
		b, more, err := l.lib.Recv(0)
		if err != nil {
			t.Fatalf("libzmq receive %d: %v (sender: %v)", i, err, pollErr(sent))
		}
		if more || !bytes.Equal(b, seqFrame(want, i)) {
			t.Fatalf("message %d is %x (more %v): lost, duplicated or reordered", i, b, more)
		}
	}
	testutil.Must(t, waitErr(sent), "sender")
	t.Logf("%d CURVE messages in %v", curveMillion, time.Since(start))
}

// millionLibToZr streams curveMillion sequence numbers from l.lib to l.zr and checks them.
func millionLibToZr(t *testing.T, l *libLink) {
	t.Helper()
	testutil.Must(t, l.zr.SetRcvTimeo(testutil.WaitTimeout), "SetRcvTimeo")
	sent := make(chan error, 1)
	defer func() { <-sent }()
	go func() {
		var buf [8]byte
		for i := range curveMillion {
			if err := l.lib.Send(seqFrame(buf[:], i), 0); err != nil {
				sent <- fmt.Errorf("libzmq send %d: %w", i, err)
				return
			}
		}
		sent <- nil
	}()
	start := time.Now()
	want := make([]byte, 8)
	for i := range curveMillion {
		b, err := l.zr.Recv(0)
		if err != nil {
			t.Fatalf("receive %d: %v (sender: %v)", i, err, pollErr(sent))
		}
		if l.zr.RcvMore() || !bytes.Equal(b, seqFrame(want, i)) {
			t.Fatalf("message %d is %x: lost, duplicated or reordered", i, b)
		}
	}
	testutil.Must(t, waitErr(sent), "sender")
	t.Logf("%d CURVE messages in %v", curveMillion, time.Since(start))
}

// Keys as 32 raw bytes work as well as Z85 in our setters: a libzmq server accepts our client
// configured with raw keys.
func TestInteropSecurityCurveRawKeys(t *testing.T) {
	t.Parallel()
	server, client := newCurveKey(t), newCurveKey(t)
	l := libToZr(t, zmq.DEALER, libzmq.DEALER, func(t testing.TB, zr *zmq.Socket, lib *libzmq.Socket) {
		libSecureServer(t, lib, secSetup{mech: "CURVE", server: server})
		testutil.Must(t, zr.SetCurveServerKey(string(server.pub[:])), "SetCurveServerKey raw")
		testutil.Must(t, zr.SetCurvePublicKey(string(client.pub[:])), "SetCurvePublicKey raw")
		testutil.Must(t, zr.SetCurveSecretKey(string(client.sec[:])), "SetCurveSecretKey raw")
	})
	testutil.Send(t, l.zr, "raw")
	if got := libRecv(t, l.lib); len(got) != 1 || string(got[0]) != "raw" {
		t.Fatalf("libzmq received %q", testutil.StrFrames(got))
	}
}
