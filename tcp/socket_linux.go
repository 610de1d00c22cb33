package tcp

import (
	"sync/atomic"
	"unsafe"

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

// DefaultHooks returns the real syscalls.
func DefaultHooks() Hooks {
	return Hooks{
		Socket:  unix.Socket,
		Accept4: unix.Accept4,
		Connect: unix.Connect,
		Read:    unix.Read,
		Write:   send,
		Writev:  writev,
		Close:   unix.Close,
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
	if h.Read == nil {
		h.Read = d.Read
	}
	if h.Write == nil {
		h.Write = d.Write
	}
	if h.Writev == nil {
		h.Writev = d.Writev
	}
	if h.Close == nil {
		h.Close = d.Close
	}
	prev := sys.Swap(&h)
	return func() { sys.Store(prev) }
}

// maxIov bounds one writev call so the iovec array lives on the stack; the
// caller loops on short writes anyway. Linux's IOV_MAX is 1024.
const maxIov = 64

// send is write(2) as send(2) with MSG_NOSIGNAL: a write to a reset
// connection fails with EPIPE without raising SIGPIPE, whose delivery would
// otherwise interrupt some thread's epoll_wait.
func send(fd int, p []byte) (int, error) {
	var base unsafe.Pointer
	if len(p) > 0 {
		base = unsafe.Pointer(&p[0])
	}
	r, _, e := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(base), uintptr(len(p)), unix.MSG_NOSIGNAL, 0, 0)
	if e != 0 {
		return 0, e // errno values are < 256 and box without allocating
	}
	return int(r), nil
}

// writev is writev(2) as sendmsg(2) with MSG_NOSIGNAL (see send), with the
// iovec array on the stack where x/sys's Writev allocates. Empty buffers are
// skipped; at most maxIov non-empty buffers go in one call.
func writev(fd int, bufs [][]byte) (int, error) {
	var iov [maxIov]unix.Iovec
	n := 0
	for _, b := range bufs {
		if len(b) == 0 {
			continue
		}
		if n == maxIov {
			break
		}
		iov[n].Base = &b[0]
		iov[n].SetLen(len(b))
		n++
	}
	if n == 0 {
		return 0, nil
	}
	var msg unix.Msghdr
	msg.Iov = &iov[0]
	msg.SetIovlen(n)
	r, _, e := unix.Syscall(unix.SYS_SENDMSG, uintptr(fd), uintptr(unsafe.Pointer(&msg)), unix.MSG_NOSIGNAL)
	if e != 0 {
		return 0, e
	}
	return int(r), nil
}
