package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/auth"
)

// Exit statuses.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// run is the whole program, for main and for the tests: it returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "keygen" {
		return keygen(args[1:], stdout, stderr)
	}
	cfg, err := parseArgs(args, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case err != nil:
		return exitUsage
	}
	err = cat(ctx, cfg, stdin, stdout, stderr)
	switch {
	case err == nil:
		return exitOK
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "zmqcat: %v\n", err)
		return exitFailure
	}
}

// cat sets up the context and the socket, moves messages as the socket type wants, and tears
// everything down, printing events and statistics if asked.
func cat(ctx context.Context, cfg *config, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	zctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	var monitored sync.WaitGroup
	var authenticator *auth.Authenticator
	defer func() {
		// The monitor channel closes once the socket's teardown is over, which Context.Close
		// waits for.
		zctx.Close()
		monitored.Wait()
		// Only now: a closed socket's listener accepts until its teardown is over, and a CURVE
		// server with no ZAP handler lets everyone in (as libzmq's does).
		if authenticator != nil {
			authenticator.Close()
		}
	}()

	if cfg.curveAllow != "" {
		if authenticator, err = auth.New(zctx); err != nil {
			return err
		}
		if err := authenticator.AllowCurveCertificates("*", cfg.curveAllow); err != nil {
			return err
		}
	}

	s, err := zctx.NewSocket(cfg.typ)
	if err != nil {
		return err
	}
	defer s.Close()
	if cfg.monitor {
		events, err := s.Monitor(zmq.EventAll)
		if err != nil {
			return err
		}
		monitored.Add(1)
		go func() {
			defer monitored.Done()
			for e := range events {
				fmt.Fprintf(stderr, "event: %v\n", e)
			}
		}()
	}
	if err := setup(s, cfg); err != nil {
		return err
	}
	if cfg.stats {
		defer func() {
			b, _ := json.Marshal(s.Stats())
			fmt.Fprintf(stderr, "stats: %s\n", b)
		}()
	}

	in := newInput(cfg, stdin)
	defer in.stop()
	out := newOutput(cfg, stdout)
	switch cfg.typ {
	case zmq.PUSH, zmq.PUB:
		return sendAll(ctx, s, cfg, in)
	case zmq.PULL, zmq.SUB:
		return recvAll(ctx, s, cfg, out)
	case zmq.REQ:
		return request(ctx, s, cfg, in, out)
	case zmq.REP:
		return reply(ctx, s, cfg, in, out)
	default:
		return duplex(ctx, s, cfg, in, out)
	}
}

// setup applies the options, then binds and connects.
func setup(s *zmq.Socket, cfg *config) error {
	linger := time.Duration(-1)
	switch {
	case cfg.lingerSet:
		linger = cfg.linger
	case cfg.timeout > 0:
		linger = cfg.timeout
	}
	if err := s.SetLinger(linger); err != nil {
		return err
	}
	if cfg.identity != "" {
		if err := s.SetRoutingID([]byte(cfg.identity)); err != nil {
			return fmt.Errorf("--identity: %w", err)
		}
	}
	if cfg.timeout > 0 {
		if err := s.SetSndTimeo(cfg.timeout); err != nil {
			return err
		}
	}
	if err := setupCurve(s, cfg); err != nil {
		return err
	}
	if cfg.typ == zmq.SUB || cfg.typ == zmq.XSUB {
		topics := cfg.subscribe
		if len(topics) == 0 && cfg.typ == zmq.SUB {
			topics = []string{""} // a SUB that subscribes to nothing receives nothing
		}
		for _, t := range topics {
			if err := s.SetSubscribe([]byte(t)); err != nil {
				return err
			}
		}
	}
	for _, ep := range cfg.binds {
		if err := s.Bind(ep); err != nil {
			return err
		}
	}
	for _, ep := range cfg.connects {
		if err := s.Connect(ep); err != nil {
			return err
		}
	}
	return nil
}

// errTimeout is the error of a --timeout that ran out.
type errTimeout struct {
	what string
	d    time.Duration
}

func (e *errTimeout) Error() string { return fmt.Sprintf("timeout: %s within %v", e.what, e.d) }

// recv receives one whole message, waiting at most cfg.timeout (if set).
func recv(ctx context.Context, s *zmq.Socket, cfg *config) ([][]byte, error) {
	if cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, cfg.timeout, &errTimeout{"nothing received", cfg.timeout})
		defer cancel()
	}
	frames, err := s.RecvMultiContext(ctx, 0)
	if err != nil && ctx.Err() != nil {
		if cause := context.Cause(ctx); cause != nil {
			return nil, cause
		}
	}
	return frames, err
}

// send sends one message, giving up after cfg.timeout (SNDTIMEO) or when ctx is done.
func send(ctx context.Context, s *zmq.Socket, cfg *config, frames [][]byte) error {
	err := s.SendMultiContext(ctx, frames, 0)
	if errors.Is(err, zmq.ErrAgain) && cfg.timeout > 0 {
		return &errTimeout{"could not send", cfg.timeout}
	}
	return err
}

// done reports whether n messages complete the count.
func (cfg *config) done(n int) bool { return cfg.count > 0 && n >= cfg.count }

// sendAll sends the input (PUSH, PUB).
func sendAll(ctx context.Context, s *zmq.Socket, cfg *config, in *input) error {
	for n := 0; !cfg.done(n); n++ {
		frames, err := in.next(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := send(ctx, s, cfg, frames); err != nil {
			return err
		}
	}
	return nil
}

// recvAll prints what arrives (PULL, SUB).
func recvAll(ctx context.Context, s *zmq.Socket, cfg *config, out *output) error {
	for n := 0; !cfg.done(n); n++ {
		frames, err := recv(ctx, s, cfg)
		if err != nil {
			return err
		}
		if err := out.print(frames); err != nil {
			return err
		}
	}
	return nil
}

// request sends each input message and prints its reply (REQ).
func request(ctx context.Context, s *zmq.Socket, cfg *config, in *input, out *output) error {
	for n := 0; !cfg.done(n); n++ {
		frames, err := in.next(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := send(ctx, s, cfg, frames); err != nil {
			return err
		}
		rep, err := recv(ctx, s, cfg)
		if err != nil {
			return err
		}
		if err := out.print(rep); err != nil {
			return err
		}
	}
	return nil
}

// reply prints each request and answers it with the next input message, or with the request
// itself once the input is over (REP).
func reply(ctx context.Context, s *zmq.Socket, cfg *config, in *input, out *output) error {
	echo := false
	for n := 0; !cfg.done(n); n++ {
		req, err := recv(ctx, s, cfg)
		if err != nil {
			return err
		}
		if err := out.print(req); err != nil {
			return err
		}
		rep := req
		if !echo {
			switch frames, err := in.next(ctx); {
			case err == io.EOF:
				echo = true
			case err != nil:
				return err
			default:
				rep = frames
			}
		}
		if err := send(ctx, s, cfg, rep); err != nil {
			return err
		}
	}
	return nil
}

// duplex sends the input and prints what arrives, both at once (PAIR, DEALER, ROUTER, XPUB,
// XSUB, STREAM). The socket stays on this goroutine: a wait for a message is cut short when an
// input message comes, which is then sent.
func duplex(ctx context.Context, s *zmq.Socket, cfg *config, in *input, out *output) error {
	inputDone := false
	for n := 0; !cfg.done(n); {
		wait, wake := context.WithCancel(ctx)
		var got [][]byte
		var gotErr error
		woken := make(chan struct{})
		if !inputDone {
			go func() {
				defer close(woken)
				got, gotErr = in.next(wait)
				wake() // stop the receive below: there is something to send
			}()
		} else {
			close(woken)
		}
		frames, err := recv(wait, s, cfg)
		wake()
		<-woken // got and gotErr are set, or the wait was cut
		switch {
		case err == nil:
			if err := out.print(frames); err != nil {
				return err
			}
			n++
		case ctx.Err() != nil:
			return err
		case wait.Err() == nil || !errors.Is(err, context.Canceled):
			return err // a real error, or the --timeout
		}
		switch {
		case got != nil:
			if err := send(ctx, s, cfg, got); err != nil {
				return err
			}
		case gotErr == io.EOF:
			inputDone = true
		case gotErr != nil && !errors.Is(gotErr, context.Canceled):
			return gotErr
		}
	}
	return nil
}
