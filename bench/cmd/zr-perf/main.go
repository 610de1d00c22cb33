// Command zr-perf runs the perf roles (see bench/internal/perf) on
// zreactor, github.com/zreactor/zmq, through its public API only.
//
//	zr-perf <local_thr|remote_thr|local_lat|remote_lat|scale_pull|scale_push> <endpoint> <size> <count> [conns]
//	zr-perf <inproc_thr|pull_thr|push_thr|rr_server|rr_client|pub_fan|sub_fan|proxy> <endpoint> <size> <count> <n> <endpoint2|->
//
// The second form runs the pattern roles of patterns.go, driven by the same environment
// switches as the C programs (bench/c/pattern.h).
//
// ZR_CURVE=1 in the environment runs every socket under CURVE with fixed
// test keys (curve.go): the binding side is the server. ZR_GSSAPI=1 runs it
// under GSSAPI (gssapi.go), with the credentials the KRB5_* variables name.
package main

import (
	"fmt"
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

// runPattern runs one of the pattern roles (patterns.go) and prints its result line, as
// perf.Main does for the matrix roles.
func runPattern(ctx *zmq.Context, role func(*zmq.Context, patternArgs) (string, error)) {
	a, err := parsePatternArgs(os.Args[2:])
	if err == nil {
		var res string
		if res, err = role(ctx, a); err == nil {
			if err = ctx.Close(); err == nil {
				fmt.Printf("result %s peak_rss_kib=%d\n", res, perf.PeakRSSKiB())
				return
			}
		}
	}
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

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
	// ZR_WAITS=kernel|scheduler forces zmq.SchedulerWaits, for measuring both side by side.
	switch os.Getenv("ZR_WAITS") {
	case "kernel":
		opts = append(opts, zmq.SchedulerWaits(false))
	case "scheduler":
		opts = append(opts, zmq.SchedulerWaits(true))
	}
	// ZR_IO_THREADS=n sets the context's I/O threads (default 1), as the C programs do.
	if n, err := strconv.Atoi(os.Getenv("ZR_IO_THREADS")); err == nil {
		opts = append(opts, zmq.IOThreads(n))
	}
	ctx, err := zmq.NewContext(opts...)
	if err != nil {
		panic(err)
	}
	if len(os.Args) > 1 && patternRoles[os.Args[1]] != nil {
		runPattern(ctx, patternRoles[os.Args[1]])
		return
	}
	perf.Main(&lib{ctx})
}
