// Package session is libzmq's session_base_t: the bridge between a socket's pipe and a
// connection's engine, living on an I/O thread.
//
// An active session (made by Connect) owns a connecter and starts a new one, after the
// reconnect interval, whenever its engine fails with a connection or timeout error; its pipe,
// with the messages queued in it, survives reconnects unless ZMQ_IMMEDIATE is set. A passive
// session (made by a listener for an accepted connection) ends with its connection. The pipe to
// the socket is created when the connection's handshake completes, or at Connect time when
// ZMQ_IMMEDIATE is off. On termination the session keeps its engine sending queued messages
// for up to the linger period.
//
// The session does not know about TCP or the context: the root package hands it, in its
// Config, a function that makes an active session's connecter (so this package does not
// import tcp/, whose listener makes sessions) and one that connects it to the context's ZAP
// handler. It hands the socket its pipe with a counted bind (object.Counted), and reaches
// nothing else of the socket.
//
// Files: session.go (the type and its lifecycle), session_engine.go (the session and its
// engine, reconnection), session_pipe.go (the pipe to the socket), session_term.go
// (termination and linger), session_zap.go (the pipe to the ZAP handler).
//
// Threading rule: everything runs on the session's I/O thread, including the ZapConnect
// function it is given.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package session
