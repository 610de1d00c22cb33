package main

import (
	"os"
	"strings"

	"github.com/zreactor/zmq/internal/kdctest"
)

// gssService is the host-based service both processes of a gssapi cell use.
var gssService = kdctest.DefaultServiceName + "@" + kdctest.DefaultServiceHost

// startKDC starts a private MIT KDC for the GSSAPI section and sets the KRB5_*
// variables every program inherits (the server's keytab, the client's keytab
// and a MEMORY: ccache, so each client takes its ticket from its keytab). It
// returns the function that stops the KDC.
func startKDC() (func(), error) {
	dir, err := os.MkdirTemp("", "zr-bench-kdc-")
	if err != nil {
		return nil, err
	}
	k, err := kdctest.New(dir, kdctest.Options{})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for _, kv := range k.Env() {
		name, value, _ := strings.Cut(kv, "=")
		os.Setenv(name, value)
	}
	return func() {
		_ = k.Close()
		os.RemoveAll(dir)
	}, nil
}
