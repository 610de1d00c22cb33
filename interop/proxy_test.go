//go:build cgo

package interop_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// Our proxy between libzmq peers: libzmq REQ clients reach libzmq REP workers through a
// ROUTER/DEALER broker of ours, and a libzmq PUB reaches libzmq SUBs through an XSUB/XPUB
// forwarder of ours, subscriptions going up through it.
func TestInteropProxyBetweenLibzmqPeers(t *testing.T) {
	t.Run("ROUTER/DEALER", func(t *testing.T) {
		lctx := newLibCtx(t)
		c := testutil.NewCtx(t)
		front := testutil.Bound(t, c, zmq.ROUTER, interopAddr)
		back := testutil.Bound(t, c, zmq.DEALER, interopAddr)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- zmq.ProxyContext(ctx, front, back, nil, nil) }()
		defer func() { cancel(); testutil.RequireIs(t, <-done, context.Canceled) }()

		rep := newLibSocket(t, lctx, libzmq.REP)
		testutil.Must(t, rep.SetInt(libzmq.RcvTimeo, 50), "libzmq RCVTIMEO")
		testutil.Must(t, rep.Connect(back.LastEndpoint()), "libzmq connect")
		var stop atomic.Bool
		worker := make(chan struct{})
		defer func() { stop.Store(true); <-worker }() // before the cleanups close rep
		go func() {
			defer close(worker)
			for !stop.Load() {
				msg, err := rep.RecvMulti(0)
				if err != nil {
					continue
				}
				if rep.SendMulti(append([][]byte{[]byte("re")}, msg...), 0) != nil {
					return
				}
			}
		}()
		req := newLibSocket(t, lctx, libzmq.REQ)
		testutil.Must(t, req.Connect(front.LastEndpoint()), "libzmq connect")
		for i := range 50 {
			body := []byte(fmt.Sprint(i))
			libSend(t, req, body, []byte("x"))
			got := testutil.StrFrames(libRecv(t, req))
			if !testutil.EqualStrings(got, []string{"re", fmt.Sprint(i), "x"}) {
				t.Fatalf("reply %d: %q", i, got)
			}
		}
	})
	t.Run("XSUB/XPUB", func(t *testing.T) {
		lctx := newLibCtx(t)
		c := testutil.NewCtx(t)
		xsub := testutil.Bound(t, c, zmq.XSUB, interopAddr)
		xpub := testutil.Bound(t, c, zmq.XPUB, interopAddr)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- zmq.ProxyContext(ctx, xsub, xpub, nil, nil) }()
		defer func() { cancel(); testutil.RequireIs(t, <-done, context.Canceled) }()

		pub := newLibSocket(t, lctx, libzmq.PUB)
		testutil.Must(t, pub.Connect(xsub.LastEndpoint()), "libzmq connect")
		sub := newLibSocket(t, lctx, libzmq.SUB)
		testutil.Must(t, sub.SetBytes(libzmq.Subscribe, []byte("t")), "libzmq SUBSCRIBE")
		testutil.Must(t, sub.Connect(xpub.LastEndpoint()), "libzmq connect")
		// Publish until the subscription has gone up through the proxy.
		for i := 0; ; i++ {
			libSend(t, pub, []byte("t"), []byte(fmt.Sprint(i)))
			libSend(t, pub, []byte("other"))
			got, err := libRecvTimeout(sub, 20e6)
			if err == nil {
				if s := testutil.StrFrames(got); len(s) != 2 || s[0] != "t" {
					t.Fatalf("SUB got %q", s)
				}
				break
			}
			if i > 250 {
				t.Fatal("nothing reached the libzmq SUB through the forwarder")
			}
		}
	})
}
