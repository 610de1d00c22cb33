// Command hello is the ZeroMQ guide's "Hello World" (hwserver and hwclient) in one program: a
// REP socket answers "World" to every "Hello" a REQ socket sends. REQ and REP take turns: the
// client must receive a reply before it sends the next request, and the server must reply
// before it receives the next one.
//
//	go run ./examples/hello -n 5
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/zreactor/zmq"
)

func main() {
	n := flag.Int("n", 10, "how many requests the client sends")
	endpoint := flag.String("bind", "tcp://127.0.0.1:*", "where the server listens (\"*\" picks a free port)")
	flag.Parse()
	if err := run(*endpoint, *n, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run starts the server on its own goroutine, then sends n requests and prints the replies.
func run(endpoint string, n int, out io.Writer) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	// Context.Close waits until every socket is closed, so it is deferred first and runs last.
	defer ctx.Close()

	server, err := ctx.NewSocket(zmq.REP)
	if err != nil {
		return err
	}
	if err := server.Bind(endpoint); err != nil {
		server.Close()
		return err
	}
	// A socket belongs to one goroutine at a time: from here on, the server goroutine's.
	served := make(chan error, 1)
	go func() { served <- serve(server, n) }()

	client, err := ctx.NewSocket(zmq.REQ)
	if err != nil {
		return err
	}
	defer client.Close()
	// LastEndpoint is the address Bind resolved, with the port the kernel picked.
	if err := client.Connect(server.LastEndpoint()); err != nil {
		return err
	}
	for i := range n {
		fmt.Fprintf(out, "Sending Hello %d...\n", i)
		if err := client.Send([]byte("Hello"), 0); err != nil {
			return err
		}
		reply, err := client.Recv(0)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Received %s %d\n", reply, i)
	}
	return <-served
}

// serve answers n requests, then closes the socket it was given.
func serve(server *zmq.Socket, n int) error {
	defer server.Close()
	for range n {
		req, err := server.Recv(0)
		if err != nil {
			return err
		}
		if string(req) != "Hello" {
			return fmt.Errorf("server: unexpected request %q", req)
		}
		// A real server would do some work here.
		if err := server.Send([]byte("World"), 0); err != nil {
			return err
		}
	}
	return nil
}
