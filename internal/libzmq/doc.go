//go:build cgo

// Package libzmq is a test-only cgo wrapper of the few libzmq calls that
// zreactor's interoperability tests need: contexts, sockets, options,
// bind/connect, single-frame and multipart send/recv, message properties,
// socket monitors, and for security interop zmq_curve_keypair,
// zmq_curve_public, Z85 and a libzmq-side ZAP handler (a libzmq REP socket
// served by a goroutine with a Go decision function). It links the system libzmq (Debian: libzmq3-dev).
//
// Role in the architecture: none at run time. It is imported only by
// *_test.go files, so that a test can put a real libzmq peer on the other
// end of a zreactor socket; TestNoProductionImports enforces that.
//
// Every file, tests included, is built only with cgo (//go:build cgo), so
// with CGO_ENABLED=0, or without a C compiler and libzmq, the package is
// left out of ./... rather than failing the build.
//
// Threading rule: libzmq's own. A Context may be shared; a Socket must be
// used by one goroutine at a time (moving it between goroutines is fine,
// a cgo call is a full barrier). Errors wrap syscall.Errno, including
// libzmq's own numbers (ETERM, EFSM, ...), so errors.Is works with
// syscall.EAGAIN and friends. Blocking calls retry EINTR.
//
// Like everything under internal/, this package is the library's machinery
// and carries no compatibility promise: applications import only the root
// package github.com/zreactor/zmq and auth/. It has no rank in the root
// package's layering test, which checks that no package imports it.
package libzmq
