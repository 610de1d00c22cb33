// Package perf holds the four roles of libzmq's perf programs (local_thr,
// remote_thr, local_lat, remote_lat) and the connection-scale pair
// (scale_pull, scale_push) once, written against a tiny socket interface, so
// that every Go library under test (zreactor, pebbe/zmq4, go-zeromq/zmq4)
// is measured by the same code. Each library's command is a thin adapter
// that calls Main.
//
// Output protocol, shared with the C programs in bench/c: a binding role
// prints "ready" once bound, and every role ends with one line
// "result key=value ..." on stdout. Everything runs on the main goroutine.
package perf
