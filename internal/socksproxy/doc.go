// Package socksproxy gives tests SOCKS5 proxies on loopback: real ones (microsocks without
// authentication or with a username and password, dante's danted without authentication),
// started on a free port for one test and stopped when it ends, and Fake, an in-process
// server that records every byte a client sends and answers as its Script says, for
// byte-exact checks and for failures no real proxy produces on demand. Its server-side codec
// (ReadGreeting, ReadLogin, ReadRequest, AppendReply) also checks the client's encoder in
// tcp/'s fuzz tests.
//
// Role in the architecture: none at run time. Like internal/libzmq it is imported only by
// *_test.go files (TestImportLayering enforces it), so it may use package net and goroutines
// freely: it plays the far side of the wire.
//
// Real proxies: a test that needs one whose binary is missing is skipped with the package to
// install, unless ZR_REQUIRE_SOCKS=1 is set (CI installs microsocks and dante-server), which
// fails it instead. danted needs root, to drop to "nobody" as its configuration asks.
//
// Threading rule: a Fake and a Proxy may be used from any goroutine; each is stopped by the
// test's cleanup, which waits for its goroutines and its process.
package socksproxy
