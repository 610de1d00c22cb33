//go:build soak

package soak

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/zreactor/zmq"
)

// runPeer is a peer process (role "peer"): a REP and a ROUTER that echo, and a PULL whose
// messages a PUSH forwards to the collector of the soak process. It binds the endpoints it is
// given (several transports each), prints "ready", serves until its stdin closes, then closes
// everything and exits 0. Any other failure exits non-zero, which the soak reports: a peer
// must only ever end by EOF or by SIGKILL.
func runPeer(args []string) int {
	fs := flag.NewFlagSet("peer", flag.ContinueOnError)
	rep := fs.String("rep", "", "comma-separated endpoints the echoing REP binds")
	router := fs.String("router", "", "comma-separated endpoints the echoing ROUTER binds")
	pull := fs.String("pull", "", "comma-separated endpoints the forwarding PULL binds")
	collector := fs.String("collector", "", "endpoint the forwarding PUSH connects to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx, err := zmq.NewContext()
	if err != nil {
		return peerFail("NewContext: %v", err)
	}
	repS := peerBound(ctx, zmq.REP, *rep)
	routerS := peerBound(ctx, zmq.ROUTER, *router)
	pullS := peerBound(ctx, zmq.PULL, *pull)
	pushS := peerSocket(ctx, zmq.PUSH)
	if err := pushS.Connect(*collector); err != nil {
		return peerFail("PUSH Connect(%s): %v", *collector, err)
	}
	fmt.Println("ready")
	var wg sync.WaitGroup
	wg.Go(func() { peerRelay("REP", repS, repS) })
	wg.Go(func() { peerRelay("ROUTER", routerS, routerS) })
	wg.Go(func() { peerRelay("forwarder", pullS, pushS) })
	_, _ = io.Copy(io.Discard, os.Stdin)
	for _, s := range []*zmq.Socket{repS, routerS, pullS, pushS} {
		_ = s.Close() // from this goroutine while the relays are blocked: they return ErrNotSocket
	}
	wg.Wait()
	if err := ctx.Close(); err != nil {
		return peerFail("Context.Close: %v", err)
	}
	return 0
}

// peerRelay receives messages on in and sends each whole on out until the socket is closed.
func peerRelay(name string, in, out *zmq.Socket) {
	for {
		frames, err := in.RecvMulti(0)
		if err == nil {
			err = out.SendMulti(frames, 0)
		}
		if errors.Is(err, zmq.ErrNotSocket) {
			return
		}
		if err != nil {
			os.Exit(peerFail("%s: %v", name, err))
		}
	}
}

// peerSocket makes a socket with linger 0, so that closing never waits on the soak process.
func peerSocket(ctx *zmq.Context, typ zmq.SocketType) *zmq.Socket {
	s, err := ctx.NewSocket(typ)
	if err == nil {
		err = s.SetLinger(0)
	}
	if err != nil {
		os.Exit(peerFail("%v: %v", typ, err))
	}
	return s
}

// peerBound makes a socket bound to every endpoint in the comma-separated list. The address
// of an incarnation SIGKILLed a moment ago may still be taken for a while; a bind is retried
// for 10 s before the peer gives up.
func peerBound(ctx *zmq.Context, typ zmq.SocketType, endpoints string) *zmq.Socket {
	s := peerSocket(ctx, typ)
	for ep := range strings.SplitSeq(endpoints, ",") {
		deadline := time.Now().Add(10 * time.Second)
		for {
			err := s.Bind(ep)
			if err == nil {
				break
			}
			if !errors.Is(err, zmq.ErrAddrInUse) || time.Now().After(deadline) {
				os.Exit(peerFail("%v Bind(%s): %v", typ, ep, err))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return s
}

func peerFail(format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "peer: "+format+"\n", args...)
	return 3
}
