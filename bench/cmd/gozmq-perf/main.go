// Command gozmq-perf runs the perf roles (see bench/internal/perf) on
// github.com/go-zeromq/zmq4, a pure Go ZeroMQ.
//
//	gozmq-perf <local_thr|remote_thr|local_lat|remote_lat> <endpoint> <size> <count>
package main

import (
	"context"
	"time"

	zmq4 "github.com/go-zeromq/zmq4"

	"github.com/zreactor/zmq/bench/internal/perf"
)

type lib struct{ ctx context.Context }

type sock struct{ s zmq4.Socket }

func (s sock) Send(b []byte) error { return s.s.Send(zmq4.NewMsg(b)) }

// Close waits a little first: go-zeromq has no linger, and its REP socket
// hands replies to a writer goroutine, so closing at once loses the last
// reply. The wait is outside every timed section.
func (s sock) Close() error {
	time.Sleep(100 * time.Millisecond)
	return s.s.Close()
}

func (s sock) Recv() ([]byte, error) {
	m, err := s.s.Recv()
	if err != nil {
		return nil, err
	}
	return m.Bytes(), nil
}

func (l *lib) open(k perf.Kind) zmq4.Socket {
	switch k {
	case perf.Pull:
		return zmq4.NewPull(l.ctx)
	case perf.Push:
		return zmq4.NewPush(l.ctx)
	case perf.Req:
		return zmq4.NewReq(l.ctx)
	default:
		return zmq4.NewRep(l.ctx)
	}
}

func (l *lib) Listen(k perf.Kind, ep string) (perf.Socket, error) {
	s := l.open(k)
	if err := s.Listen(ep); err != nil {
		s.Close()
		return nil, err
	}
	return sock{s}, nil
}

func (l *lib) Dial(k perf.Kind, ep string) (perf.Socket, error) {
	s := l.open(k)
	if err := s.Dial(ep); err != nil {
		s.Close()
		return nil, err
	}
	return sock{s}, nil
}

func (l *lib) Term() error { return nil }

func main() { perf.Main(&lib{context.Background()}) }
