package main

// The pattern roles, zreactor's side of the C programs in bench/c (pattern.h describes
// the arguments and the environment switches; each role's comment there describes what it
// does): inproc_thr, pull_thr, push_thr, rr_server, rr_client, pub_fan, sub_fan and proxy.
// They use the public API only, plain (Send and Recv, ZR_API=plain) or through Msg
// (InitSize and SendMsg, RecvMsgInto into one reused Msg), as the C programs use zmq_send
// and zmq_recv or zmq_msg_t.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	zmq "github.com/zreactor/zmq"

	"github.com/zreactor/zmq/bench/internal/perf"
)

// patternArgs are <endpoint> <size> <count> <n> <endpoint2>.
type patternArgs struct {
	ep    string
	size  int
	count int
	n     int
	ep2   string
}

var patternRoles = map[string]func(*zmq.Context, patternArgs) (string, error){
	"inproc_thr": inprocThr,
	"pull_thr":   pullThr,
	"push_thr":   pushThr,
	"rr_server":  rrServer,
	"rr_client":  rrClient,
	"pub_fan":    pubFan,
	"sub_fan":    subFan,
	"proxy":      proxyRole,
}

func parsePatternArgs(argv []string) (patternArgs, error) {
	if len(argv) < 5 {
		return patternArgs{}, errors.New("usage: <role> <endpoint> <size> <count> <n> <endpoint2|->")
	}
	a := patternArgs{ep: argv[0], ep2: argv[4]}
	var err error
	if a.size, err = strconv.Atoi(argv[1]); err != nil || a.size < 0 {
		return a, fmt.Errorf("bad size %q", argv[1])
	}
	if a.count, err = strconv.Atoi(argv[2]); err != nil || a.count < 1 {
		return a, fmt.Errorf("bad count %q", argv[2])
	}
	if a.n, err = strconv.Atoi(argv[3]); err != nil || a.n < 1 {
		return a, fmt.Errorf("bad n %q", argv[3])
	}
	return a, nil
}

func envIs(name, want string) bool { return os.Getenv(name) == want }

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

// newSocket makes a socket of type t attached to ep: bound when bind is set and ZR_CONNECT=1
// is not, connected otherwise.
func newSocket(ctx *zmq.Context, t zmq.SocketType, ep string, bind bool) (*zmq.Socket, error) {
	s, err := ctx.NewSocket(t)
	if err != nil {
		return nil, err
	}
	if bind && !envIs("ZR_CONNECT", "1") {
		err = s.Bind(ep)
	} else {
		err = s.Connect(ep)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// cpuNS is the CPU time (user + system) of the whole process so far.
func cpuNS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// port sends and receives frames through either API: one buffer to send from with
// ZR_API=plain, else a Msg built with InitSize per frame and one Msg received into.
type port struct {
	s     *zmq.Socket
	plain bool
	buf   []byte
	in    zmq.Msg
	out   zmq.Msg
}

func newPort(s *zmq.Socket, size int) *port {
	p := &port{s: s, plain: envIs("ZR_API", "plain"), buf: make([]byte, max(size, 2))}
	for i := range p.buf {
		p.buf[i] = 'x'
	}
	return p
}

// send sends a frame of size bytes starting with head.
func (p *port) send(size int, head string, flags zmq.Flag) error {
	if p.plain {
		copy(p.buf, head)
		return p.s.Send(p.buf[:size], flags)
	}
	copy(p.out.InitSize(size), head)
	return p.s.SendMsg(&p.out, flags)
}

// recv receives one frame; with ZR_API=plain the slice is the caller's to keep, as Recv's
// always is, otherwise it is valid until the next recv.
func (p *port) recv() ([]byte, error) {
	if p.plain {
		return p.s.Recv(0)
	}
	if err := p.s.RecvMsgInto(&p.in, 0); err != nil {
		return nil, err
	}
	return p.in.Bytes(), nil
}

func (p *port) more() bool {
	if p.plain {
		return p.s.RcvMore()
	}
	return p.in.More()
}

func (p *port) recvSized(size int) ([]byte, error) {
	b, err := p.recv()
	if err == nil && len(b) != size {
		err = fmt.Errorf("frame of %d bytes, want %d", len(b), size)
	}
	return b, err
}

func (p *port) free() {
	p.in.Free()
	p.out.Free()
}

func inprocThr(ctx *zmq.Context, a patternArgs) (string, error) {
	pull, err := newSocket(ctx, zmq.PULL, a.ep, true)
	if err != nil {
		return "", err
	}
	defer pull.Close()
	push, err := newSocket(ctx, zmq.PUSH, a.ep, false)
	if err != nil {
		return "", err
	}
	sent := make(chan error, 1)
	go func() {
		defer push.Close()
		p := newPort(push, a.size)
		defer p.free()
		for range a.count {
			if err := p.send(a.size, "", 0); err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()
	p := newPort(pull, a.size)
	defer p.free()
	if _, err := p.recvSized(a.size); err != nil {
		return "", err
	}
	start, cpu0 := time.Now(), cpuNS()
	for i := 1; i < a.count; i++ {
		if _, err := p.recvSized(a.size); err != nil {
			return "", err
		}
	}
	el, cpu := max(time.Since(start), 1), cpuNS()-cpu0
	if err := <-sent; err != nil {
		return "", err
	}
	return fmt.Sprintf("role=inproc_thr size=%d count=%d elapsed_ns=%d msgs_per_s=%.0f cpu_ns_per_msg=%.0f",
		a.size, a.count, el.Nanoseconds(), float64(a.count)/el.Seconds(), float64(cpu)/float64(a.count)), nil
}

func pullThr(ctx *zmq.Context, a patternArgs) (string, error) {
	s, err := newSocket(ctx, zmq.PULL, a.ep, true)
	if err != nil {
		return "", err
	}
	defer s.Close()
	frames := envInt("ZR_FRAMES", 1)
	p := newPort(s, a.size)
	defer p.free()
	recvMessage := func() error {
		for f := range frames {
			if _, err := p.recvSized(a.size); err != nil {
				return err
			}
			if p.more() != (f < frames-1) {
				return fmt.Errorf("frame %d of %d: bad more flag", f+1, frames)
			}
		}
		return nil
	}
	perf.Ready()
	if err := recvMessage(); err != nil {
		return "", err
	}
	start, cpu0 := time.Now(), cpuNS()
	for i := 1; i < a.count; i++ {
		if err := recvMessage(); err != nil {
			return "", err
		}
	}
	el, cpu := max(time.Since(start), 1), cpuNS()-cpu0
	return fmt.Sprintf("role=pull_thr size=%d count=%d frames=%d elapsed_ns=%d msgs_per_s=%.0f cpu_ns_per_msg=%.0f",
		a.size, a.count, frames, el.Nanoseconds(), float64(a.count)/el.Seconds(), float64(cpu)/float64(a.count)), nil
}

func pushThr(ctx *zmq.Context, a patternArgs) (string, error) {
	s, err := newSocket(ctx, zmq.PUSH, a.ep, false)
	if err != nil {
		return "", err
	}
	frames := envInt("ZR_FRAMES", 1)
	p := newPort(s, a.size)
	defer p.free()
	for range a.count {
		for f := range frames {
			fl := zmq.Flag(0)
			if f < frames-1 {
				fl = zmq.SndMore
			}
			if err := p.send(a.size, "", fl); err != nil {
				s.Close()
				return "", err
			}
		}
	}
	if err := s.Close(); err != nil {
		return "", err
	}
	return fmt.Sprintf("role=push_thr size=%d count=%d frames=%d", a.size, a.count, frames), nil
}

// perClient is the timed round trips of each of n clients.
func perClient(a patternArgs) int { return max(a.count/a.n, 1) }

func rrServer(ctx *zmq.Context, a patternArgs) (string, error) {
	s, err := newSocket(ctx, zmq.ROUTER, a.ep, true)
	if err != nil {
		return "", err
	}
	defer s.Close()
	total := a.n * (perClient(a) + 1)
	plain := envIs("ZR_API", "plain")
	var msgs [8]zmq.Msg
	var frames [8][]byte
	perf.Ready()
	for range total {
		k := 0
		for more := true; more; k++ {
			if k == len(msgs) {
				return "", fmt.Errorf("message of more than %d frames", len(msgs))
			}
			if plain {
				if frames[k], err = s.Recv(0); err != nil {
					return "", err
				}
				more = s.RcvMore()
			} else {
				if err := s.RecvMsgInto(&msgs[k], 0); err != nil {
					return "", err
				}
				more = msgs[k].More()
			}
		}
		for f := range k {
			fl := zmq.Flag(0)
			if f < k-1 {
				fl = zmq.SndMore
			}
			if plain {
				err = s.Send(frames[f], fl)
			} else {
				err = s.SendMsg(&msgs[f], fl)
			}
			if err != nil {
				return "", err
			}
		}
	}
	return fmt.Sprintf("role=rr_server size=%d count=%d messages=%d", a.size, a.count, total), nil
}

func rrClient(ctx *zmq.Context, a patternArgs) (string, error) {
	per := perClient(a)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, a.n)
	for range a.n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			warm := false
			defer func() {
				if !warm {
					ready.Done()
				}
			}()
			s, err := newSocket(ctx, zmq.DEALER, a.ep, false)
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			p := newPort(s, a.size)
			defer p.free()
			roundTrip := func() error {
				if err := p.send(a.size, "", 0); err != nil {
					return err
				}
				_, err := p.recvSized(a.size)
				return err
			}
			if err := roundTrip(); err != nil {
				errs <- err
				return
			}
			warm = true
			ready.Done()
			<-start
			for range per {
				if err := roundTrip(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	ready.Wait()
	t0, cpu0 := time.Now(), cpuNS()
	close(start)
	done.Wait()
	el, cpu := max(time.Since(t0), 1), cpuNS()-cpu0
	select {
	case err := <-errs:
		return "", err
	default:
	}
	n := per * a.n
	return fmt.Sprintf("role=rr_client size=%d count=%d clients=%d elapsed_ns=%d msgs_per_s=%.0f cpu_ns_per_msg=%.0f",
		a.size, n, a.n, el.Nanoseconds(), float64(n)/el.Seconds(), float64(cpu)/float64(n)), nil
}

// untilReports sends the 2-byte mark head until n reports of kind k came on reports.
func untilReports(p *port, reports *zmq.Socket, head string, n int, k byte) error {
	if err := reports.SetRcvTimeo(time.Millisecond); err != nil {
		return err
	}
	for got := 0; got < n; {
		if err := p.send(2, head, 0); err != nil {
			return err
		}
		for {
			b, err := reports.Recv(0)
			if errors.Is(err, zmq.ErrAgain) {
				break
			}
			if err != nil {
				return err
			}
			if len(b) >= 1 && b[0] == k {
				got++
			}
		}
	}
	return nil
}

func pubFan(ctx *zmq.Context, a patternArgs) (string, error) {
	if a.size < 3 {
		return "", errors.New("size must be >= 3")
	}
	s, err := newSocket(ctx, zmq.PUB, a.ep, true)
	if err != nil {
		return "", err
	}
	defer s.Close()
	reports, err := ctx.NewSocket(zmq.PULL) // bound even behind a proxy: subscribers report here
	if err != nil {
		return "", err
	}
	defer reports.Close()
	if err := reports.Bind(a.ep2); err != nil {
		return "", err
	}
	filter := envIs("ZR_FILTER", "1")
	p := newPort(s, a.size)
	defer p.free()
	perf.Ready()
	if err := untilReports(p, reports, "AH", a.n, 'R'); err != nil {
		return "", err
	}
	t0 := time.Now()
	for i := range a.count {
		head := "AD"
		if filter && i&1 == 1 {
			head = "BD"
		}
		if err := p.send(a.size, head, 0); err != nil {
			return "", err
		}
	}
	el := max(time.Since(t0), 1)
	if err := untilReports(p, reports, "AE", a.n, 'D'); err != nil {
		return "", err
	}
	return fmt.Sprintf("role=pub_fan size=%d count=%d subs=%d send_elapsed_ns=%d sent_per_s=%.0f",
		a.size, a.count, a.n, el.Nanoseconds(), float64(a.count)/el.Seconds()), nil
}

// subResult is what one subscriber of sub_fan saw.
type subResult struct {
	got        int
	first, end time.Time
	err        error
}

func subscriber(ctx *zmq.Context, a patternArgs) (r subResult) {
	s, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		return subResult{err: err}
	}
	defer s.Close()
	topic := []byte{}
	if envIs("ZR_FILTER", "1") {
		topic = []byte("A")
	}
	if err := s.SetSubscribe(topic); err != nil {
		return subResult{err: err}
	}
	if err := s.Connect(a.ep); err != nil {
		return subResult{err: err}
	}
	report, err := newSocket(ctx, zmq.PUSH, a.ep2, false)
	if err != nil {
		return subResult{err: err}
	}
	defer report.Close()
	p := newPort(s, a.size)
	defer p.free()
	saidHello := false
	for {
		b, err := p.recv()
		if err == nil && len(b) != 2 && len(b) != a.size { // data, or a 2-byte mark
			err = fmt.Errorf("frame of %d bytes, want %d", len(b), a.size)
		}
		if err != nil {
			return subResult{err: err}
		}
		switch b[1] {
		case 'D':
			if r.got++; r.got == 1 {
				r.first = time.Now()
			}
		case 'E':
			r.end = time.Now()
			return r.withErr(report.Send([]byte("D"), 0))
		case 'H':
			if !saidHello {
				saidHello = true
				if err := report.Send([]byte("R"), 0); err != nil {
					return subResult{err: err}
				}
			}
		}
	}
}

func (r subResult) withErr(err error) subResult {
	r.err = err
	return r
}

func subFan(ctx *zmq.Context, a patternArgs) (string, error) {
	res := make([]subResult, a.n)
	var wg sync.WaitGroup
	cpu0 := cpuNS()
	for i := range a.n {
		wg.Go(func() { res[i] = subscriber(ctx, a) })
	}
	wg.Wait()
	cpu := cpuNS() - cpu0
	var rates, got float64
	longest := time.Duration(1)
	for _, r := range res {
		if r.err != nil {
			return "", r.err
		}
		el := max(r.end.Sub(r.first), 1)
		longest = max(longest, el)
		rates += float64(r.got) / el.Seconds()
		got += float64(r.got)
	}
	want := float64(a.n * a.count)
	if envIs("ZR_FILTER", "1") {
		want = float64(a.n * ((a.count + 1) / 2))
	}
	perMsg := 0.0
	if got > 0 {
		perMsg = float64(cpu) / got
	}
	return fmt.Sprintf("role=sub_fan size=%d count=%d subs=%d elapsed_ns=%d msgs_per_s=%.0f delivered=%.4f cpu_ns_per_msg=%.0f",
		a.size, a.count, a.n, longest.Nanoseconds(), rates/float64(a.n), got/want, perMsg), nil
}

func proxyRole(ctx *zmq.Context, a patternArgs) (string, error) {
	fe, be := zmq.XSUB, zmq.XPUB
	switch os.Getenv("ZR_PROXY") {
	case "routerdealer":
		fe, be = zmq.ROUTER, zmq.DEALER
	case "xsubxpub":
	default:
		return "", errors.New("ZR_PROXY must be xsubxpub or routerdealer")
	}
	front, err := newSocket(ctx, fe, a.ep, true)
	if err != nil {
		return "", err
	}
	back, err := newSocket(ctx, be, a.ep2, true)
	if err != nil {
		front.Close()
		return "", err
	}
	defer back.Close()
	// The harness stops the proxy by closing its standard input; closing the frontend from
	// another goroutine ends Proxy.
	go func() {
		io.Copy(io.Discard, os.Stdin)
		front.Close()
	}()
	perf.Ready()
	if err := zmq.Proxy(front, back, nil); err != nil && !errors.Is(err, zmq.ErrNotSocket) {
		return "", err
	}
	return "role=proxy", nil
}
