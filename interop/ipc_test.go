//go:build cgo

package interop_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// ipc:// against libzmq 4.3, both bind roles: socket files, abstract names and "ipc://*" name
// the same sockets in both libraries, the handshake and traffic are TCP's, and Peer-Address is
// the same "localhost:uid:gid:pid" text on both sides.

// ipcPeerAddress is what both libraries report as Peer-Address for a unix-domain peer in this
// process (libzmq on glibc: getnameinfo's "localhost" plus SO_PEERCRED).
func ipcPeerAddress() string {
	return fmt.Sprintf("localhost:%d:%d:%d", os.Getuid(), os.Getgid(), os.Getpid())
}

// ipcEndpoints are the kinds of ipc endpoint both libraries must agree on ("ipc://*" has a
// test of its own: TestInteropIPCWildcard).
func ipcEndpoints(t *testing.T) map[string]string {
	return map[string]string{
		"path":     "ipc://" + filepath.Join(t.TempDir(), "s"),
		"abstract": fmt.Sprintf("ipc://@zr-interop-%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-")),
	}
}

// ipcRoles runs f for every kind of endpoint with both bind roles, as parallel subtests.
func ipcRoles(t *testing.T, f func(t *testing.T, weBind bool, addr string)) {
	for _, kind := range []string{"path", "abstract"} {
		for _, weBind := range []bool{true, false} {
			name := kind + "/libBinds"
			if weBind {
				name = kind + "/zrBinds"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				f(t, weBind, ipcEndpoints(t)[kind])
			})
		}
	}
}

func TestInteropIPC(t *testing.T) {
	t.Parallel()
	ipcRoles(t, func(t *testing.T, weBind bool, addr string) {
		l := newLinkAt(t, addr, weBind, false, zmq.DEALER, libzmq.DEALER)
		if l.endpoint != addr {
			t.Errorf("bound side's LastEndpoint %q, want %q", l.endpoint, addr)
		}
		// Ours to libzmq, with the properties libzmq reads on our connection.
		testutil.Send(t, l.zr, "to", "libzmq")
		for i, want := range []string{"to", "libzmq"} {
			m, err := l.lib.RecvMsg(0, "Peer-Address", "Socket-Type")
			testutil.Must(t, err, "libzmq RecvMsg frame %d", i)
			if string(m.Data) != want || m.Props["Peer-Address"] != ipcPeerAddress() || m.Props["Socket-Type"] != "DEALER" {
				t.Errorf("libzmq got %q with Peer-Address %q Socket-Type %q, want %q %q DEALER",
					m.Data, m.Props["Peer-Address"], m.Props["Socket-Type"], want, ipcPeerAddress())
			}
		}
		// libzmq's to ours, with ours reading the same properties.
		libSend(t, l.lib, []byte("from"), []byte("libzmq"))
		for i, want := range []string{"from", "libzmq"} {
			m, err := l.zr.RecvMsg(0)
			testutil.Must(t, err, "RecvMsg frame %d", i)
			if string(m.Bytes()) != want || m.Property("Peer-Address") != ipcPeerAddress() {
				t.Errorf("we got %q with Peer-Address %q, want %q %q", m.Bytes(), m.Property("Peer-Address"), want, ipcPeerAddress())
			}
			m.Free()
		}
	})
}

// "ipc://*" in both libraries: a socket in a new directory under $TMPDIR, named by
// LastEndpoint, which the other library connects to; both remove file and directory when the
// socket closes. Not parallel, so that TMPDIR can point into the test's directory (where it is
// unset, libzmq 4.3 makes its directory in the current one, here the source tree).
func TestInteropIPCWildcard(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, weBind := range []bool{true, false} {
		t.Run(fmt.Sprintf("weBind=%v", weBind), func(t *testing.T) {
			l := newLinkAt(t, "ipc://*", weBind, false, zmq.PAIR, libzmq.PAIR)
			if !strings.HasPrefix(l.endpoint, "ipc://"+tmp+"/tmp") || !strings.HasSuffix(l.endpoint, "/socket") {
				t.Fatalf("LastEndpoint %q, want ipc://%s/tmp.../socket", l.endpoint, tmp)
			}
			testutil.Send(t, l.zr, "ping")
			if got := libRecv(t, l.lib); len(got) != 1 || string(got[0]) != "ping" {
				t.Fatalf("libzmq got %q", got)
			}
			libSend(t, l.lib, []byte("pong"))
			testutil.ExpectRecv(t, l.zr, "pong")
		})
	}
	// Every socket is closed by now (subtests' cleanups) except ours, whose listener closes on
	// its I/O thread: wait for the directory to empty.
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		left, err := os.ReadDir(tmp)
		testutil.Must(t, err, "read TMPDIR")
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("left in TMPDIR after both sockets closed: %v", left)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// CURVE over ipc: the binding side is the server.
func TestInteropIPCCurve(t *testing.T) {
	t.Parallel()
	serverPub, serverSec, err := libzmq.CurveKeypair()
	testutil.Must(t, err, "server keys")
	clientPub, clientSec, err := libzmq.CurveKeypair()
	testutil.Must(t, err, "client keys")
	ipcRoles(t, func(t *testing.T, weBind bool, addr string) {
		l := newLinkAt(t, addr, weBind, false, zmq.REQ, libzmq.REP, func(t testing.TB, zr *zmq.Socket, lib *libzmq.Socket) {
			if weBind { // our REQ is the server
				testutil.Must(t, zr.SetCurveServer(true), "SetCurveServer")
				testutil.Must(t, zr.SetCurveSecretKey(serverSec), "SetCurveSecretKey")
				testutil.Must(t, lib.SetString(libzmq.CurveServerKey, serverPub), "libzmq CURVE_SERVERKEY")
				testutil.Must(t, lib.SetString(libzmq.CurvePublicKey, clientPub), "libzmq CURVE_PUBLICKEY")
				testutil.Must(t, lib.SetString(libzmq.CurveSecretKey, clientSec), "libzmq CURVE_SECRETKEY")
				return
			}
			testutil.Must(t, lib.SetInt(libzmq.CurveServer, 1), "libzmq CURVE_SERVER")
			testutil.Must(t, lib.SetString(libzmq.CurveSecretKey, serverSec), "libzmq CURVE_SECRETKEY")
			testutil.Must(t, zr.SetCurveServerKey(serverPub), "SetCurveServerKey")
			testutil.Must(t, zr.SetCurvePublicKey(clientPub), "SetCurvePublicKey")
			testutil.Must(t, zr.SetCurveSecretKey(clientSec), "SetCurveSecretKey")
		})
		for i := range 3 {
			req := fmt.Sprintf("request %d", i)
			testutil.Send(t, l.zr, req)
			if got := libRecv(t, l.lib); len(got) != 1 || string(got[0]) != req {
				t.Fatalf("libzmq REP got %q, want %q", got, req)
			}
			libSend(t, l.lib, []byte("reply"))
			testutil.ExpectRecv(t, l.zr, "reply")
		}
	})
}

// Binding over another library's socket file: libzmq leaves its file behind at close, and our
// Bind replaces it as stale; libzmq's Bind takes a path over from our live listener, and our
// Unbind then leaves libzmq's file alone.
func TestInteropIPCSharedPath(t *testing.T) {
	t.Parallel()
	ep := "ipc://" + filepath.Join(t.TempDir(), "s")
	path := strings.TrimPrefix(ep, "ipc://")
	lctx := newLibCtx(t)
	c := testutil.NewCtx(t)

	gone := newLibSocket(t, lctx, libzmq.PULL)
	testutil.Must(t, gone.Bind(ep), "libzmq bind")
	closeLib(t, gone)
	if !isSocketFile(path) {
		t.Fatal("libzmq removed its file at close; this test expects 4.3's behaviour")
	}
	ours := testutil.Bound(t, c, zmq.PULL, ep)
	push := newLibSocket(t, lctx, libzmq.PUSH)
	testutil.Must(t, push.Connect(ep), "libzmq connect")
	libSend(t, push, []byte("over the stale file"))
	testutil.ExpectRecv(t, ours, "over the stale file")

	theirs := newLibSocket(t, lctx, libzmq.PULL)
	testutil.Must(t, theirs.Bind(ep), "libzmq bind over our live listener")
	events, err := ours.Monitor(zmq.EventClosed | zmq.EventCloseFailed)
	testutil.Must(t, err, "Monitor")
	testutil.Must(t, ours.Unbind(ep), "Unbind")
	if e := waitZrEvent(t, events, zmq.EventClosed); e.Endpoint != ep {
		t.Errorf("CLOSED for %q, want %q", e.Endpoint, ep)
	}
	if !isSocketFile(path) {
		t.Fatal("our Unbind removed the file libzmq bound")
	}
	late := newLibSocket(t, lctx, libzmq.PUSH)
	testutil.Must(t, late.Connect(ep), "libzmq connect")
	libSend(t, late, []byte("to libzmq's socket"))
	if got := libRecv(t, theirs); len(got) != 1 || string(got[0]) != "to libzmq's socket" {
		t.Fatalf("libzmq PULL got %q", got)
	}
}

func isSocketFile(path string) bool {
	var st unix.Stat_t
	return unix.Lstat(path, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFSOCK
}
