// Package zmtp is the ZMTP wire protocol as libzmq 4.3 speaks it, with no I/O: the greeting,
// the v1 (ZMTP 1.0) and v2 (ZMTP 2.0/3.x) framing codecs, the commands (cmd_*.go), metadata,
// the NULL, PLAIN, CURVE and GSSAPI security mechanisms with their ZAP client, and the
// protocol errors.
// The stream engine (package engine) drives it from an I/O thread.
//
// Everything here is pure: no I/O, no goroutines, no timers, and no import of the reactor
// packages (poller, iothread, mailbox, pipe, internal/sysio), which the layering test holds.
// Every type is driven by the caller with byte slices and msg.Msg values, which keeps it
// testable byte-for-byte and fuzzable, and lets the engine batch:
//
//   - GreetingExchange stages our greeting exactly as libzmq 4.3.4 does and detects the
//     peer's protocol revision from bytes that may arrive in any chunking.
//   - Encoder packs many frames into one caller-provided batch buffer and hands big bodies out
//     by reference, so one writev(2) sends a whole batch with no copy of large frames (the
//     engine writes a body bigger than a batch in two, the first ending 8 KiB into it).
//   - Decoder parses many frames out of one read(2) and offers the remainder of a big frame's
//     own memory as the next read target, so large bodies are read straight into place; that
//     memory follows the bytes that arrive, never the size the peer declared.
//   - Mechanism (NullMechanism, PlainClient/PlainServer, CurveClient/CurveServer,
//     GSSAPIClient/GSSAPIServer) turns handshake commands into a status and the peer's
//     properties; server sides ask the ZAP handler through a ZAPPipe (the session implements
//     it), and CURVE and encrypting GSSAPI box every frame afterwards. GSSAPI is the one
//     exception to "no I/O": finding Kerberos credentials reads krb5.conf and keytabs, and a
//     client's first command asks the KDC for tickets (internal/gss), as libzmq does.
//
// Threading rule: none of these types is safe for concurrent use. Each belongs to one engine,
// and that engine's I/O thread is the only goroutine that touches it.
//
// Errors a peer can cause are returned, never panicked: *ProtocolError (wrapping EPROTO or
// EMSGSIZE, with libzmq's ZMQ_PROTOCOL_ERROR_* code where one applies) and *PeerError (an
// ERROR command received). Hot-path errors are pre-built values, so returning one allocates
// nothing.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package zmtp
