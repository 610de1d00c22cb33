// Package sysio holds the socket read and write calls that the tcp package's setup code and the
// engine's hot path both make, in one place, so that both retry EINTR, report EAGAIN bare, never
// raise SIGPIPE, allocate nothing, and go through the same fault-injection hooks.
//
// Platforms: on Linux, FreeBSD, NetBSD and DragonFly BSD, writes are send(2) and sendmsg(2) with
// MSG_NOSIGNAL, made as raw system calls with the iovec array on the stack (send_nosignal.go).
// macOS and OpenBSD want system calls to go through libc: there writes are x/sys's write(2) and
// writev(2) (send_libc.go), with at most 8 buffers per writev so that x/sys keeps its iovec array
// on the stack. SIGPIPE is suppressed on macOS per socket, with the SO_NOSIGPIPE that the tcp
// package sets on every socket it makes, as libzmq does there; OpenBSD has no such option, and
// relies on the Go runtime, which ignores a SIGPIPE raised by a write to any fd but 1 and 2.
//
// Every function is safe from any goroutine.
//
// Like everything under internal/, this package is the library's machinery and carries no
// compatibility promise (Go lets only code under github.com/zreactor/zmq import it):
// applications import only the root package github.com/zreactor/zmq and auth/.
package sysio

import (
	"io"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Hooks replaces the syscalls for fault injection in tests (ECONNRESET on read, EAGAIN or short
// writes, EINTR storms). Each has the raw syscall's contract: a bare errno, no EINTR retry. A
// nil field keeps the real call.
type Hooks struct {
	Read   func(fd int, p []byte) (int, error)
	Write  func(fd int, p []byte) (int, error)
	Writev func(fd int, bufs [][]byte) (int, error)
	Close  func(fd int) error
}

// DefaultHooks returns the real syscalls.
func DefaultHooks() Hooks {
	return Hooks{Read: unix.Read, Write: send, Writev: writev, Close: unix.Close}
}

// sys is the live table; an atomic pointer lets a test swap it while I/O threads run.
var sys atomic.Pointer[Hooks]

func init() {
	h := DefaultHooks()
	sys.Store(&h)
}

// SetHooks installs h process-wide and returns a function that restores the previous table.
func SetHooks(h Hooks) (restore func()) {
	d := DefaultHooks()
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

// Read reads from a non-blocking socket: unix.EAGAIN bare when nothing is buffered, io.EOF
// when the peer closed, other errors wrapped in *os.SyscallError. EINTR is retried.
func Read(fd int, p []byte) (int, error) {
	for {
		n, err := sys.Load().Read(fd, p)
		switch err {
		case nil:
			if n == 0 && len(p) > 0 {
				return 0, io.EOF
			}
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, unix.EAGAIN
		}
		return 0, os.NewSyscallError("read", err)
	}
}

// Write writes to a non-blocking socket, possibly partly: unix.EAGAIN bare when the send buffer
// is full, other errors (EPIPE, ECONNRESET) wrapped. Never raises SIGPIPE; EINTR is retried.
func Write(fd int, p []byte) (int, error) {
	for {
		n, err := sys.Load().Write(fd, p)
		switch err {
		case nil:
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, unix.EAGAIN
		}
		return 0, os.NewSyscallError("write", err)
	}
}

// Writev writes the buffers in order with one gather write, like Write otherwise. At most
// MaxIov non-empty buffers go in one call; a short count is normal.
func Writev(fd int, bufs [][]byte) (int, error) {
	for {
		n, err := sys.Load().Writev(fd, bufs)
		switch err {
		case nil:
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, unix.EAGAIN
		}
		return 0, os.NewSyscallError("writev", err)
	}
}

// Close closes fd. EINTR is not retried: Linux has released the fd by then, and a retry could
// close a descriptor another thread just opened.
func Close(fd int) error {
	if err := sys.Load().Close(fd); err != nil && err != unix.EINTR {
		return os.NewSyscallError("close", err)
	}
	return nil
}

// MaxIov bounds one writev call so the iovec array lives on the stack; callers loop on short
// writes anyway. Linux's IOV_MAX is 1024.
const MaxIov = 64
