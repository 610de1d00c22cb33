// Command shutdown shows how a zreactor program stops cleanly: on SIGINT or SIGTERM
// (os/signal.NotifyContext, in main only: a library never installs signal handlers), every
// goroutine's blocking call gives up, each goroutine closes its own sockets, and
// Context.Close returns once they have lingered.
//
// Two ways to interrupt a blocked socket call are shown:
//
//   - RecvContext and SendContext give up when their context.Context is done, returning
//     ctx.Err(): for goroutines that take part in cancellation.
//   - Context.Shutdown (zmq_ctx_shutdown) makes every blocked and later call on every socket
//     of the zmq.Context return ErrTerminated: for code that blocks in plain Recv or Send.
//
// Either way the goroutine that owns a socket closes it; Context.Close waits for that (and for
// the socket's linger, here short so that unsent messages do not hold up the exit).
//
//	go run ./examples/shutdown   # then press Ctrl-C
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/zreactor/zmq"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Println("running; press Ctrl-C to stop")
	if err := run(ctx, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run moves messages from a producer to a consumer until ctx is done, then shuts down.
func run(ctx context.Context, out io.Writer) error {
	zctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	pull, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		zctx.Close()
		return err
	}
	if err := pull.Bind("inproc://work"); err != nil {
		pull.Close()
		zctx.Close()
		return err
	}
	// A subscriber that waits for news that never comes, in a plain Recv: only
	// Context.Shutdown gets it out.
	sub, err := zctx.NewSocket(zmq.SUB)
	if err != nil {
		pull.Close()
		zctx.Close()
		return err
	}
	sub.Connect("inproc://news")
	sub.SetSubscribe(nil)

	var wg sync.WaitGroup
	var received int
	results := make(chan error, 3)
	wg.Add(3)
	go func() { // the consumer: cancelled through ctx
		defer wg.Done()
		defer pull.Close()
		for {
			_, err := pull.RecvContext(ctx, 0)
			if ctx.Err() != nil || errors.Is(err, zmq.ErrTerminated) {
				results <- nil
				return
			}
			if err != nil {
				results <- fmt.Errorf("consumer: %w", err)
				return
			}
			received++
		}
	}()
	go func() { // the producer: also cancelled through ctx
		defer wg.Done()
		results <- produce(ctx, zctx)
	}()
	go func() { // the listener: stopped by Context.Shutdown
		defer wg.Done()
		defer sub.Close()
		_, err := sub.Recv(0)
		if errors.Is(err, zmq.ErrTerminated) {
			err = nil
		}
		results <- err
	}()

	<-ctx.Done()
	fmt.Fprintln(out, "stopping")
	zctx.Shutdown() // unblocks the listener's Recv
	wg.Wait()
	close(results)
	for err := range results {
		if err != nil {
			zctx.Close()
			return err
		}
	}
	// Every socket is closed: Close returns once their linger has run out.
	if err := zctx.Close(); err != nil {
		return err
	}
	fmt.Fprintf(out, "received %d messages; shut down cleanly\n", received)
	return nil
}

// produce sends a message every few milliseconds until ctx is done.
func produce(ctx context.Context, zctx *zmq.Context) error {
	push, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer push.Close()
	push.SetLinger(100 * time.Millisecond) // what is still queued at the end may wait this long
	if err := push.Connect("inproc://work"); err != nil {
		return err
	}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		err := push.SendContext(ctx, fmt.Appendf(nil, "job %d", n), 0)
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil
		}
		if err != nil {
			// After Shutdown every call answers ErrTerminated: time to go too.
			if errors.Is(err, zmq.ErrTerminated) {
				return nil
			}
			return fmt.Errorf("producer: %w", err)
		}
	}
}
