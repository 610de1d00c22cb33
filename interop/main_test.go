//go:build cgo

// Package interop_test holds the tests that put a real libzmq 4.3 peer (the cgo helper
// internal/libzmq) on the other end of one of our sockets: interop proper, and the security
// cases that run every hostile client against libzmq's server and ours. They use only the root
// package's public API and the shared test helpers (internal/testutil, internal/zmtptest).
//
// Every file is built only with cgo, so with CGO_ENABLED=0 (or on a machine without a C
// compiler and libzmq3-dev) the package is simply left out, and the rest of the module still
// builds, vets and tests; `make test` runs it with cgo on. Nothing imports it.
package interop_test

import (
	"testing"

	"github.com/zreactor/zmq/internal/kdctest"
	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m, kdctest.StopShared) }
