// Package engine is libzmq's stream engine (stream_engine_base_t with zmtp_engine_t and
// raw_engine_t): Stream owns one connected TCP fd on an I/O thread and moves frames between it
// and the session it is attached to, many frames per read(2) and per writev(2).
//
// A ZMTP engine exchanges greetings, runs the security handshake, then carries data, driving
// the pure codec and mechanisms of package zmtp; a raw engine (STREAM sockets, ROUTER_RAW) carries bytes
// with no ZMTP at all. The engine also answers and sends heartbeats (PING/PONG), applies the
// handshake and heartbeat timers, and, when the session lingers, reports when everything it
// took from the session has been written (Drain). When the connection fails it leaves the
// poller, closes its fd, raises the monitor events libzmq raises, and tells the session why
// (Session.EngineError with an ErrorReason), which decides whether to reconnect.
//
// Files follow a connection's life: stream.go (the engine, its configuration, and the table
// of its nextMsg/processMsg states), stream_handshake.go (greeting and security handshake),
// stream_legacy.go (ZMTP 1.0/2.0 peers), stream_data.go (the data phase), stream_io.go and
// stream_write.go (reads, writes and the poller), stream_heartbeat.go, stream_metadata.go,
// stream_raw.go (STREAM, ROUTER_RAW), stream_zap.go, stream_drain.go and stream_error.go.
//
// Threading rule: NewStream may run anywhere; from Plug on, every method runs on the I/O
// thread the engine was plugged into (its session's), and the poller calls back on that same
// thread. Nothing is locked.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package engine
