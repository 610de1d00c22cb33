// Package platform states which operating systems zreactor runs on, and stops a build for any
// other with one clear compile error instead of a page of undefined names from every package.
//
// Supported: Linux (epoll and eventfd; poll(2) and a pipe with -tags zmq_poll), macOS, FreeBSD,
// NetBSD, OpenBSD and DragonFly BSD (poll(2) and a pipe). The OS-specific code itself lives in
// the packages that need it, each in _<os>.go or build-tagged files: poller (readiness backend),
// mailbox (signaler), internal/sysio (writes without SIGPIPE), tcp (socket flags and options)
// and msg (page prefaulting).
//
// The lowest packages with OS-specific code (poller, mailbox, msg, internal/sysio, internal/zerr,
// and the test helpers internal/leakcheck and internal/socksproxy) import this one for its side
// effect, in a file platform.go of their own:
//
//	import _ "github.com/zreactor/zmq/internal/platform"
//
// and every other package with OS-specific code imports one of them. On an unsupported OS this
// package fails to compile with a single error, whose undefined name says why
// (unsupported_windows.go, unsupported_other.go), and the go command then compiles none of the
// packages that depend on it, so that error is all a build prints. A new package with
// OS-specific code that imports none of these must add its own platform.go.
package platform
