package main

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/bench/internal/perf"
)

func localThr(a perf.Args) (string, error) {
	fd, err := listenAccept(a.Endpoint)
	if err != nil {
		return "", err
	}
	defer unix.Close(fd)
	var p parser
	buf := make([]byte, batchSize)
	var start time.Time
	got := 0
	for got < a.Count {
		n, err := readSome(fd, buf)
		if err != nil {
			return "", err
		}
		done := p.feed(buf[:n])
		if got == 0 && done > 0 {
			start = time.Now()
		}
		got += done
	}
	el := max(time.Since(start), 1)
	return fmt.Sprintf("role=local_thr size=%d count=%d elapsed_ns=%d msgs_per_s=%.0f",
		a.Size, a.Count, el.Nanoseconds(), float64(a.Count)/el.Seconds()), nil
}

func remoteThr(a perf.Args) (string, error) {
	fd, err := dial(a.Endpoint)
	if err != nil {
		return "", err
	}
	defer unix.Close(fd)
	f := frame(a.Size)
	per := max(1, batchSize/len(f))
	batch := make([]byte, 0, per*len(f))
	for range per {
		batch = append(batch, f...)
	}
	for left := a.Count; left > 0; {
		k := min(left, per)
		if err := writeAll(fd, batch[:k*len(f)]); err != nil {
			return "", err
		}
		left -= k
	}
	return fmt.Sprintf("role=remote_thr size=%d count=%d", a.Size, a.Count), nil
}

// readFrame blocks until one whole frame has arrived; one frame is in
// flight at a time, so no bytes of the next frame can be consumed.
func readFrame(fd int, p *parser, buf []byte) error {
	for {
		n, err := readSome(fd, buf)
		if err != nil {
			return err
		}
		if p.feed(buf[:n]) > 0 {
			return nil
		}
	}
}

func localLat(a perf.Args) (string, error) {
	fd, err := listenAccept(a.Endpoint)
	if err != nil {
		return "", err
	}
	defer unix.Close(fd)
	var p parser
	buf := make([]byte, batchSize)
	f := frame(a.Size)
	for i := 0; i <= a.Count; i++ {
		if err := readFrame(fd, &p, buf); err != nil {
			return "", err
		}
		if err := writeAll(fd, f); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("role=local_lat size=%d count=%d", a.Size, a.Count), nil
}

func remoteLat(a perf.Args) (string, error) {
	fd, err := dial(a.Endpoint)
	if err != nil {
		return "", err
	}
	defer unix.Close(fd)
	var p parser
	buf := make([]byte, batchSize)
	f := frame(a.Size)
	rt := func() error {
		if err := writeAll(fd, f); err != nil {
			return err
		}
		return readFrame(fd, &p, buf)
	}
	if err := rt(); err != nil {
		return "", err
	}
	start := time.Now()
	for range a.Count {
		if err := rt(); err != nil {
			return "", err
		}
	}
	el := time.Since(start)
	return fmt.Sprintf("role=remote_lat size=%d count=%d elapsed_ns=%d latency_us=%.3f",
		a.Size, a.Count, el.Nanoseconds(), float64(el.Nanoseconds())/1e3/float64(2*a.Count)), nil
}
