// Command zr-perf runs the perf roles (see bench/internal/perf) on
// zreactor, github.com/zreactor/zmq, through its public API only.
//
//	zr-perf <local_thr|remote_thr|local_lat|remote_lat|scale_pull|scale_push> <endpoint> <size> <count> [conns]
//
// ZR_CURVE=1 in the environment runs every socket under CURVE with fixed
// test keys (curve.go): the binding side is the server. ZR_GSSAPI=1 runs it
// under GSSAPI (gssapi.go), with the credentials the KRB5_* variables name.
package main

import (
	"os"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"time"

	zmq "github.com/zreactor/zmq"

	"github.com/zreactor/zmq/bench/internal/perf"
)

type lib struct{ ctx *zmq.Context }

// sock receives the way libzmq's perf programs do with zmq_msg_recv into one zmq_msg_t:
// RecvMsgInto frees the previous frame (Msg.Free, zmq_msg_close's counterpart) as it receives
// the next, as perf.Socket allows, so big frames recycle their buffers and no size allocates.
//
// It is a perf.InPlace too: SendNew builds the frame in a pooled body (Msg.InitSize, left
// unset as zmq_msg_init_size leaves it) and Echo sends the received Msg back, so zreactor
// runs the calls the C programs make.
type sock struct {
	s   *zmq.Socket
	m   zmq.Msg // the frame last received
	out zmq.Msg // the frame being sent
}

func (s *sock) Send(b []byte) error { return s.s.Send(b, 0) }

func (s *sock) SendNew(n int) error {
	s.out.InitSize(n)
	return s.s.SendMsg(&s.out, 0)
}

func (s *sock) Echo() error { return s.s.SendMsg(&s.m, 0) }

func (s *sock) Recv() ([]byte, error) {
	if err := s.s.RecvMsgInto(&s.m, 0); err != nil {
		return nil, err
	}
	return s.m.Bytes(), nil
}

func (s *sock) Close() error { return s.s.Close() }

var types = map[perf.Kind]zmq.SocketType{perf.Pull: zmq.PULL, perf.Push: zmq.PUSH, perf.Req: zmq.REQ, perf.Rep: zmq.REP}

func (l *lib) open(k perf.Kind, ep string, bind bool) (perf.Socket, error) {
	s, err := l.ctx.NewSocket(types[k])
	if err != nil {
		return nil, err
	}
	// ZR_RCVHWM=n and ZR_SNDHWM=n set RCVHWM and SNDHWM, for measuring memory and ramp-up
	// against queue depth.
	for env, set := range map[string]func(int) error{"ZR_RCVHWM": s.SetRcvHWM, "ZR_SNDHWM": s.SetSndHWM} {
		if hwm, err := strconv.Atoi(os.Getenv(env)); err == nil {
			if err := set(hwm); err != nil {
				s.Close()
				return nil, err
			}
		}
	}
	if curveOn() {
		if err := setupCurve(s, bind); err != nil {
			s.Close()
			return nil, err
		}
	}
	if gssapiOn() {
		if err := setupGSSAPI(s, bind); err != nil {
			s.Close()
			return nil, err
		}
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
	return &sock{s: s}, nil
}

func (l *lib) Listen(k perf.Kind, ep string) (perf.Socket, error) { return l.open(k, ep, true) }
func (l *lib) Dial(k perf.Kind, ep string) (perf.Socket, error)   { return l.open(k, ep, false) }
func (l *lib) Term() error                                        { return l.ctx.Close() }

func main() {
	// ZR_CPUPROFILE=file writes a CPU profile of the whole run, for looking at the hot path.
	if path := os.Getenv("ZR_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	// ZR_TRACE=file writes a runtime execution trace (scheduler and syscall events).
	if path := os.Getenv("ZR_TRACE"); path != "" {
		f, err := os.Create(path)
		if err == nil && trace.Start(f) == nil {
			defer trace.Stop()
		}
	}
	var opts []zmq.ContextOption
	// ZR_SPIN_US=n turns on zmq.SpinWait, for measuring it side by side.
	if us, err := strconv.Atoi(os.Getenv("ZR_SPIN_US")); err == nil && us > 0 {
		opts = append(opts, zmq.SpinWait(time.Duration(us)*time.Microsecond))
	}
	// ZR_RAISE_PROCS=1 turns on zmq.RaiseGOMAXPROCS, for measuring it side by side.
	if os.Getenv("ZR_RAISE_PROCS") == "1" {
		opts = append(opts, zmq.RaiseGOMAXPROCS())
	}
	ctx, err := zmq.NewContext(opts...)
	if err != nil {
		panic(err)
	}
	perf.Main(&lib{ctx})
}
