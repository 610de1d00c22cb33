package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zreactor/zmq"
)

// config is a parsed command line.
type config struct {
	typ      zmq.SocketType
	binds    []string
	connects []string

	subscribe []string // SUB, XSUB topics
	sends     []string // messages given with --send; nil: read stdin
	delim     string   // frame separator within a line; "" for a frame per line
	count     int      // messages to handle before exiting; 0: no limit
	timeout   time.Duration
	linger    time.Duration
	lingerSet bool
	identity  string
	monitor   bool // print monitor events on stderr
	stats     bool // print the socket's statistics on stderr at exit

	curveServer     bool
	curveCert       string // a secret certificate: this socket's key pair
	curveSecretKey  string
	curvePublicKey  string
	curveServerKey  string
	curveServerCert string // the server's public certificate
	curveAllow      string // a directory of client certificates to allow
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// socketTypes are the socket types by their names on the command line.
var socketTypes = map[string]zmq.SocketType{
	"pair": zmq.PAIR, "pub": zmq.PUB, "sub": zmq.SUB, "req": zmq.REQ, "rep": zmq.REP,
	"dealer": zmq.DEALER, "router": zmq.ROUTER, "pull": zmq.PULL, "push": zmq.PUSH,
	"xpub": zmq.XPUB, "xsub": zmq.XSUB, "stream": zmq.STREAM,
}

const usageHead = `usage: zmqcat TYPE (--bind|--connect) ENDPOINT [flags]
       zmqcat keygen [--cert PATH] [--meta NAME=VALUE]...

TYPE is one of pair, pub, sub, req, rep, dealer, router, pull, push, xpub, xsub, stream.
Endpoints are tcp://HOST:PORT ("*" as the port binds a free one), inproc://NAME (within this
process only, hardly useful here) and what else the library supports. Messages come from
--send or stdin, one per line, and are printed one frame per line (see --delim).

flags (one dash or two):
`

// errUsage marks errors that call for the usage text and exit status 2.
var errUsage = errors.New("usage")

// parseArgs parses the command line of a socket run (not keygen).
func parseArgs(args []string, stderr io.Writer) (*config, error) {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageHead)
		return nil, errUsage
	}
	name := strings.ToLower(args[0])
	typ, ok := socketTypes[name]
	if !ok {
		if name == "-h" || name == "--help" || name == "-help" || name == "help" {
			fs, _ := newFlagSet(&config{}, stderr)
			fs.Usage()
			return nil, flag.ErrHelp
		}
		fmt.Fprintf(stderr, "zmqcat: unknown socket type %q\n", args[0])
		return nil, errUsage
	}
	cfg := &config{typ: typ}
	fs, lists := newFlagSet(cfg, stderr)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, errUsage
	}
	cfg.binds, cfg.connects, cfg.subscribe = lists.binds, lists.connects, lists.subscribe
	if lists.sends != nil {
		cfg.sends = lists.sends
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "linger" {
			cfg.lingerSet = true
		}
	})
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zmqcat: unexpected argument %q (endpoints go after --bind or --connect)\n", fs.Arg(0))
		return nil, errUsage
	}
	if len(cfg.binds)+len(cfg.connects) == 0 {
		fmt.Fprintln(stderr, "zmqcat: give at least one --bind or --connect endpoint")
		return nil, errUsage
	}
	if cfg.count < 0 {
		fmt.Fprintln(stderr, "zmqcat: --count must not be negative")
		return nil, errUsage
	}
	if len(cfg.subscribe) > 0 && typ != zmq.SUB && typ != zmq.XSUB {
		fmt.Fprintf(stderr, "zmqcat: --subscribe is for sub and xsub sockets, not %s\n", name)
		return nil, errUsage
	}
	return cfg, nil
}

// lists collects the repeatable flags.
type lists struct {
	binds, connects, subscribe, sends stringList
}

func newFlagSet(cfg *config, stderr io.Writer) (*flag.FlagSet, *lists) {
	l := &lists{}
	fs := flag.NewFlagSet("zmqcat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usageHead)
		fs.PrintDefaults()
	}
	fs.Var(&l.binds, "bind", "bind the socket to `ENDPOINT` (repeatable)")
	fs.Var(&l.connects, "connect", "connect the socket to `ENDPOINT` (repeatable)")
	fs.Var(&l.subscribe, "subscribe", "sub, xsub: subscribe to messages starting with `TOPIC` (repeatable; default: everything)")
	fs.Var(&l.sends, "send", "send `MESSAGE` instead of reading stdin (repeatable, in order)")
	fs.StringVar(&cfg.delim, "delim", "", "one message per line, its frames separated by `D` (default: one frame per line)")
	fs.IntVar(&cfg.count, "count", 0, "exit after `N` messages received (sent, for push and pub; requests, for req and rep); 0: no limit")
	fs.DurationVar(&cfg.timeout, "timeout", 0, "fail when a message cannot be received or sent within `D` (0: wait forever)")
	fs.DurationVar(&cfg.linger, "linger", 0, "at exit, wait up to `D` for queued messages to go out (default: forever, or the --timeout if given; negative: forever)")
	fs.StringVar(&cfg.identity, "identity", "", "the socket's routing id `ID` (for a router peer)")
	fs.BoolVar(&cfg.monitor, "monitor", false, "print the socket's connection events on stderr")
	fs.BoolVar(&cfg.stats, "stats", false, "print the socket's statistics on stderr, as JSON, at exit")
	fs.BoolVar(&cfg.curveServer, "curve-server", false, "be a CURVE server (needs a secret key: --curve-cert or --curve-secret-key)")
	fs.StringVar(&cfg.curveCert, "curve-cert", "", "this socket's CURVE key pair from a secret certificate `FILE` (czmq or pyzmq format, e.g. name.key_secret)")
	fs.StringVar(&cfg.curveSecretKey, "curve-secret-key", "", "this socket's CURVE secret `KEY` (40 characters of Z85)")
	fs.StringVar(&cfg.curvePublicKey, "curve-public-key", "", "this socket's CURVE public `KEY` (default: derived from the secret key)")
	fs.StringVar(&cfg.curveServerKey, "curve-server-key", "", "be a CURVE client of the server with public `KEY` (a key pair of our own is made up if none is given)")
	fs.StringVar(&cfg.curveServerCert, "curve-server-cert", "", "be a CURVE client of the server whose public certificate is `FILE` (e.g. server.key)")
	fs.StringVar(&cfg.curveAllow, "curve-allow", "", "CURVE server: let in only the clients with a certificate in `DIR` (e.g. a pyzmq public_keys directory)")
	return fs, l
}
