// Command pebbe-perf runs the perf roles (see bench/internal/perf) on
// github.com/pebbe/zmq4, the cgo binding of libzmq.
//
//	pebbe-perf <local_thr|remote_thr|local_lat|remote_lat> <endpoint> <size> <count>
package main

import (
	zmq4 "github.com/pebbe/zmq4"

	"github.com/zreactor/zmq/bench/internal/perf"
)

type lib struct{ ctx *zmq4.Context }

type sock struct{ s *zmq4.Socket }

func (s sock) Send(b []byte) error   { _, err := s.s.SendBytes(b, 0); return err }
func (s sock) Recv() ([]byte, error) { return s.s.RecvBytes(0) }
func (s sock) Close() error          { return s.s.Close() }

var types = map[perf.Kind]zmq4.Type{perf.Pull: zmq4.PULL, perf.Push: zmq4.PUSH, perf.Req: zmq4.REQ, perf.Rep: zmq4.REP}

func (l *lib) open(k perf.Kind, ep string, bind bool) (perf.Socket, error) {
	s, err := l.ctx.NewSocket(types[k])
	if err != nil {
		return nil, err
	}
	if bind {
		err = s.Bind(ep)
	} else {
		err = s.Connect(ep)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return sock{s}, nil
}

func (l *lib) Listen(k perf.Kind, ep string) (perf.Socket, error) { return l.open(k, ep, true) }
func (l *lib) Dial(k perf.Kind, ep string) (perf.Socket, error)   { return l.open(k, ep, false) }
func (l *lib) Term() error                                        { return l.ctx.Term() }

func main() {
	ctx, err := zmq4.NewContext()
	if err != nil {
		panic(err)
	}
	// libzmq caps a context at 1023 sockets; the scale run needs more.
	_ = ctx.SetMaxSockets(4096)
	perf.Main(&lib{ctx})
}
