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
// The session does not know about TCP: the root package hands an active session a function that
// makes its connecter, so this package does not import tcp/ (whose listener makes sessions).
//
// Threading rule: everything runs on the session's I/O thread.
package session
