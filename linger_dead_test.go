package zmq_test

import (
	"testing"
	"time"

	zmq "github.com/zreactor/zmq"
)

// A connecting session whose engine failed for good (here an incompatible peer: protocol
// error, no reconnect) has nowhere to deliver what is queued, so an infinite linger must not
// hold Context.Close forever.
func TestInfiniteLingerAfterProtocolError(t *testing.T) {
	for i := range 5 {
		ctx, err := zmq.NewContext()
		if err != nil {
			t.Fatal(err)
		}
		rep, _ := ctx.NewSocket(zmq.REP)
		rep.SetLinger(0)
		if err := rep.Bind("tcp://127.0.0.1:*"); err != nil {
			t.Fatal(err)
		}
		push, _ := ctx.NewSocket(zmq.PUSH)
		push.SetLinger(-1)
		mon, err := push.Monitor(zmq.EventDisconnected)
		if err != nil {
			t.Fatal(err)
		}
		if err := push.Connect(rep.LastEndpoint()); err != nil {
			t.Fatal(err)
		}
		if err := push.Send([]byte("never delivered"), 0); err != nil {
			t.Fatal(err)
		}
		select {
		case <-mon:
		case <-time.After(5 * time.Second):
			t.Fatal("no DISCONNECTED after the incompatible handshake")
		}
		push.Close()
		rep.Close()
		done := make(chan struct{})
		go func() { ctx.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("round %d: Context.Close hangs on the dead session's queue", i)
		}
	}
}
