//go:build cgo

package interop_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/kdctest"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// GSSAPI between our sockets and Debian's libzmq 4.3.4 (built with MIT Kerberos 1.20), both
// ways and in both modes, through the package's private KDC: libzmq's MIT GSS-API reads the
// same KRB5_* variables as we do (kdctest.Shared sets them for the whole process, C
// environment included). A libzmq client takes its ticket with the keys in KRB5_CLIENT_KTNAME (its ccache
// is MEMORY:), a libzmq server accepts with the keys in KRB5_KTNAME.

func needLibGSSAPI(t testing.TB) {
	t.Helper()
	if !libzmq.Has("gssapi") {
		t.Skip("libzmq built without GSSAPI")
	}
}

// gssLinkOpts makes the binding side the GSSAPI server and the other the client of the test
// service, plaintext or encrypted.
func gssLinkOpts(t testing.TB, weBind, plaintext bool) linkOpt {
	k := kdctest.Shared(t)
	p := 0
	if plaintext {
		p = 1
	}
	return func(t testing.TB, zr *zmq.Socket, lib *libzmq.Socket) {
		testutil.Must(t, zr.SetGSSAPIPlaintext(plaintext), "SetGSSAPIPlaintext")
		testutil.Must(t, lib.SetInt(libzmq.GSSAPIPlaintext, p), "libzmq GSSAPI_PLAINTEXT")
		if weBind {
			testutil.Must(t, zr.SetGSSAPIServer(true), "SetGSSAPIServer")
			testutil.Must(t, lib.SetString(libzmq.GSSAPIServicePrincipal, k.ServiceHostbased), "libzmq GSSAPI_SERVICE_PRINCIPAL")
		} else {
			testutil.Must(t, lib.SetInt(libzmq.GSSAPIServer, 1), "libzmq GSSAPI_SERVER")
			testutil.Must(t, zr.SetGSSAPIServicePrincipal(k.ServiceHostbased), "SetGSSAPIServicePrincipal")
		}
	}
}

// gssModes runs f for both roles and both modes.
func gssModes(t *testing.T, f func(t *testing.T, weBind, plaintext bool)) {
	needLibGSSAPI(t)
	kdctest.Shared(t)
	for _, weBind := range []bool{true, false} {
		for _, plaintext := range []bool{false, true} {
			name := map[bool]string{true: "zrServer", false: "libServer"}[weBind] + map[bool]string{true: "-plaintext", false: "-encrypted"}[plaintext]
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				f(t, weBind, plaintext)
			})
		}
	}
}

// Frames of every size boundary up to 16 MiB, and a multipart message, cross both ways. The
// 16 MiB frame goes one way per role, as in the CURVE test: wrapping it costs about half a
// second under the race detector.
func TestInteropGSSAPIFrames(t *testing.T) {
	frames := make([][]byte, len(interopFrameSizes))
	for i, n := range interopFrameSizes {
		frames[i] = patternFrame(n, i)
	}
	last := len(frames) - 1
	multi := append(frames[:last:last], patternFrame(300<<10, 7), []byte("end"))
	gssModes(t, func(t *testing.T, weBind, plaintext bool) {
		l := newLink(t, weBind, false, zmq.PAIR, libzmq.PAIR, gssLinkOpts(t, weBind, plaintext))
		msgs := [][][]byte{multi}
		for _, f := range frames {
			msgs = append(msgs, [][]byte{f})
		}
		for i, msg := range msgs {
			what := fmt.Sprintf("%d frames, first %d B", len(msg), len(msg[0]))
			if i < len(msgs)-1 || weBind {
				testutil.Must(t, l.zr.SendMulti(msg, 0), "SendMulti %s", what)
				// MIT's unwrap of 16 MiB takes seconds on a loaded machine.
				got, err := libRecvTimeout(l.lib, 4*testutil.WaitTimeout)
				testutil.Must(t, err, "libzmq receive %s", what)
				checkBigFrames(t, what+" to libzmq", got, msg)
			}
			if i < len(msgs)-1 || !weBind {
				libSend(t, l.lib, msg...)
				back, err := testutil.RecvWithTimeout(l.zr, 4*testutil.WaitTimeout)
				testutil.Must(t, err, "receive %s", what)
				checkBigFrames(t, what+" from libzmq", back, msg)
			}
		}
	})
}

// REQ/REP both ways: each side's properties reach the other.
func TestInteropGSSAPIReqRep(t *testing.T) {
	gssModes(t, func(t *testing.T, weBind, plaintext bool) {
		zt, lt := zmq.REQ, libzmq.REP
		if weBind {
			zt, lt = zmq.REP, libzmq.REQ
		}
		l := newLink(t, weBind, false, zt, lt, gssLinkOpts(t, weBind, plaintext))
		for i := 0; i < 3; i++ {
			if weBind {
				libSend(t, l.lib, []byte("ping"), []byte(fmt.Sprint(i)))
				got, err := testutil.RecvWithTimeout(l.zr, testutil.WaitTimeout)
				testutil.Must(t, err, "REP receive")
				testutil.Must(t, l.zr.SendMulti(got, 0), "REP send")
				testutil.CheckFrames(t, libRecv(t, l.lib), got)
			} else {
				testutil.Must(t, l.zr.SendMulti([][]byte{[]byte("ping"), []byte(fmt.Sprint(i))}, 0), "REQ send")
				got := libRecv(t, l.lib)
				libSend(t, l.lib, got...)
				back, err := testutil.RecvWithTimeout(l.zr, testutil.WaitTimeout)
				testutil.Must(t, err, "REQ receive")
				testutil.CheckFrames(t, back, got)
			}
		}
	})
}

// The million-message ordering check (100k under -race), encrypted, each way: every message
// is wrapped by one library and unwrapped by the other, in sequence.
func TestInteropGSSAPIMillionToLibzmq(t *testing.T) {
	needLibGSSAPI(t)
	kdctest.Shared(t) // before the fd count: the KDC outlives the test
	leakcheck.FDs(t)  // alone: it needs both cores
	l := zrToLib(t, zmq.PUSH, libzmq.PULL, gssLinkOpts(t, true, false))
	millionZrToLib(t, l)
}

func TestInteropGSSAPIMillionFromLibzmq(t *testing.T) {
	needLibGSSAPI(t)
	kdctest.Shared(t)
	leakcheck.FDs(t)
	l := libToZr(t, zmq.PULL, libzmq.PUSH, gssLinkOpts(t, false, false))
	millionLibToZr(t, l)
}

// A libzmq client in plaintext against our encrypting server, and one asking for a service
// we have no key for: nothing is delivered, and our server keeps serving an honest libzmq
// client.
func TestInteropGSSAPIRefused(t *testing.T) {
	needLibGSSAPI(t)
	k := kdctest.Shared(t)
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, srv.SetGSSAPIServer(true), "SetGSSAPIServer")
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	ep := srv.LastEndpoint()
	lctx := newLibCtx(t)
	for _, bad := range []func(s *libzmq.Socket){
		func(s *libzmq.Socket) {
			testutil.Must(t, s.SetString(libzmq.GSSAPIServicePrincipal, k.ServiceHostbased), "service")
			testutil.Must(t, s.SetInt(libzmq.GSSAPIPlaintext, 1), "plaintext")
		},
		func(s *libzmq.Socket) {
			testutil.Must(t, s.SetString(libzmq.GSSAPIServicePrincipal, "nosuch@localhost"), "service")
		},
	} {
		lib := newLibSocket(t, lctx, libzmq.DEALER)
		bad(lib)
		testutil.Must(t, lib.Connect(ep), "libzmq connect")
		_ = lib.Send([]byte("must not arrive"), libzmq.DontWait)
		testutil.ExpectNoRecv(t, srv)
	}
	good := newLibSocket(t, lctx, libzmq.DEALER)
	testutil.Must(t, good.SetString(libzmq.GSSAPIServicePrincipal, k.ServiceHostbased), "service")
	testutil.Must(t, good.Connect(ep), "libzmq connect")
	libSend(t, good, []byte("honest"))
	got, err := testutil.RecvWithTimeout(srv, testutil.WaitTimeout)
	testutil.Must(t, err, "receive from the honest client")
	if len(got) != 1 || string(got[0]) != "honest" {
		t.Fatalf("received %q", got)
	}
}

// ZAP both ways. Our server asks our handler about a libzmq client, whose principal is the
// credential; a denial delivers nothing. libzmq's server asks its handler about our client
// with the same request (mechanism GSSAPI, our principal as MIT displays it); libzmq 4.3.4
// lets a denied GSSAPI client in, so only the accepting case is checked against it.
func TestInteropGSSAPIZap(t *testing.T) {
	needLibGSSAPI(t)
	k := kdctest.Shared(t)
	for _, allow := range []bool{true, false} {
		c := testutil.NewCtx(t)
		reqs := make(chan libzmq.ZapRequest, 4)
		startZrZap(t, c, func(r libzmq.ZapRequest) libzmq.ZapReply {
			reqs <- r
			if allow {
				return libzmq.ZapAllow("krb-" + string(r.Credentials[0]))
			}
			return libzmq.ZapDeny("no")
		})
		srv := testutil.NewSocket(t, c, zmq.DEALER)
		testutil.Must(t, srv.SetGSSAPIServer(true), "SetGSSAPIServer")
		testutil.Must(t, srv.SetZapDomain("krb"), "SetZapDomain")
		testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
		lib := newLibSocket(t, newLibCtx(t), libzmq.DEALER)
		testutil.Must(t, lib.SetString(libzmq.GSSAPIServicePrincipal, k.ServiceHostbased), "service")
		testutil.Must(t, lib.Connect(srv.LastEndpoint()), "libzmq connect")
		r := nextZapRequest(t, reqs)
		if r.Mechanism != "GSSAPI" || len(r.Credentials) != 1 || string(r.Credentials[0]) != k.ClientPrincipal {
			t.Fatalf("ZAP request %+v", r)
		}
		_ = lib.Send([]byte("hello"), libzmq.DontWait)
		if !allow {
			testutil.ExpectNoRecv(t, srv)
			continue
		}
		m, err := srv.RecvMsg(0)
		testutil.Must(t, err, "RecvMsg")
		if string(m.Bytes()) != "hello" || m.Property("User-Id") != "krb-"+k.ClientPrincipal {
			t.Fatalf("received %q, User-Id %q", m.Bytes(), m.Property("User-Id"))
		}
	}

	lreqs := make(chan libzmq.ZapRequest, 4)
	lctx := newLibCtx(t)
	startLibZap(t, lctx, func(r libzmq.ZapRequest) libzmq.ZapReply {
		lreqs <- r
		return libzmq.ZapAllow("from-libzmq")
	})
	lib := newLibSocket(t, lctx, libzmq.DEALER)
	testutil.Must(t, lib.SetInt(libzmq.GSSAPIServer, 1), "libzmq GSSAPI_SERVER")
	testutil.Must(t, lib.SetString(libzmq.ZapDomain, "krb"), "libzmq ZAP_DOMAIN")
	testutil.Must(t, lib.Bind("tcp://127.0.0.1:*"), "libzmq bind")
	ep, err := lib.LastEndpoint()
	testutil.Must(t, err, "libzmq LastEndpoint")
	zr := testutil.NewSocket(t, testutil.NewCtx(t), zmq.DEALER)
	testutil.Must(t, zr.SetGSSAPIServicePrincipal(k.ServiceHostbased), "SetGSSAPIServicePrincipal")
	testutil.Must(t, zr.Connect(ep), "Connect")
	r := nextZapRequest(t, lreqs)
	if r.Mechanism != "GSSAPI" || len(r.Credentials) != 1 || string(r.Credentials[0]) != k.ClientPrincipal {
		t.Fatalf("libzmq's ZAP request %+v", r)
	}
	testutil.Must(t, zr.Send([]byte("to libzmq"), 0), "Send")
	if got := libRecv(t, lib); len(got) != 1 || string(got[0]) != "to libzmq" {
		t.Fatalf("libzmq received %q", got)
	}
}

// nextZapRequest waits for a handler's next request.
func nextZapRequest(t *testing.T, ch <-chan libzmq.ZapRequest) libzmq.ZapRequest {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("no ZAP request")
		return libzmq.ZapRequest{}
	}
}
