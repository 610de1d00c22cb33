// Command lazypirate is the ZeroMQ guide's Lazy Pirate pattern (lpclient, lpserver) in one
// program: reliable request-reply on the client side alone. A REQ socket that sent a request
// and gets no reply is stuck (it may not send again before it receives), so the client waits
// with a timeout, and on timeout closes the socket, opens a new one, and sends the request
// again, giving up after a few retries.
//
// The server here misbehaves on purpose: it answers some requests slowly (after the client gave
// up on them) and, once, crashes (closes its socket without answering) and restarts a moment
// later on the same endpoint.
//
//	go run ./examples/lazypirate -requests 10
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/zreactor/zmq"
)

func main() {
	requests := flag.Int("requests", 10, "requests the client makes")
	timeout := flag.Duration("timeout", 2500*time.Millisecond, "how long the client waits for a reply")
	retries := flag.Int("retries", 3, "attempts per request before the client gives up")
	flag.Parse()
	cfg := config{requests: *requests, timeout: *timeout, retries: *retries}
	if err := run(cfg, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

type config struct {
	requests int
	timeout  time.Duration // per attempt
	retries  int           // attempts per request
}

// run starts the unreliable server and makes the client's requests.
func run(cfg config, out io.Writer) error {
	out = &syncWriter{w: out} // the client and the server both report
	zctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	defer zctx.Close()

	// Bind once to learn a free port; the server binds the same endpoint again after a crash.
	server, err := newServer(zctx, "tcp://127.0.0.1:*")
	if err != nil {
		return err
	}
	endpoint := server.LastEndpoint()
	stop, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(stop, zctx, server, endpoint, cfg.timeout, out) }()

	err = client(zctx, endpoint, cfg, out)
	cancel()
	if serr := <-served; err == nil {
		err = serr
	}
	return err
}

// client makes cfg.requests requests, each the next sequence number, which the reply must echo.
func client(zctx *zmq.Context, endpoint string, cfg config, out io.Writer) error {
	req, err := connect(zctx, endpoint)
	if err != nil {
		return err
	}
	// req changes on every retry: close whichever is current at the end.
	defer func() { req.Close() }()
	for seq := 1; seq <= cfg.requests; seq++ {
		request := strconv.Itoa(seq)
		for attempt := 1; ; attempt++ {
			if err := req.Send([]byte(request), 0); err != nil {
				return err
			}
			reply, err := recvTimeout(req, cfg.timeout)
			if err == nil && string(reply) == request {
				fmt.Fprintf(out, "I: server replied OK (%s)\n", reply)
				break
			}
			if err == nil {
				fmt.Fprintf(out, "E: malformed reply from server: %s\n", reply)
			} else if !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			if attempt == cfg.retries {
				fmt.Fprintln(out, "E: server seems to be offline, abandoning")
				return errors.New("no reply after " + strconv.Itoa(cfg.retries) + " attempts")
			}
			fmt.Fprintln(out, "W: no response from server, retrying...")
			// The old socket still waits for its reply: throw it away, and whatever it queued
			// with it (linger 0), and start again with a new one.
			req.Close()
			if req, err = connect(zctx, endpoint); err != nil {
				return err
			}
		}
	}
	return nil
}

// recvTimeout receives one frame, giving up after d with context.DeadlineExceeded.
func recvTimeout(s *zmq.Socket, d time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return s.RecvContext(ctx, 0)
}

// connect makes a REQ socket connected to endpoint that drops what it has not sent on Close.
func connect(zctx *zmq.Context, endpoint string) (*zmq.Socket, error) {
	req, err := zctx.NewSocket(zmq.REQ)
	if err != nil {
		return nil, err
	}
	if err := req.SetLinger(0); err != nil {
		req.Close()
		return nil, err
	}
	if err := req.Connect(endpoint); err != nil {
		req.Close()
		return nil, err
	}
	return req, nil
}

// newServer makes the server's REP socket bound at endpoint. After a crash the old socket's
// port may take a moment to be free again.
func newServer(zctx *zmq.Context, endpoint string) (*zmq.Socket, error) {
	rep, err := zctx.NewSocket(zmq.REP)
	if err != nil {
		return nil, err
	}
	rep.SetLinger(0)
	for {
		err := rep.Bind(endpoint)
		if err == nil {
			return rep, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			rep.Close()
			return nil, err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// serve echoes requests until stop is done, answering request 3 slowly (after the client gave
// up on it) and crashing on request 5.
func serve(stop context.Context, zctx *zmq.Context, rep *zmq.Socket, endpoint string, slowness time.Duration, out io.Writer) error {
	defer func() { rep.Close() }()
	crashed, slowed := false, false
	for {
		request, err := rep.RecvContext(stop, 0)
		if errors.Is(err, context.Canceled) {
			return nil
		}
		if err != nil {
			return err
		}
		switch {
		case string(request) == "5" && !crashed:
			fmt.Fprintln(out, "I: simulating a crash")
			crashed = true
			rep.Close()
			time.Sleep(slowness / 2)
			if rep, err = newServer(zctx, endpoint); err != nil {
				return err
			}
			continue
		case string(request) == "3" && !slowed:
			fmt.Fprintln(out, "I: simulating CPU overload")
			slowed = true
			time.Sleep(slowness * 3 / 2)
		}
		if err := rep.Send(request, 0); err != nil {
			return err
		}
	}
}

// syncWriter serialises the writes of several goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
