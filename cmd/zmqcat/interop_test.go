//go:build cgo

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// zmqcat against real libzmq peers (internal/libzmq, Debian's libzmq 4.3), both ways.

// libSocket makes a libzmq socket with linger 0 and receive and send timeouts, closed (and its
// context terminated) when the test ends.
func libSocket(t *testing.T, typ libzmq.SocketType) *libzmq.Socket {
	t.Helper()
	lc, err := libzmq.NewContext()
	testutil.Must(t, err, "libzmq context")
	s, err := lc.NewSocket(typ)
	testutil.Must(t, err, "libzmq socket")
	ms := int(testutil.WaitTimeout / time.Millisecond)
	testutil.Must(t, s.SetInt(libzmq.Linger, 0), "LINGER")
	testutil.Must(t, s.SetInt(libzmq.RcvTimeo, ms), "RCVTIMEO")
	testutil.Must(t, s.SetInt(libzmq.SndTimeo, ms), "SNDTIMEO")
	t.Cleanup(func() {
		s.Close()
		lc.Term()
	})
	return s
}

// libBound makes a libzmq socket bound to a loopback port and returns it with its endpoint.
func libBound(t *testing.T, typ libzmq.SocketType) (*libzmq.Socket, string) {
	t.Helper()
	s := libSocket(t, typ)
	testutil.Must(t, s.Bind("tcp://127.0.0.1:*"), "libzmq bind")
	ep, err := s.LastEndpoint()
	testutil.Must(t, err, "libzmq LAST_ENDPOINT")
	return s, ep
}

func libExpect(t *testing.T, s *libzmq.Socket, want ...string) {
	t.Helper()
	frames, err := s.RecvMulti(0)
	testutil.Must(t, err, "libzmq receive")
	if got := testutil.StrFrames(frames); !testutil.EqualStrings(got, want) {
		t.Fatalf("libzmq received %q, want %q", got, want)
	}
}

// zmqcat receiving from a libzmq PUSH, multipart included.
func TestInteropPullFromLibzmqPush(t *testing.T) {
	push, ep := libBound(t, libzmq.PUSH)
	r := start(t, "", "pull", "--connect", ep, "--count", "3")
	// libzmq's PUSH blocks until zmqcat has connected, for up to its SNDTIMEO.
	testutil.Must(t, push.Send([]byte("one"), 0), "send")
	testutil.Must(t, push.SendMulti([][]byte{[]byte("two"), []byte("parts")}, 0), "send")
	testutil.Must(t, push.Send([]byte("three"), 0), "send")
	r.wait().expectOK(t, "one\ntwo\nparts\n\nthree\n")
}

// zmqcat sending to a libzmq PULL, from stdin and from --send with --delim.
func TestInteropPushToLibzmqPull(t *testing.T) {
	pull, ep := libBound(t, libzmq.PULL)
	zmqcat(t, "alpha\nbeta\n", "push", "--connect", ep).expectOK(t, "")
	libExpect(t, pull, "alpha")
	libExpect(t, pull, "beta")
	zmqcat(t, "", "push", "--connect", ep, "--delim", ",", "--send", "x,y,z").expectOK(t, "")
	libExpect(t, pull, "x", "y", "z")
}

// zmqcat's REQ asks a libzmq REP.
func TestInteropReqToLibzmqRep(t *testing.T) {
	rep, ep := libBound(t, libzmq.REP)
	served := make(chan error, 1)
	go func() {
		for range 2 {
			frames, err := rep.RecvMulti(0)
			if err != nil {
				served <- err
				return
			}
			if err := rep.Send([]byte(strings.ToUpper(string(frames[0]))), 0); err != nil {
				served <- err
				return
			}
		}
		served <- nil
	}()
	zmqcat(t, "hello\nworld\n", "req", "--connect", ep).expectOK(t, "HELLO\nWORLD\n")
	testutil.Must(t, <-served, "libzmq REP")
}

// A libzmq REQ asks zmqcat's REP.
func TestInteropLibzmqReqToRep(t *testing.T) {
	ep := freeEndpoint(t)
	r := start(t, "", "rep", "--bind", ep, "--count", "2", "--send", "first answer")
	req := libSocket(t, libzmq.REQ)
	testutil.Must(t, req.Connect(ep), "libzmq connect")
	testutil.Must(t, req.Send([]byte("q1"), 0), "send")
	libExpect(t, req, "first answer")
	testutil.Must(t, req.Send([]byte("q2"), 0), "send")
	libExpect(t, req, "q2") // the input is over: echoed
	r.wait().expectOK(t, "q1\nq2\n")
}

// A libzmq CURVE client with a pyzmq-written certificate gets through zmqcat's CURVE server,
// which allows the clients of the pyzmq certificate directory.
func TestInteropCurveWithCertificates(t *testing.T) {
	const certs = "../../testdata/certs/pyzmq"
	ep := freeEndpoint(t)
	r := start(t, "", "pull", "--bind", ep, "--count", "1", "--curve-server",
		"--curve-cert", certs+"/server.key_secret", "--curve-allow", certs)
	client, err := loadCert(certs + "/client.key_secret")
	testutil.Must(t, err, "load")
	server, err := loadCert(certs + "/server.key")
	testutil.Must(t, err, "load")
	push := libSocket(t, libzmq.PUSH)
	testutil.Must(t, push.SetString(libzmq.CurveServerKey, server.PublicKey), "CURVE_SERVERKEY")
	testutil.Must(t, push.SetString(libzmq.CurvePublicKey, client.PublicKey), "CURVE_PUBLICKEY")
	testutil.Must(t, push.SetString(libzmq.CurveSecretKey, client.SecretKey), "CURVE_SECRETKEY")
	testutil.Must(t, push.Connect(ep), "libzmq connect")
	testutil.Must(t, push.Send([]byte("from libzmq"), 0), "send")
	r.wait().expectOK(t, "from libzmq\n")
}
