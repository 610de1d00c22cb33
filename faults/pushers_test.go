//go:build faults

package faults

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/zreactor/zmq"
)

// runPushers is a client process of the scale case (role "pushers"): n PUSH sockets, each
// connected to the endpoint and sending one "H" once connected. It prints "connected" when
// every hello is queued and closes everything when its stdin closes.
func runPushers(args []string) int {
	fs := flag.NewFlagSet("pushers", flag.ContinueOnError)
	ep := fs.String("connect", "", "endpoint of the PULL")
	n := fs.Int("n", 0, "sockets")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx, err := zmq.NewContext(zmq.MaxSockets(*n + 16))
	if err != nil {
		fmt.Fprintln(os.Stderr, "pushers:", err)
		return 3
	}
	socks := make([]*zmq.Socket, 0, *n)
	for range *n {
		s, err := ctx.NewSocket(zmq.PUSH)
		if err == nil {
			socks = append(socks, s)
			err = errors.Join(s.SetLinger(0), s.Connect(*ep), s.Send([]byte("H"), 0))
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "pushers:", err)
			return 3
		}
	}
	fmt.Println("connected")
	_, _ = io.Copy(io.Discard, os.Stdin)
	for _, s := range socks {
		_ = s.Close()
	}
	if err := ctx.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "pushers: Context.Close:", err)
		return 3
	}
	return 0
}
