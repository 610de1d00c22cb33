//go:build cgo

package interop_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Our ROUTER_RAW against libzmq's, both bind roles: raw bytes both ways, the connect
// notification on each side, and an empty frame closing the connection, which the other side
// sees as its peer hanging up. Raw connections have no handshake, so no monitor event marks
// them ready: the connect notifications do.
func TestRouterRawWithLibzmq(t *testing.T) {
	for _, weBind := range []bool{true, false} {
		name := "libzmq binds"
		if weBind {
			name = "we bind"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testRouterRawWithLibzmq(t, weBind)
		})
	}
}

func testRouterRawWithLibzmq(t *testing.T, weBind bool) {
	lctx := newLibCtx(t)
	ctx := testutil.NewCtx(t)
	zr := testutil.NewSocket(t, ctx, zmq.ROUTER)
	testutil.Must(t, zr.SetLinger(0), "SetLinger")
	testutil.Must(t, zr.SetRouterRaw(true), "SetRouterRaw")
	lib := newLibSocket(t, lctx, libzmq.ROUTER)
	testutil.Must(t, lib.SetInt(libzmq.RouterRaw, 1), "libzmq ROUTER_RAW")
	if weBind {
		testutil.Must(t, zr.Bind(interopAddr), "Bind")
		testutil.Must(t, lib.Connect(zr.LastEndpoint()), "libzmq connect")
	} else {
		testutil.Must(t, lib.Bind(interopAddr), "libzmq bind")
		ep, err := lib.LastEndpoint()
		testutil.Must(t, err, "libzmq LAST_ENDPOINT")
		testutil.Must(t, zr.Connect(ep), "Connect")
	}

	zid := recvRawNotification(t, zr)
	lf := libRecv(t, lib)
	if len(lf) != 2 || len(lf[1]) != 0 {
		t.Fatalf("libzmq connect notification %q, want [id, empty]", lf)
	}
	lid := lf[0]

	libSend(t, lib, lid, []byte("from libzmq"))
	if got := recvRawBytes(t, zr, zid, len("from libzmq")); string(got) != "from libzmq" {
		t.Fatalf("we got %q", got)
	}
	testutil.Must(t, zr.SendMulti([][]byte{zid, []byte("from zreactor")}, 0), "send")
	var got []byte
	for len(got) < len("from zreactor") {
		lf := libRecv(t, lib)
		if len(lf) != 2 || !bytes.Equal(lf[0], lid) {
			t.Fatalf("libzmq got %q", lf)
		}
		got = append(got, lf[1]...)
	}
	if string(got) != "from zreactor" {
		t.Fatalf("libzmq got %q", got)
	}

	// We close the connection; libzmq sees its peer hang up. The close completes as our
	// socket processes commands, as in libzmq, so ours is polled meanwhile.
	testutil.Must(t, zr.SendMulti([][]byte{zid, {}}, 0), "close")
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		if frames, err := zr.RecvMulti(zmq.DontWait); err == nil {
			t.Fatalf("we received %q while closing", frames)
		}
		lf, err := libRecvTimeout(lib, 10*time.Millisecond)
		if err == nil {
			if len(lf) != 2 || !bytes.Equal(lf[0], lid) || len(lf[1]) != 0 {
				t.Fatalf("libzmq got %q, want its disconnect notification", lf)
			}
			break
		}
		if !isRecvTimeout(err) {
			t.Fatalf("libzmq receive: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatal("libzmq saw no disconnect")
		}
	}
	if !weBind {
		return // our connect ended with its connection, as in libzmq; libzmq closing is checked when we bind
	}
	// libzmq's peer reconnects; this time libzmq closes, and we see the peer hang up. Its
	// close completes as libzmq's socket processes commands: ZMQ_EVENTS makes it.
	zid = recvRawNotification(t, zr)
	lf = libRecv(t, lib)
	lid = lf[0]
	libSend(t, lib, lid, nil)
	for {
		if _, err := lib.GetInt(libzmq.Events); err != nil {
			t.Fatalf("libzmq ZMQ_EVENTS: %v", err)
		}
		frames, err := testutil.RecvWithTimeout(zr, 10*time.Millisecond)
		if err == nil {
			if len(frames) != 2 || !bytes.Equal(frames[0], zid) || len(frames[1]) != 0 {
				t.Fatalf("we got %q, want the disconnect notification", frames)
			}
			return
		}
		if !isRecvTimeout(err) {
			t.Fatalf("receive: %v", err)
		}
		if time.Now().After(deadline.Add(testutil.WaitTimeout)) {
			t.Fatal("we saw no disconnect")
		}
	}
}

// recvRawNotification receives a ROUTER_RAW's connect notification and returns its id.
func recvRawNotification(t testing.TB, s *zmq.Socket) []byte {
	t.Helper()
	frames, err := testutil.RecvWithTimeout(s, testutil.WaitTimeout)
	testutil.Must(t, err, "connect notification")
	if len(frames) != 2 || len(frames[1]) != 0 {
		t.Fatalf("connect notification %q, want [id, empty]", frames)
	}
	return frames[0]
}

// recvRawBytes receives n bytes from id on a ROUTER_RAW, however many reads they took.
func recvRawBytes(t testing.TB, s *zmq.Socket, id []byte, n int) []byte {
	t.Helper()
	var got []byte
	for len(got) < n {
		frames, err := testutil.RecvWithTimeout(s, testutil.WaitTimeout)
		testutil.Must(t, err, "receive")
		if len(frames) != 2 || !bytes.Equal(frames[0], id) {
			t.Fatalf("got %q, want [%x, data]", frames, id)
		}
		got = append(got, frames[1]...)
	}
	return got
}
