// Command zmqcat sends and receives ZeroMQ messages from the shell, on any socket type, like
// cat for a socket:
//
//	zmqcat TYPE (--bind|--connect) ENDPOINT [flags]
//	zmqcat keygen [--cert PATH] [--meta NAME=VALUE]...
//
// For example, one terminal receives three messages and exits:
//
//	zmqcat pull --bind tcp://127.0.0.1:5555 --count 3
//
// and another sends them, one line each:
//
//	printf 'one\ntwo\nthree\n' | zmqcat push --connect tcp://127.0.0.1:5555
//
// What it does depends on the socket type: PUSH and PUB send the input; PULL and SUB print
// what they receive; REQ sends each input message and prints its reply; REP prints each request
// and answers it with the next input message (echoing the request once the input is over);
// PAIR, DEALER, ROUTER, XPUB, XSUB and STREAM do both at once.
//
// Messages: without --delim every line is one frame. Received messages print a frame per line,
// and a multipart message is followed by an empty line, which marks where it ends; every
// input line is sent as a message of one frame. With --delim D every line is one whole
// message, its frames separated by D, both ways: "zmqcat router --delim '|'" prints
// "<id>|<body>" and sends "<id>|<reply>" lines back. Input comes from --send (repeatable; then
// stdin is not read) or from stdin, one message per line.
//
// zmqcat exits 0 when it has done its count (or its input is over, for types that only send),
// 1 with a message on stderr when something failed (including a --timeout), 2 on a usage
// error, and 130 when interrupted (SIGINT, SIGTERM).
//
// Run zmqcat -h for every flag.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
