package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/zreactor/zmq"
)

// keygen makes a CURVE key pair: printed, or saved as certificate files with --cert.
func keygen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zmqcat keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	certPath := fs.String("cert", "", "save the key pair as the certificate files `PATH` (public) and PATH_secret (secret), "+
		"as czmq and pyzmq do: PATH=dir/name.key makes name.key and name.key_secret")
	var meta stringList
	fs.Var(&meta, "meta", "certificate metadata `NAME=VALUE` (repeatable; with --cert)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: zmqcat keygen [--cert PATH] [--meta NAME=VALUE]...")
		fmt.Fprintln(stderr, "\nPrints a new CURVE key pair in Z85, or saves it as certificate files.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zmqcat keygen: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if len(meta) > 0 && *certPath == "" {
		fmt.Fprintln(stderr, "zmqcat keygen: --meta goes with --cert")
		return exitUsage
	}
	cert, err := zmq.NewCertificate()
	if err != nil {
		fmt.Fprintf(stderr, "zmqcat keygen: %v\n", err)
		return exitFailure
	}
	if *certPath == "" {
		fmt.Fprintf(stdout, "public-key = %s\nsecret-key = %s\n", cert.PublicKey, cert.SecretKey)
		return exitOK
	}
	for _, m := range meta {
		name, value, ok := strings.Cut(m, "=")
		if !ok || name == "" {
			fmt.Fprintf(stderr, "zmqcat keygen: --meta %q is not NAME=VALUE\n", m)
			return exitUsage
		}
		if cert.Metadata == nil {
			cert.Metadata = make(map[string]string)
		}
		cert.Metadata[name] = value
	}
	if err := cert.Save(*certPath); err != nil {
		fmt.Fprintf(stderr, "zmqcat keygen: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "public-key = %s\nwrote %s and %s_secret\n", cert.PublicKey, *certPath, *certPath)
	return exitOK
}
