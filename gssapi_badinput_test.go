package zmq_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/gss"
	"github.com/zreactor/zmq/internal/kdctest"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// Hostile GSSAPI clients against our server, written as raw TCP peers that run the Kerberos
// side with internal/gss: each is cut off with the event libzmq raises for its fault, nothing
// it sent is delivered, nothing panics, and the listener then serves an honest client.

const (
	codeUnexpectedCommand = 0x10000001
	codeMalformedInitiate = 0x10000014
	codeCryptographic     = 0x11000001
)

// gssRaw is a raw GSSAPI client: its connection and, once made, its context.
type gssRaw struct {
	p   *zmtptest.Peer
	ctx *gss.Context
}

func dialGSS(t *testing.T, ep string) *gssRaw {
	p := zmtptest.Dial(t, ep)
	p.Write(zmtptest.Greeting(3, 1, "GSSAPI"))
	if g := p.Read(64); string(g[12:18]) != "GSSAPI" {
		t.Fatalf("greeting % x", g)
	}
	return &gssRaw{p: p}
}

// apReq makes a context towards service and returns its AP-REQ.
func (r *gssRaw) apReq(t *testing.T, service string) []byte {
	t.Helper()
	cred, err := gss.AcquireInitiator(gss.EnvFromOS(), "", gss.NTUserName)
	testutil.Must(t, err, "AcquireInitiator")
	defer cred.Release()
	r.ctx, err = gss.NewInitiator(cred, service, gss.NTHostbased, gss.DefaultFlags)
	testutil.Must(t, err, "NewInitiator")
	tok, err := r.ctx.Step(nil)
	testutil.Must(t, err, "Step")
	return tok
}

func gssCommand(name string, token []byte) []byte {
	b := append([]byte(name), 0, 0, 0, 0)
	binary.BigEndian.PutUint32(b[len(name):], uint32(len(token)))
	return append(b, token...)
}

// handshake runs the genuine handshake up to (not including) our READY, and returns the
// server's READY, unwrapped.
func (r *gssRaw) handshake(t *testing.T, k *kdctest.KDC) []byte {
	t.Helper()
	r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, gssCommand("\x08INITIATE", r.apReq(t, k.ServiceHostbased))))
	_, rep := r.p.ReadFrame()
	if _, err := r.ctx.Step(rep[13:]); err != nil {
		t.Fatalf("AP-REP: %v", err)
	}
	r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, nil))
	_, ready := r.p.ReadFrame()
	plain, err := r.ctx.Unwrap(nil, ready[12:])
	testutil.Must(t, err, "server READY")
	return plain
}

// message is a MESSAGE frame wrapping flags and body.
func (r *gssRaw) message(t *testing.T, flags byte, body []byte) []byte {
	t.Helper()
	tok, err := r.ctx.Wrap(nil, []byte{flags}, body)
	testutil.Must(t, err, "Wrap")
	return gssCommand("\x07MESSAGE", tok)
}

func (r *gssRaw) ready(t *testing.T) []byte {
	return zmtptest.Frame(zmtptest.FlagCommand, r.message(t, 0, zmtptest.CommandBody("READY",
		zmtptest.Prop(zmtptest.Prop(nil, "Socket-Type", "DEALER"), "Identity", ""))))
}

// otherService names a service the KDC knows and our server has no key for, made once.
func otherService(k *kdctest.KDC) (string, error) {
	otherOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gss-other-")
		if otherErr = err; err != nil {
			return
		}
		defer os.RemoveAll(dir)
		otherErr = k.AddService("other/localhost", filepath.Join(dir, "other.keytab"))
	})
	return "other@localhost", otherErr
}

var (
	otherOnce sync.Once
	otherErr  error
)

func TestGSSAPIBadClients(t *testing.T) {
	k := kdctest.Shared(t)
	c := testutil.NewCtx(t)
	srv, ep := securedServer(t, c, gssServer(false))

	type result struct {
		kind  zmq.EventKind
		value int64
	}
	cases := []struct {
		name  string
		run   func(t *testing.T, r *gssRaw)
		want  result
		ready bool // the handshake succeeded before the fault
	}{
		{"truncated INITIATE", func(t *testing.T, r *gssRaw) {
			tok := r.apReq(t, k.ServiceHostbased)
			body := gssCommand("\x08INITIATE", tok)
			r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, body[:len(body)-10]))
		}, result{zmq.EventHandshakeFailedProtocol, codeMalformedInitiate}, false},
		{"token size overflows", func(t *testing.T, r *gssRaw) {
			body := append([]byte("\x08INITIATE\xff\xff\xff\xff"), 0x60, 0x82)
			r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, body))
		}, result{zmq.EventHandshakeFailedProtocol, codeMalformedInitiate}, false},
		{"garbled token", func(t *testing.T, r *gssRaw) {
			tok := r.apReq(t, k.ServiceHostbased)
			tok[len(tok)-30] ^= 0x55
			r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, gssCommand("\x08INITIATE", tok)))
		}, result{zmq.EventHandshakeFailedNoDetail, int64(syscall.EPROTO)}, false},
		{"not a Kerberos token", func(t *testing.T, r *gssRaw) {
			r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, gssCommand("\x08INITIATE", []byte("hello, server"))))
		}, result{zmq.EventHandshakeFailedNoDetail, int64(syscall.EPROTO)}, false},
		{"unknown service", func(t *testing.T, r *gssRaw) {
			svc, err := otherService(k)
			testutil.Must(t, err, "AddService")
			r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, gssCommand("\x08INITIATE", r.apReq(t, svc))))
		}, result{zmq.EventHandshakeFailedNoDetail, int64(syscall.EPROTO)}, false},
		{"plaintext READY to an encrypting server", func(t *testing.T, r *gssRaw) {
			r.handshake(t, k)
			r.p.Write(zmtptest.Ready("Socket-Type", "DEALER", "Identity", ""))
		}, result{zmq.EventHandshakeFailedProtocol, codeUnexpectedCommand}, false},
		{"server's READY reflected", func(t *testing.T, r *gssRaw) {
			r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, gssCommand("\x08INITIATE", r.apReq(t, k.ServiceHostbased))))
			_, rep := r.p.ReadFrame()
			_, _ = r.ctx.Step(rep[13:])
			r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, nil))
			_, ready := r.p.ReadFrame()
			r.p.Write(zmtptest.Frame(zmtptest.FlagCommand, ready))
		}, result{zmq.EventHandshakeFailedProtocol, codeCryptographic}, false},
		{"tampered MESSAGE", func(t *testing.T, r *gssRaw) {
			r.handshake(t, k)
			r.p.Write(r.ready(t))
			m := r.message(t, 0, []byte("must not arrive"))
			m[len(m)-3] ^= 1
			r.p.Write(zmtptest.Frame(0, m))
		}, result{zmq.EventHandshakeFailedProtocol, codeCryptographic}, true},
		{"MESSAGE out of order", func(t *testing.T, r *gssRaw) {
			r.handshake(t, k)
			r.p.Write(r.ready(t))
			_ = r.message(t, 0, []byte("skipped"))
			r.p.Write(zmtptest.Frame(0, r.message(t, 0, []byte("must not arrive"))))
		}, result{zmq.EventHandshakeFailedProtocol, codeCryptographic}, true},
		{"MESSAGE size overflows", func(t *testing.T, r *gssRaw) {
			r.handshake(t, k)
			r.p.Write(r.ready(t))
			m := r.message(t, 0, []byte("must not arrive"))
			binary.BigEndian.PutUint32(m[8:], 0xfffffff0)
			r.p.Write(zmtptest.Frame(0, m))
		}, result{zmq.EventHandshakeFailedProtocol, 0x10000012}, true},
	}
	for _, tc := range cases {
		r := dialGSS(t, ep)
		tc.run(t, r)
		if tc.ready {
			srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
		}
		srv.expectHandshake(t, tc.want.kind, tc.want.value)
		r.p.ExpectClosed()
		testutil.ExpectNoRecv(t, srv.s)
	}

	// A replayed MESSAGE: the first copy is delivered, the replay closes the connection.
	r := dialGSS(t, ep)
	r.handshake(t, k)
	r.p.Write(r.ready(t))
	m := r.message(t, 0, []byte("once"))
	r.p.Write(zmtptest.Frame(0, m), zmtptest.Frame(0, m))
	srv.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	srv.expectHandshake(t, zmq.EventHandshakeFailedProtocol, codeCryptographic)
	r.p.ExpectClosed()
	testutil.ExpectRecv(t, srv.s, "once")
	testutil.ExpectNoRecv(t, srv.s)

	// And an honest client after all that.
	good := securedClient(t, c, ep, gssClient(k.ServiceHostbased, false))
	good.expectHandshake(t, zmq.EventHandshakeSucceeded, 0)
	expectDelivered(t, good, srv)
}
