//go:build cgo

package interop_test

import (
	"fmt"
	"testing"

	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// Honest exchanges that check bytes rather than failures: the raw CURVE client against both
// servers, and the ZAP requests both servers send.

// The raw client's honest handshake and exchange, with both servers: it proves the raw client
// right against libzmq, and our server's WELCOME, READY and MESSAGE boxes (server nonce
// prefix, growing nonces) right against it.
func TestSecurityRawCurveExchange(t *testing.T) {
	t.Parallel()
	for _, sk := range serverKinds {
		t.Run(sk.name, func(t *testing.T) {
			t.Parallel()
			setup := secSetup{mech: "CURVE", server: newCurveKey(t), domain: zapDomain,
				zap: zapPolicy{anyKey: true}.decide}
			s := newSecServer(t, sk.lib, setup)
			c := newRawCurve(zmtptest.Dial(t, s.ep), setup.server.pub, newCurveKey(t))
			s.expect(evAccepted)
			c.handshake("DEALER")
			s.expect(evOK)
			c.Write(c.messageFrames("one", "", "three"))
			got, err := s.recv(testutil.WaitTimeout)
			testutil.Must(t, err, "%s server receive", s.name())
			if len(got) != 4 || string(got[1]) != "one" || len(got[2]) != 0 || string(got[3]) != "three" {
				t.Fatalf("%s server received %q", s.name(), testutil.StrFrames(got))
			}
			for i := range 3 {
				testutil.Must(t, s.send([][]byte{got[0], []byte("back"), {byte('0' + i)}}), "%s server send", s.name())
				if back := c.readMessage(); len(back) != 2 || back[0] != "back" || back[1] != string(rune('0'+i)) {
					t.Fatalf("raw client received %q", back)
				}
			}
			c.Close()
			s.expect(evDisconnected)
			s.stillServes()
		})
	}
}

// Our server's ZAP requests carry the same frames as libzmq's server's for the same client
// (RFC 27: version, request id, domain, address, identity, mechanism, credentials).
func TestSecurityZapRequestFrames(t *testing.T) {
	t.Parallel()
	for _, mech := range []string{"PLAIN", "CURVE"} {
		t.Run(mech, func(t *testing.T) {
			t.Parallel()
			setup := secSetup{mech: mech, server: newCurveKey(t), domain: zapDomain,
				zap: zapPolicy{keys: [][32]byte{honestCurveKey().pub}}.decide}
			var reqs [2]libzmq.ZapRequest
			for i, sk := range serverKinds {
				s := newSecServer(t, sk.lib, setup)
				r := s.zapRequests()
				if len(r) != 1 {
					t.Fatalf("%s server: %d ZAP requests, want 1", s.name(), len(r))
				}
				reqs[i] = r[0]
			}
			lib, zr := fmt.Sprintf("%+q", reqs[0]), fmt.Sprintf("%+q", reqs[1])
			if lib != zr {
				t.Fatalf("ZAP requests differ:\nlibzmq %s\nzr     %s", lib, zr)
			}
			r := reqs[1]
			want := [][]byte{[]byte(plainUser), []byte(plainPass)}
			if mech == "CURVE" {
				k := honestCurveKey()
				want = [][]byte{k.pub[:]}
			}
			if r.Version != "1.0" || r.Domain != zapDomain || r.Address != "127.0.0.1" || r.Mechanism != mech ||
				fmt.Sprint(r.Credentials) != fmt.Sprint(want) {
				t.Fatalf("ZAP request %+q", r)
			}
		})
	}
}
