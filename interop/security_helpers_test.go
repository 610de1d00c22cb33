//go:build cgo

package interop_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Socket setup shared by the security tests: PLAIN and CURVE servers and clients of both
// libraries, the honest CURVE key, source-address endpoints.

// libSecureServer makes a libzmq socket a PLAIN or CURVE server as setup says.
func libSecureServer(t testing.TB, s *libzmq.Socket, setup secSetup) {
	t.Helper()
	if setup.mech == "PLAIN" {
		testutil.Must(t, s.SetInt(libzmq.PlainServer, 1), "libzmq PLAIN_SERVER")
	} else {
		testutil.Must(t, s.SetInt(libzmq.CurveServer, 1), "libzmq CURVE_SERVER")
		testutil.Must(t, s.SetString(libzmq.CurveSecretKey, z85(t, setup.server.sec)), "libzmq CURVE_SECRETKEY")
	}
	if setup.domain != "" {
		testutil.Must(t, s.SetString(libzmq.ZapDomain, setup.domain), "libzmq ZAP_DOMAIN")
	}
}

// zrSecureServer makes one of our sockets a PLAIN or CURVE server as setup says.
func zrSecureServer(t testing.TB, s *zmq.Socket, setup secSetup) {
	t.Helper()
	if setup.mech == "PLAIN" {
		testutil.Must(t, s.SetPlainServer(true), "SetPlainServer")
	} else {
		testutil.Must(t, s.SetCurveServer(true), "SetCurveServer")
		testutil.Must(t, s.SetCurveSecretKey(z85(t, setup.server.sec)), "SetCurveSecretKey")
	}
	if setup.domain != "" {
		testutil.Must(t, s.SetZapDomain(setup.domain), "SetZapDomain")
	}
}

// honestCurveKey is the CURVE key pair of every honest client; the handlers allow it.
var honestCurveKey = sync.OnceValue(func() curveKey {
	pub, sec, err := libzmq.CurveKeypair()
	if err != nil {
		panic(err)
	}
	p, _ := libzmq.Z85Decode(pub)
	s, _ := libzmq.Z85Decode(sec)
	return curveKey{pub: [32]byte(p), sec: [32]byte(s)}
})

// libCurveClient makes a libzmq socket a CURVE client of server with key pair k.
func libCurveClient(t testing.TB, s *libzmq.Socket, server [32]byte, k curveKey) {
	t.Helper()
	testutil.Must(t, s.SetString(libzmq.CurveServerKey, z85(t, server)), "libzmq CURVE_SERVERKEY")
	testutil.Must(t, s.SetString(libzmq.CurvePublicKey, z85(t, k.pub)), "libzmq CURVE_PUBLICKEY")
	testutil.Must(t, s.SetString(libzmq.CurveSecretKey, z85(t, k.sec)), "libzmq CURVE_SECRETKEY")
}

// zrCurveClient makes one of our sockets a CURVE client of server with key pair k (Z85 keys).
func zrCurveClient(t testing.TB, s *zmq.Socket, server [32]byte, k curveKey) {
	t.Helper()
	testutil.Must(t, s.SetCurveServerKey(z85(t, server)), "SetCurveServerKey")
	testutil.Must(t, s.SetCurvePublicKey(z85(t, k.pub)), "SetCurvePublicKey")
	testutil.Must(t, s.SetCurveSecretKey(z85(t, k.sec)), "SetCurveSecretKey")
}

// libProps receives one frame from a libzmq socket with the named properties.
func libProps(t testing.TB, s *libzmq.Socket, names ...string) *libzmq.Msg {
	t.Helper()
	m, err := s.RecvMsg(0, names...)
	testutil.Must(t, err, "libzmq RecvMsg")
	return m
}

// tcpFrom is endpoint connected to from source address src ("tcp://src:0;host:port"), a
// form libzmq's connect and ours both take.
func tcpFrom(src, endpoint string) string {
	return "tcp://" + src + ":0;" + strings.TrimPrefix(endpoint, "tcp://")
}
