// Command broker is the ZeroMQ guide's request-reply broker (rrclient, rrworker, rrbroker) in
// one program. Clients (REQ) connect to the broker's frontend, a ROUTER; workers (REP) connect
// to its backend, a DEALER; zmq.Proxy moves messages between the two. The ROUTER prefixes each
// request with the client's routing id and the DEALER spreads requests over the workers; the
// replies come back along the same envelope, so the clients and the workers never know about
// each other, and either side can grow without the other changing.
//
//	go run ./examples/broker -clients 3 -workers 2 -requests 5
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"sort"
	"sync"

	"github.com/zreactor/zmq"
)

func main() {
	clients := flag.Int("clients", 3, "client goroutines")
	workers := flag.Int("workers", 2, "worker goroutines")
	requests := flag.Int("requests", 5, "requests per client")
	frontend := flag.String("frontend", "tcp://127.0.0.1:*", "where clients connect")
	backend := flag.String("backend", "tcp://127.0.0.1:*", "where workers connect")
	flag.Parse()
	if err := run(*frontend, *backend, *clients, *workers, *requests, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run starts the broker and the workers, runs the clients to completion, then stops the rest.
func run(frontendEP, backendEP string, clients, workers, requests int, out io.Writer) error {
	zctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	defer zctx.Close()

	frontend, err := bound(zctx, zmq.ROUTER, frontendEP)
	if err != nil {
		return err
	}
	backend, err := bound(zctx, zmq.DEALER, backendEP)
	if err != nil {
		frontend.Close()
		return err
	}
	frontendEP, backendEP = frontend.LastEndpoint(), backend.LastEndpoint()

	// The broker: ProxyContext owns both sockets until stop is done.
	stop, cancel := context.WithCancel(context.Background())
	defer cancel()
	brokered := make(chan error, 1)
	go func() {
		defer frontend.Close()
		defer backend.Close()
		brokered <- zmq.ProxyContext(stop, frontend, backend, nil, nil)
	}()

	var workersDone sync.WaitGroup
	errs := make(chan error, clients+workers)
	for w := range workers {
		workersDone.Add(1)
		go func() {
			defer workersDone.Done()
			if err := worker(stop, zctx, backendEP, w); err != nil {
				errs <- fmt.Errorf("worker %d: %w", w, err)
			}
		}()
	}

	var mu sync.Mutex
	var lines []string
	var clientsDone sync.WaitGroup
	for c := range clients {
		clientsDone.Add(1)
		go func() {
			defer clientsDone.Done()
			err := client(zctx, frontendEP, c, requests, func(line string) {
				mu.Lock()
				lines = append(lines, line)
				mu.Unlock()
			})
			if err != nil {
				errs <- fmt.Errorf("client %d: %w", c, err)
			}
		}()
	}
	clientsDone.Wait()
	cancel() // stops the proxy and the workers
	workersDone.Wait()
	if err := <-brokered; !errors.Is(err, context.Canceled) {
		return fmt.Errorf("broker: %v", err)
	}
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	sort.Strings(lines) // goroutines interleave; print in a stable order
	for _, l := range lines {
		fmt.Fprintln(out, l)
	}
	return nil
}

func bound(zctx *zmq.Context, t zmq.SocketType, endpoint string) (*zmq.Socket, error) {
	s, err := zctx.NewSocket(t)
	if err != nil {
		return nil, err
	}
	if err := s.Bind(endpoint); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// client sends requests and reports each reply.
func client(zctx *zmq.Context, endpoint string, id, requests int, report func(string)) error {
	req, err := zctx.NewSocket(zmq.REQ)
	if err != nil {
		return err
	}
	defer req.Close()
	if err := req.Connect(endpoint); err != nil {
		return err
	}
	for i := range requests {
		if err := req.Send(fmt.Appendf(nil, "Hello %d from client %d", i, id), 0); err != nil {
			return err
		}
		reply, err := req.Recv(0)
		if err != nil {
			return err
		}
		report(fmt.Sprintf("client %d request %d: %s", id, i, reply))
	}
	return nil
}

// worker answers requests until stop is done.
func worker(stop context.Context, zctx *zmq.Context, endpoint string, id int) error {
	rep, err := zctx.NewSocket(zmq.REP)
	if err != nil {
		return err
	}
	defer rep.Close()
	if err := rep.Connect(endpoint); err != nil {
		return err
	}
	for {
		request, err := rep.RecvContext(stop, 0)
		if errors.Is(err, context.Canceled) {
			return nil
		}
		if err != nil {
			return err
		}
		var n, c int
		if _, err := fmt.Sscanf(string(request), "Hello %d from client %d", &n, &c); err != nil {
			return fmt.Errorf("bad request %q", request)
		}
		if err := rep.Send(fmt.Appendf(nil, "World %d for client %d", n, c), 0); err != nil {
			return err
		}
	}
}
