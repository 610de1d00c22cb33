package auth

import (
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
)

// A stranger and a known client that handshake at the same moment each get their own answer:
// the stranger is refused every time, and only the known client's messages arrive.
func TestE2ECurveConcurrentHandshakes(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	clients := newContext(t)
	a := start(t, ctx)
	serverPub, serverSec := curveKeys(t)
	goodPub, goodSec := curveKeys(t)
	otherPub, otherSec := curveKeys(t)
	must(t, a.AllowCurveKeys("*", goodPub))
	srv := newServer(t, ctx, func(s *zmq.Socket) error {
		must(t, s.SetCurveServer(true), s.SetCurveSecretKey(serverSec))
		return nil
	})
	for round := range 40 {
		stranger, err := clients.NewSocket(zmq.PUSH)
		must(t, err)
		events, err := stranger.Monitor(zmq.EventHandshakeSucceeded | zmq.EventHandshakeFailedAuth)
		must(t, err)
		must(t, stranger.SetLinger(0), curveClient(serverPub, otherPub, otherSec)(stranger),
			stranger.SetReconnectIvl(time.Hour), stranger.Connect(srv.endpoint), stranger.Send([]byte("intruder"), 0))
		good := srv.connect(clients, "good", curveClient(serverPub, goodPub, goodSec))
		select {
		case e := <-events:
			if e.Kind != zmq.EventHandshakeFailedAuth {
				t.Fatalf("round %d: the stranger's handshake: %v", round, e.Kind)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("round %d: no handshake outcome for the stranger", round)
		}
		srv.expectDelivered("good", map[string]string{"User-Id": goodPub})
		must(t, stranger.Close(), good.Close())
		srv.drainRefusals()
	}
}
