// Command taskvent is the ZeroMQ guide's divide-and-conquer pipeline (taskvent, taskwork,
// tasksink) in one program. A ventilator PUSHes tasks; workers PULL them, each from the
// ventilator's fair round robin (fan-out), do them, and PUSH the results to one sink that
// PULLs from all of them with fair queuing (fan-in). The sink reports how long the batch took:
// with N workers, about 1/N of the total workload.
//
//	go run ./examples/taskvent -tasks 100 -workers 4
//
// Over inproc, as here, a Connect to a bound name is complete when it returns, so every worker
// is there before the first task goes out. Over TCP connections take a while: the ventilator
// must wait until all workers have connected, or the first to arrive gets every task queued
// before the others come (the guide's "slow joiner").
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/zreactor/zmq"
)

func main() {
	tasks := flag.Int("tasks", 100, "tasks in the batch")
	workers := flag.Int("workers", 4, "worker goroutines")
	maxMillis := flag.Int("max", 20, "the longest task, in milliseconds")
	flag.Parse()
	if err := run(*tasks, *workers, *maxMillis, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

const (
	tasksEndpoint   = "inproc://tasks"
	resultsEndpoint = "inproc://results"
)

// run ventilates one batch of tasks through workers and reports what the sink saw.
func run(tasks, workers, maxMillis int, out io.Writer) error {
	zctx, err := zmq.NewContext(zmq.IOThreads(0)) // inproc only: no I/O thread needed
	if err != nil {
		return err
	}
	defer zctx.Close()

	// The stable parts bind: the ventilator and the sink. Workers come and go, and connect.
	vent, err := bound(zctx, zmq.PUSH, tasksEndpoint)
	if err != nil {
		return err
	}
	defer vent.Close()
	sink, err := bound(zctx, zmq.PULL, resultsEndpoint)
	if err != nil {
		return err
	}

	// Workers run until cancelled: they block in RecvContext, which stops waiting when stop is
	// done.
	stop, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	done := make([]int, workers) // tasks done by each worker, written by that worker only
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := work(stop, zctx, &done[w]); err != nil {
				errs <- fmt.Errorf("worker %d: %w", w, err)
			}
		}()
	}
	// Wait for every worker to connect (see the package comment) by asking for the
	// ventilator's statistics: one peer per worker.
	for len(vent.Stats().Peers) < workers {
		time.Sleep(time.Millisecond)
	}

	// The sink collects in its own goroutine, so the ventilator never waits for it.
	collected := make(chan error, 1)
	start := time.Now()
	go func() { collected <- collect(sink, tasks) }()

	total := 0
	for range tasks {
		workload := rand.IntN(maxMillis) + 1
		total += workload
		if err := vent.Send([]byte(strconv.Itoa(workload)), 0); err != nil {
			return err
		}
	}
	if err := <-collected; err != nil {
		return err
	}
	elapsed := time.Since(start)
	cancel()
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	fmt.Fprintf(out, "%d tasks, %d ms of work, done by %d workers in %d ms\n", tasks, total, workers, elapsed.Milliseconds())
	for w, n := range done {
		fmt.Fprintf(out, "worker %d did %d tasks\n", w, n)
	}
	return nil
}

// bound makes a socket of type t bound at endpoint.
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

// work takes tasks until stop is done: a task is a number of milliseconds to sleep; the result
// is an empty message to the sink.
func work(stop context.Context, zctx *zmq.Context, done *int) error {
	tasks, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	defer tasks.Close()
	results, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer results.Close()
	if err := results.Connect(resultsEndpoint); err != nil {
		return err
	}
	if err := tasks.Connect(tasksEndpoint); err != nil {
		return err
	}
	for {
		task, err := tasks.RecvContext(stop, 0)
		if errors.Is(err, context.Canceled) {
			return nil // the batch is over
		}
		if err != nil {
			return err
		}
		ms, err := strconv.Atoi(string(task))
		if err != nil {
			return fmt.Errorf("bad task %q", task)
		}
		time.Sleep(time.Duration(ms) * time.Millisecond) // the "work"
		if err := results.Send(nil, 0); err != nil {
			return err
		}
		*done++
	}
}

// collect receives one result per task, then closes the sink.
func collect(sink *zmq.Socket, tasks int) error {
	defer sink.Close()
	for range tasks {
		if _, err := sink.Recv(0); err != nil {
			return err
		}
	}
	return nil
}
