package zmq_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// The ipc:// transport (libzmq test_pair_ipc, test_reqrep_ipc, test_abstract_ipc,
// test_ipc_wildcard, test_rebind_ipc, test_use_fd's ipc half): the TCP machinery over
// unix-domain sockets, with paths, abstract names and "ipc://*".

// ipcPath returns an ipc endpoint on a fresh path in the test's temporary directory.
func ipcPath(t testing.TB) string {
	t.Helper()
	return "ipc://" + filepath.Join(t.TempDir(), "s")
}

// ipcAbstract returns an abstract ipc endpoint no other test or process uses.
func ipcAbstract(t testing.TB) string {
	return fmt.Sprintf("ipc://@zr-test-%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-"))
}

// socketFile reports whether path names a socket file.
func socketFile(path string) bool {
	var st unix.Stat_t
	return unix.Lstat(path, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFSOCK
}

// waitGone waits for path to disappear: a listener closes on its I/O thread, after Unbind or
// Close returned.
func waitGone(t testing.TB, path string) {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still exists", path)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// selfPeerAddress is the Peer-Address of a unix-domain peer in this process, as libzmq on
// glibc reports it.
func selfPeerAddress() string {
	return fmt.Sprintf("localhost:%d:%d:%d", os.Getuid(), os.Getgid(), os.Getpid())
}

func TestIPCPath(t *testing.T) {
	t.Parallel()
	for _, pair := range [][2]zmq.SocketType{{zmq.PAIR, zmq.PAIR}, {zmq.REP, zmq.REQ}, {zmq.DEALER, zmq.DEALER}} {
		t.Run(fmt.Sprintf("%v-%v", pair[0], pair[1]), func(t *testing.T) {
			t.Parallel()
			c := testutil.NewCtx(t)
			ep := ipcPath(t)
			srv := testutil.Bound(t, c, pair[0], ep)
			if got := srv.LastEndpoint(); got != ep {
				t.Fatalf("LastEndpoint %q, want %q", got, ep)
			}
			if !socketFile(strings.TrimPrefix(ep, "ipc://")) {
				t.Fatal("Bind made no socket file")
			}
			cli := testutil.Connected(t, c, pair[1], ep)
			testutil.Bounce(t, cli, srv)
		})
	}
}

// Peer-Address over ipc is "localhost:uid:gid:pid" from SO_PEERCRED, on both sides, as
// libzmq 4.3 reports it.
func TestIPCPeerAddress(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	srv := testutil.Bound(t, c, zmq.PAIR, ep)
	cli := testutil.Connected(t, c, zmq.PAIR, ep)
	want := selfPeerAddress()
	for _, dir := range [][2]*zmq.Socket{{cli, srv}, {srv, cli}} {
		testutil.Send(t, dir[0], "hi")
		testutil.Must(t, dir[1].SetRcvTimeo(testutil.WaitTimeout), "SetRcvTimeo")
		m, err := dir[1].RecvMsg(0)
		testutil.Must(t, err, "RecvMsg")
		if got := m.Property("Peer-Address"); got != want {
			t.Errorf("%v: Peer-Address %q, want %q", dir[1].Type(), got, want)
		}
		m.Free()
	}
}

func TestIPCAbstract(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcAbstract(t)
	srv := testutil.Bound(t, c, zmq.DEALER, ep)
	if got := srv.LastEndpoint(); got != ep {
		t.Fatalf("LastEndpoint %q, want %q", got, ep)
	}
	if _, err := os.Lstat(strings.TrimPrefix(ep, "ipc://")); err == nil {
		t.Fatal("an abstract bind made a file")
	}
	cli := testutil.Connected(t, c, zmq.DEALER, ep)
	testutil.Bounce(t, cli, srv)

	// An abstract name is taken while bound; "@" alone is no name (libzmq: EINVAL).
	other := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.RequireIs(t, other.Bind(ep), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	testutil.RequireIs(t, other.Bind("ipc://@"), zmq.ErrInvalid, syscall.EINVAL)
	testutil.RequireIs(t, other.Connect("ipc://@"), zmq.ErrInvalid, syscall.EINVAL)

	// Once the binder is gone, the name is free again: there is no file to remove. The
	// client must see its connection end and come back before it sends: a message written
	// while srv's connection is still closing dies with it, as over TCP.
	cw := watchEvents(t, cli, zmq.EventDisconnected|zmq.EventHandshakeSucceeded)
	testutil.Must(t, srv.Close(), "Close")
	cw.waitFor(zmq.EventDisconnected)
	bindRetry(t, other, ep) // the listener closes on its I/O thread
	cw.waitFor(zmq.EventHandshakeSucceeded)
	testutil.Bounce(t, cli, other)
}

// "ipc://*" binds "socket" in a new private directory under $TMPDIR; LastEndpoint names it;
// Unbind and Close remove both (libzmq test_ipc_wildcard).
func TestIPCWildcard(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	c := testutil.NewCtx(t)
	pattern := regexp.MustCompile(`^ipc://` + regexp.QuoteMeta(tmp) + `/tmp[^/]+/socket$`)
	a := testutil.Bound(t, c, zmq.PAIR, "ipc://*")
	b := testutil.Bound(t, c, zmq.PAIR, "ipc://*")
	epA, epB := a.LastEndpoint(), b.LastEndpoint()
	for _, ep := range []string{epA, epB} {
		if !pattern.MatchString(ep) {
			t.Fatalf("LastEndpoint %q, want %s", ep, pattern)
		}
		if !socketFile(strings.TrimPrefix(ep, "ipc://")) {
			t.Fatalf("no socket file for %s", ep)
		}
	}
	if epA == epB {
		t.Fatalf("two wildcard binds share %q", epA)
	}
	testutil.Bounce(t, testutil.Connected(t, c, zmq.PAIR, epA), a)
	testutil.Bounce(t, testutil.Connected(t, c, zmq.PAIR, epB), b)

	dirA := filepath.Dir(strings.TrimPrefix(epA, "ipc://"))
	testutil.Must(t, a.Unbind(epA), "Unbind(%q)", epA)
	waitGone(t, dirA)
	testutil.RequireIs(t, a.Unbind(epA), zmq.ErrNoEntry, syscall.ENOENT)

	dirB := filepath.Dir(strings.TrimPrefix(epB, "ipc://"))
	testutil.Must(t, b.Close(), "Close")
	waitGone(t, dirB)
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Fatalf("left in $TMPDIR: %v", left)
	}
}

// Bind removes the socket file a crashed run left (libzmq unlinks before binding); a file that
// is not a socket stays, and Bind fails.
func TestIPCStaleFile(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	path := strings.TrimPrefix(ep, "ipc://")
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	testutil.Must(t, err, "socket")
	testutil.Must(t, unix.Bind(fd, &unix.SockaddrUnix{Name: path}), "bind")
	unix.Close(fd) // the file stays, nobody listens
	srv := testutil.Bound(t, c, zmq.PULL, ep)
	push := testutil.Connected(t, c, zmq.PUSH, ep)
	testutil.Send(t, push, "after the stale file")
	testutil.ExpectRecv(t, srv, "after the stale file")

	plain := filepath.Join(filepath.Dir(path), "plain")
	testutil.Must(t, os.WriteFile(plain, []byte("keep"), 0o600), "write")
	s := testutil.NewSocket(t, c, zmq.PULL)
	testutil.RequireIs(t, s.Bind("ipc://"+plain), zmq.ErrAddrInUse, syscall.EADDRINUSE)
	if got, err := os.ReadFile(plain); err != nil || string(got) != "keep" {
		t.Fatalf("a regular file was touched: %q, %v", got, err)
	}
}

// A name sun_path cannot hold fails Bind and Connect with ENAMETOOLONG, as libzmq's do (and
// ErrInvalid, as every address error), and
// Bind raises BIND_FAILED with that errno.
func TestIPCNameTooLong(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.PAIR)
	w := watchEvents(t, s, zmq.EventBindFailed)
	for _, name := range []string{"/tmp/" + strings.Repeat("n", 103), "@" + strings.Repeat("n", 107)} {
		ep := "ipc://" + name
		err := s.Bind(ep)
		testutil.RequireIs(t, err, syscall.ENAMETOOLONG, zmq.ErrInvalid)
		testutil.ErrorMentions(t, err, "sun_path")
		if e := w.expect(zmq.EventBindFailed); e.Value != int64(syscall.ENAMETOOLONG) || e.Endpoint != ep {
			t.Errorf("BIND_FAILED %d %q, want ENAMETOOLONG %q", e.Value, e.Endpoint, ep)
		}
		testutil.RequireIs(t, s.Connect(ep), syscall.ENAMETOOLONG, zmq.ErrInvalid)
	}
	// 107 bytes still fit.
	fits := ipcAbstract(t) + strings.Repeat("x", 107-len(ipcAbstract(t))+len("ipc://"))
	if len(fits) != len("ipc://")+107 {
		t.Fatalf("test name is %d bytes", len(fits)-len("ipc://"))
	}
	testutil.Must(t, s.Bind(fits), "Bind of a 107-byte name")
}

// Disconnect ends an ipc connection like a TCP one; the endpoint is then unknown.
func TestIPCDisconnect(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	srv := testutil.NewSocket(t, c, zmq.DEALER)
	sw := watchEvents(t, srv, zmq.EventDisconnected)
	testutil.Must(t, srv.Bind(ep), "Bind")
	cli := testutil.Connected(t, c, zmq.DEALER, ep)
	testutil.Bounce(t, cli, srv)
	testutil.Must(t, cli.Disconnect(ep), "Disconnect")
	sw.waitForPumping(zmq.EventDisconnected, cli) // the disconnecting socket ends its pipe
	testutil.RequireIs(t, cli.Disconnect(ep), zmq.ErrNoEntry, syscall.ENOENT)
	testutil.RequireIs(t, cli.Send([]byte("x"), zmq.DontWait), zmq.ErrAgain, syscall.EAGAIN)
	testutil.Must(t, cli.Connect(ep), "Connect again")
	testutil.Bounce(t, cli, srv)
}

// Unbind and Close remove the file the socket bound; then connects fail.
func TestIPCUnbindAndCloseRemoveFile(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	path := strings.TrimPrefix(ep, "ipc://")
	srv := testutil.Bound(t, c, zmq.PAIR, ep)
	testutil.Must(t, srv.Unbind(ep), "Unbind")
	waitGone(t, path)

	testutil.Must(t, srv.Bind(ep), "Bind again")
	testutil.Must(t, srv.Close(), "Close")
	waitGone(t, path)
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	testutil.Must(t, err, "socket")
	defer unix.Close(fd)
	if err := unix.Connect(fd, &unix.SockaddrUnix{Name: path}); !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("connect after Close: %v, want ENOENT", err)
	}
}

// The binder restarts on the same path; the connecting side reconnects and traffic resumes
// (libzmq test_rebind_ipc: the new Bind may come before the old listener has closed).
func TestIPCReconnectAfterRestart(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	srv := testutil.Bound(t, c, zmq.DEALER, ep)
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, cli.SetReconnectIvl(20*time.Millisecond), "SetReconnectIvl")
	w := watchEvents(t, cli, zmq.EventAll)
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)
	w.waitFor(zmq.EventHandshakeSucceeded)
	for range 3 {
		testutil.Must(t, srv.Close(), "server Close")
		w.waitFor(zmq.EventDisconnected)
		srv = testutil.Bound(t, c, zmq.DEALER, ep) // at once: the old listener may still be closing
		w.waitFor(zmq.EventConnected)
		w.expect(zmq.EventHandshakeSucceeded)
		testutil.Bounce(t, cli, srv)
	}
	if !socketFile(strings.TrimPrefix(ep, "ipc://")) {
		t.Fatal("the last binder's file is gone: an old listener removed it")
	}
}

// Connecting before anyone binds: every attempt fails at once, and like libzmq's each raises
// CLOSED (the socket that was made) and CONNECT_RETRIED; queued messages go out once the
// path is bound.
func TestIPCConnectBeforeBind(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetReconnectIvl(10*time.Millisecond), "SetReconnectIvl")
	w := watchEvents(t, push, zmq.EventAll)
	testutil.Must(t, push.Connect(ep), "Connect")
	for range 2 {
		checkEvent(t, w.expect(zmq.EventClosed), ep, true)
		checkEvent(t, w.expect(zmq.EventConnectRetried), ep, false)
	}
	const n = 50
	for i := range n {
		testutil.Must(t, push.Send([]byte(strconv.Itoa(i)), zmq.DontWait), "Send %d", i)
	}
	pull := testutil.Bound(t, c, zmq.PULL, ep)
	for i := range n {
		testutil.ExpectRecv(t, pull, strconv.Itoa(i))
	}
}

// The monitor events over ipc are TCP's, with ipc endpoints.
func TestIPCMonitorSequence(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	srv := testutil.NewSocket(t, c, zmq.PAIR)
	sw := watchEvents(t, srv, zmq.EventAll)
	testutil.Must(t, srv.Bind(ep), "Bind")
	listening := sw.expect(zmq.EventListening)
	checkEvent(t, listening, ep, true)

	cli := testutil.NewSocket(t, c, zmq.PAIR)
	cw := watchEvents(t, cli, zmq.EventAll)
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)
	checkEvent(t, cw.expect(zmq.EventConnected), ep, true) // a unix-domain connect never waits
	checkEvent(t, cw.expect(zmq.EventHandshakeSucceeded), ep, false)
	accepted := sw.expect(zmq.EventAccepted)
	checkEvent(t, accepted, ep, true)
	checkEvent(t, sw.expect(zmq.EventHandshakeSucceeded), ep, false)

	testutil.Must(t, cli.Close(), "client Close")
	cw.expect(zmq.EventMonitorStopped)
	disc := sw.expect(zmq.EventDisconnected)
	if disc.Value != accepted.Value {
		t.Errorf("DISCONNECTED fd %d, want the accepted fd %d", disc.Value, accepted.Value)
	}
	testutil.Must(t, srv.Unbind(ep), "Unbind")
	closed := sw.expect(zmq.EventClosed)
	checkEvent(t, closed, ep, false)
	if closed.Value != listening.Value {
		t.Errorf("CLOSED fd %d, want the listening fd %d", closed.Value, listening.Value)
	}
	if socketFile(strings.TrimPrefix(ep, "ipc://")) {
		t.Error("socket file still there after CLOSED")
	}
}

// A listener that cannot remove what it made raises CLOSE_FAILED with the errno instead of
// CLOSED, as libzmq's ipc listener does: here the directory of "ipc://*", which someone
// filled meanwhile.
func TestIPCCloseFailed(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.PAIR)
	w := watchEvents(t, srv, zmq.EventClosed|zmq.EventCloseFailed)
	testutil.Must(t, srv.Bind("ipc://*"), "Bind")
	ep := srv.LastEndpoint()
	dir := filepath.Dir(strings.TrimPrefix(ep, "ipc://"))
	testutil.Must(t, os.WriteFile(filepath.Join(dir, "intruder"), nil, 0o600), "write")
	testutil.Must(t, srv.Unbind(ep), "Unbind")
	if e := w.next(); e.Kind != zmq.EventCloseFailed || e.Value != int64(syscall.ENOTEMPTY) || e.Endpoint != ep {
		t.Errorf("event %v %d %q, want CLOSE_FAILED ENOTEMPTY %q", e.Kind, e.Value, e.Endpoint, ep)
	}
	if socketFile(strings.TrimPrefix(ep, "ipc://")) {
		t.Error("the socket file was not removed before the directory")
	}
}

// Heartbeats run over ipc: an idle connection stays up, a raw peer that never answers PINGs
// is dropped.
func TestIPCHeartbeats(t *testing.T) {
	t.Parallel()
	const ivl, timeout = 30 * time.Millisecond, 90 * time.Millisecond
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	srv := testutil.NewSocket(t, c, zmq.DEALER)
	setHeartbeats(t, srv, ivl, timeout, time.Second)
	sw := watchEvents(t, srv, zmq.EventAll)
	testutil.Must(t, srv.Bind(ep), "Bind")
	sw.expect(zmq.EventListening)
	cli := testutil.NewSocket(t, c, zmq.DEALER)
	setHeartbeats(t, cli, ivl, timeout, time.Second)
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)
	sw.expect(zmq.EventAccepted)
	sw.expect(zmq.EventHandshakeSucceeded)
	sw.expectQuiet(10 * timeout) // PINGs and PONGs keep it up
	testutil.Bounce(t, cli, srv)

	p := zmtptest.Dial(t, ep)
	p.Handshake("DEALER")
	accepted := sw.expect(zmq.EventAccepted)
	sw.expect(zmq.EventHandshakeSucceeded)
	if flags, body := p.ReadFrame(); flags != zmtptest.FlagCommand || string(body[:5]) != "\x04PING" {
		t.Fatalf("got frame %#x %q, want a PING", flags, body)
	}
	if e := sw.expect(zmq.EventDisconnected); e.Value != accepted.Value {
		t.Errorf("DISCONNECTED fd %d, want the silent peer's %d", e.Value, accepted.Value)
	}
	p.ExpectClosed()
	testutil.Bounce(t, cli, srv)
}

// Linger over ipc: Close delivers what was queued (linger -1), and drops it without a peer
// when the linger is 0.
func TestIPCLinger(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	pull := testutil.Bound(t, c, zmq.PULL, ep)
	push := testutil.Connected(t, c, zmq.PUSH, ep)
	const n = 200
	for i := range n {
		testutil.Must(t, push.Send([]byte(strconv.Itoa(i)), 0), "Send %d", i)
	}
	testutil.Must(t, push.Close(), "Close")
	for i := range n {
		testutil.ExpectRecv(t, pull, strconv.Itoa(i))
	}

	c2, err := zmq.NewContext()
	testutil.Must(t, err, "NewContext")
	orphan := testutil.NewSocket(t, c2, zmq.PUSH)
	testutil.Must(t, orphan.Connect(ipcPath(t)), "Connect") // nobody will bind it
	testutil.Must(t, orphan.Send([]byte("lost"), 0), "Send")
	testutil.Must(t, orphan.SetLinger(0), "SetLinger")
	testutil.Must(t, orphan.Close(), "Close")
	start := time.Now()
	testutil.CloseCtx(t, c2)
	if d := time.Since(start); d > time.Second {
		t.Errorf("Context.Close took %v with linger 0", d)
	}
}

// HWM over ipc: a PUSH to a PULL that does not read stops at a bound (the HWMs plus what the
// socket buffer holds), and everything it accepted arrives in order once the PULL reads.
func TestIPCHWM(t *testing.T) {
	t.Parallel()
	const hwm, size = 4, 16 << 10
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	pull := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, pull.SetRcvHWM(hwm), "SetRcvHWM")
	testutil.Must(t, pull.Bind(ep), "Bind")
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetSndHWM(hwm), "SetSndHWM")
	testutil.Must(t, push.Connect(ep), "Connect")
	body := make([]byte, size)
	sent := 0
	for idle := time.Now(); time.Since(idle) < testutil.QuietTime; {
		body[0], body[1] = byte(sent), byte(sent>>8)
		if err := push.Send(body, zmq.DontWait); errors.Is(err, zmq.ErrAgain) {
			time.Sleep(time.Millisecond) // the engine may still be moving frames into the socket
			continue
		} else {
			testutil.Must(t, err, "Send %d", sent)
		}
		sent++
		idle = time.Now()
		if sent > 10000 {
			t.Fatal("PUSH never reached its HWM")
		}
	}
	// 2*hwm in the pipes, what the engines hold, and a unix socket buffer's worth (about
	// 200 KiB by default on Linux).
	if sent < 2*hwm || sent > 2*hwm+64 {
		t.Fatalf("accepted %d frames of %d B before the HWM, want between %d and %d", sent, size, 2*hwm, 2*hwm+64)
	}
	for i := range sent {
		got, err := testutil.RecvWithTimeout(pull, testutil.WaitTimeout)
		testutil.Must(t, err, "receive %d of %d", i, sent)
		if n := int(got[0][0]) | int(got[0][1])<<8; n != i&0xffff {
			t.Fatalf("frame %d carries %d", i, n)
		}
	}
	testutil.ExpectNoRecv(t, pull)
}

// ipc applies none of the TCP settings: a socket with TCP options, a device that does not
// exist and a SOCKS proxy nobody runs binds and connects over ipc (libzmq proxies tcp://
// endpoints only).
func TestIPCIgnoresTCPOptions(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	setTCP := func(s *zmq.Socket) {
		testutil.Must(t, s.SetTCPKeepalive(1), "SetTCPKeepalive")
		testutil.Must(t, s.SetTOS(0x10), "SetTOS")
		testutil.Must(t, s.SetSndBuf(4096), "SetSndBuf")
		testutil.Must(t, s.SetBindToDevice("zr-nodev0"), "SetBindToDevice")
		testutil.Must(t, s.SetSocksProxy("127.0.0.1:1"), "SetSocksProxy")
	}
	srv := testutil.NewSocket(t, c, zmq.PAIR)
	setTCP(srv)
	testutil.Must(t, srv.Bind(ep), "Bind")
	cli := testutil.NewSocket(t, c, zmq.PAIR)
	setTCP(cli)
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)
}

// CURVE over ipc, with a ZAP handler that sees the unix-domain Peer-Address as the request's
// Address.
func TestIPCCurve(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	serverPub, serverSec, err := zmq.CurveKeypair()
	testutil.Must(t, err, "server keys")
	clientPub, clientSec, err := zmq.CurveKeypair()
	testutil.Must(t, err, "client keys")
	ep := ipcPath(t)
	zap := startZapHandler(t, c, zapAllow("ipc-user"))
	srv := testutil.NewSocket(t, c, zmq.REP)
	testutil.Must(t, srv.SetCurveServer(true), "SetCurveServer")
	testutil.Must(t, srv.SetCurveSecretKey(serverSec), "SetCurveSecretKey")
	testutil.Must(t, srv.Bind(ep), "Bind")
	cli := testutil.NewSocket(t, c, zmq.REQ)
	testutil.Must(t, cli.SetCurveServerKey(serverPub), "SetCurveServerKey")
	testutil.Must(t, cli.SetCurvePublicKey(clientPub), "SetCurvePublicKey")
	testutil.Must(t, cli.SetCurveSecretKey(clientSec), "SetCurveSecretKey")
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Bounce(t, cli, srv)
	if r := zap.next(t); r.mechanism != "CURVE" || r.address != selfPeerAddress() {
		t.Errorf("ZAP request mechanism %q address %q, want CURVE %q", r.mechanism, r.address, selfPeerAddress())
	}
	testutil.Send(t, cli, "who")
	testutil.Must(t, srv.SetRcvTimeo(testutil.WaitTimeout), "SetRcvTimeo")
	m, err := srv.RecvMsg(0)
	testutil.Must(t, err, "RecvMsg")
	if got := m.Property("User-Id"); got != "ipc-user" {
		t.Errorf("User-Id %q, want the ZAP handler's", got)
	}
	m.Free()
	testutil.Send(t, srv, "you")
	testutil.ExpectRecv(t, cli, "you")

	// A client with the wrong server key never gets through.
	wrongPub, _, err := zmq.CurveKeypair()
	testutil.Must(t, err, "keys")
	bad := testutil.NewSocket(t, c, zmq.REQ)
	testutil.Must(t, bad.SetCurveServerKey(wrongPub), "SetCurveServerKey")
	testutil.Must(t, bad.SetCurvePublicKey(clientPub), "SetCurvePublicKey")
	testutil.Must(t, bad.SetCurveSecretKey(clientSec), "SetCurveSecretKey")
	bw := watchEvents(t, bad, zmq.EventHandshakeFailedProtocol|zmq.EventHandshakeFailedNoDetail|zmq.EventDisconnected|zmq.EventHandshakeSucceeded)
	testutil.Must(t, bad.Connect(ep), "Connect")
	if e := bw.next(); e.Kind == zmq.EventHandshakeSucceeded {
		t.Fatal("CURVE handshake succeeded with the wrong server key")
	}
}

// USE_FD over ipc: Bind adopts a listening unix-domain socket; the endpoint only names it, and
// neither Bind nor Close touches its file.
func TestUseFDIPC(t *testing.T) {
	leakcheck.FDs(t)
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	path := strings.TrimPrefix(ep, "ipc://")
	fd := listeningFD(t, unix.AF_UNIX, &unix.SockaddrUnix{Name: path})
	srv := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.Must(t, srv.SetUseFD(fd), "SetUseFD")
	testutil.Must(t, srv.Bind(ep), "Bind")
	if got := srv.LastEndpoint(); got != ep {
		t.Fatalf("LastEndpoint %q, want %q", got, ep)
	}
	testutil.Bounce(t, testutil.Connected(t, c, zmq.PAIR, ep), srv)
	w := watchEvents(t, srv, zmq.EventClosed|zmq.EventCloseFailed)
	testutil.Must(t, srv.Unbind(ep), "Unbind")
	if e := w.expect(zmq.EventClosed); e.Value != int64(fd) {
		t.Errorf("CLOSED fd %d, want the adopted %d", e.Value, fd)
	}
	if !socketFile(path) {
		t.Fatal("the adopted socket's file was removed: it belongs to whoever made the fd")
	}
	// A TCP fd is refused for ipc.
	tcpFD := listeningFD(t, unix.AF_INET, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}})
	t.Cleanup(func() { unix.Close(tcpFD) })
	s := testutil.NewSocket(t, c, zmq.PAIR)
	testutil.Must(t, s.SetUseFD(tcpFD), "SetUseFD")
	testutil.RequireIs(t, s.Bind(ipcPath(t)), zmq.ErrInvalid, syscall.EINVAL)
}

// A sender that sends and closes while the receiver's queue is full: a unix-domain peer's
// close is a hang-up at once, with frames still in the receive buffer, and every one of them
// must still arrive (libzmq 4.3 loses them now and then; see engine.Stream.repoll).
func TestIPCSenderClosesWhileReceiverFull(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	ep := ipcPath(t)
	pull := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, pull.SetRcvHWM(10), "SetRcvHWM")
	testutil.Must(t, pull.Bind(ep), "Bind")
	// Every message must be queued before Close, whatever the kernel's buffer holds: a
	// unix-domain socket charges each write's whole buffer, so when the race detector
	// slows the sender into one write per message, it takes a few hundred of them.
	push := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, push.SetSndHWM(0), "SetSndHWM")
	testutil.Must(t, push.Connect(ep), "Connect")
	const n = 5000
	for i := range n {
		testutil.Must(t, push.Send([]byte(strconv.Itoa(i)), 0), "Send %d", i)
	}
	testutil.Must(t, push.Close(), "Close")
	time.Sleep(50 * time.Millisecond) // let the close reach the receiver while its queue is full
	for i := range n {
		testutil.ExpectRecv(t, pull, strconv.Itoa(i))
	}
}
