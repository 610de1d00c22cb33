// Package socket holds the behaviour of every classic socket type (libzmq's pair_t, pub_t, sub_t,
// xpub_t, xsub_t, push_t, pull_t, req_t, rep_t, dealer_t, router_t, stream_t) and the routing
// strategies they are built from: load balancing (lb), fair queuing (fq), distribution (dist), and
// the subscription tries (trie for SUB/XSUB, mtrie for PUB/XPUB).
//
// A socket type is an Impl: the root package's Socket (libzmq's socket_base_t) owns the pipes'
// lifecycle, blocking, the mailbox and the endpoints, and calls the Impl's hooks. Everything a
// socket type sees arrives as a pipe.Pipe, whether the peer is inproc or a TCP session, and
// it reads its settings from the socket's live options.Options. Nothing below the root
// package imports this one: sessions, engines and transports need only options/.
//
// Threading rule: an Impl and the strategies inside it are used by the socket's own goroutine
// only, the same goroutine that is home to the socket's pipe ends; nothing here locks.
//
// Socket types store their per-pipe bookkeeping (positions in the strategies' pipe arrays, the
// routing-id entry) in pipe.Pipe.Data, which therefore belongs to this package on socket-side pipes.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package socket
