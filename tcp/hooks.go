package tcp

import (
	"sync/atomic"

	"github.com/zreactor/zmq/internal/sysio"
	"golang.org/x/sys/unix"
)

// Hooks replaces the syscalls this package makes on socket fds, for fault
// injection in tests (EMFILE on accept, ECONNRESET on read, EAGAIN or short
// writes on write, EINTR storms). Each function has the raw syscall's
// contract: it returns a bare errno and is not retried on EINTR by itself.
// A nil field keeps the real syscall; DefaultHooks returns the real ones so
// a hook can delegate to them.
type Hooks struct {
	Socket  func(domain, typ, proto int) (int, error)
	Accept4 func(fd, flags int) (int, unix.Sockaddr, error)
	Connect func(fd int, sa unix.Sockaddr) error
	Read    func(fd int, p []byte) (int, error)
	Write   func(fd int, p []byte) (int, error)
	Writev  func(fd int, bufs [][]byte) (int, error)
	Close   func(fd int) error
}

// DefaultHooks returns the real syscalls: socket(2) and accept4(2) where the OS has them with
// SOCK_NONBLOCK|SOCK_CLOEXEC (sock_flags.go), and an emulation that sets those flags right after
// the call where it does not (sock_emulated.go).
func DefaultHooks() Hooks {
	io := sysio.DefaultHooks()
	return Hooks{
		Socket:  sysSocket,
		Accept4: sysAccept4,
		Connect: unix.Connect,
		Read:    io.Read,
		Write:   io.Write,
		Writev:  io.Writev,
		Close:   io.Close,
	}
}

// sys is the live table. An atomic pointer lets a test swap it while I/O
// threads run without a data race; the load is a plain MOV on amd64.
var sys atomic.Pointer[Hooks]

func init() {
	h := DefaultHooks()
	sys.Store(&h)
}

// SetHooks installs h process-wide and returns a function that restores the
// previous table. It is meant for tests: hooks see every fd of every user of
// this package, so a hook should filter on the fds its test owns, and tests
// that install hooks must not run in parallel with each other.
func SetHooks(h Hooks) (restore func()) {
	d := DefaultHooks()
	if h.Socket == nil {
		h.Socket = d.Socket
	}
	if h.Accept4 == nil {
		h.Accept4 = d.Accept4
	}
	if h.Connect == nil {
		h.Connect = d.Connect
	}
	prev := sys.Swap(&h)
	// Reads, writes and close go through internal/sysio, which the engine shares; it fills
	// in the real calls for nil fields itself.
	restoreIO := sysio.SetHooks(sysio.Hooks{Read: h.Read, Write: h.Write, Writev: h.Writev, Close: h.Close})
	return func() {
		restoreIO()
		sys.Store(prev)
	}
}
