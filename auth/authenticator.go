package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/zreactor/zmq"
)

// Endpoint is where ZAP handlers bind (RFC 27) and where server sockets send their requests.
const Endpoint = "inproc://zeromq.zap.01"

// Authenticator is a ZAP handler serving the server sockets of one context. Its methods are
// safe for concurrent use.
type Authenticator struct {
	log  *slog.Logger
	stop context.CancelFunc
	done chan struct{} // closed when the serving goroutine has closed its socket and returned

	mu  sync.RWMutex // guards pol; the serving goroutine holds it for reading per request
	pol policy

	err error // why serving ended, if not by Close or context termination; read after done
}

// Option configures New.
type Option func(*config)

type config struct {
	log *slog.Logger
}

// WithLogger makes the Authenticator log through l: each refusal at Info, each acceptance at
// Debug, malformed requests at Warn, and its start and stop at Debug. Every decision record
// carries the status code, reason, domain, address, mechanism and user (the PLAIN username or
// the CURVE key, never a password). Without it nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.log = l }
}

// New binds a ZAP handler at Endpoint in ctx and serves requests on its own goroutine until
// Close or until ctx is closed. It fails if ctx is closed or another handler is bound there
// (zmq.ErrAddrInUse).
func New(ctx *zmq.Context, opts ...Option) (*Authenticator, error) {
	cfg := config{log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.log == nil {
		cfg.log = slog.New(slog.DiscardHandler)
	}
	s, err := openHandler(ctx)
	if err != nil {
		return nil, err
	}
	stopCtx, stop := context.WithCancel(context.Background())
	a := &Authenticator{log: cfg.log, stop: stop, done: make(chan struct{}), pol: newPolicy()}
	a.log.Debug("ZAP handler started", "endpoint", Endpoint)
	go a.serve(stopCtx, s)
	return a, nil
}

// openHandler creates the REP socket and binds it. Linger 0: replies to servers that went away
// must not hold up Context.Close.
func openHandler(ctx *zmq.Context) (*zmq.Socket, error) {
	s, err := ctx.NewSocket(zmq.REP)
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	if err := s.SetLinger(0); err != nil {
		s.Close()
		return nil, fmt.Errorf("auth: %w", err)
	}
	if err := s.Bind(Endpoint); err != nil {
		s.Close()
		return nil, fmt.Errorf("auth: bind %s: %w", Endpoint, err)
	}
	return s, nil
}

// Close stops serving, closes the handler socket and waits for the goroutine to end. Requests
// still queued are not answered, so those handshakes do not complete. Close returns the error
// that had stopped serving earlier, if any (closing the context is not an error); later calls
// return the same. After Close, server sockets find no handler: see the package documentation
// for what each mechanism then does.
func (a *Authenticator) Close() error {
	a.stop()
	<-a.done
	return a.err
}

// isNormalEnd tells the ends of serving that are not errors: our Close, or Context.Close.
func isNormalEnd(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, zmq.ErrTerminated)
}
