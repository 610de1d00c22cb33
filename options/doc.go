// Package options is libzmq's options_t: a socket's settings (Options, with libzmq's defaults
// and the security setters' rules), the socket-type enum (Type, with the ZMTP names and the
// compatibility table the handshake checks), the security mechanisms (Mechanism) and the
// ReconnectStop bits. It is the bottom of the library: it imports only the standard library,
// so the socket types, the ZMTP codec, the engine, sessions and transports all read the same
// struct without depending on each other.
//
// Threading rule: an Options value belongs to one goroutine. The socket's goroutine owns the
// live set; every object on another thread (listener, session, engine) gets its own copy
// (Clone) when an endpoint is bound or connected, and only reads it.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package options
