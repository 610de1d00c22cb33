package tcp

import (
	"errors"
	"syscall"

	"golang.org/x/sys/unix"
)

// AddrError reports an endpoint that cannot be parsed or resolved. It wraps
// the errno libzmq would set for the same input (EINVAL for bad syntax or an
// unresolvable connect address, ENODEV for a bind address that names no
// local interface or literal) and, when there is one, the resolver's error.
type AddrError struct {
	Addr   string        // the endpoint text, without "tcp://"
	Reason string        // what was wrong, for people
	Errno  syscall.Errno // EINVAL or ENODEV
	Err    error         // underlying cause (e.g. a *net.DNSError), or nil
}

// Error formats the error as "tcp: <addr>: <reason>[: <cause>]".
func (e *AddrError) Error() string {
	s := "tcp: " + quote(e.Addr) + ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap exposes both the errno and the cause to errors.Is and errors.As.
func (e *AddrError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Errno}
	}
	return []error{e.Errno, e.Err}
}

func quote(s string) string { return "\"" + s + "\"" }

func invalid(addr, reason string) error {
	return &AddrError{Addr: addr, Reason: reason, Errno: syscall.EINVAL}
}

// IsExhausted reports whether err says the process or the system ran out of
// descriptors or buffer memory (EMFILE, ENFILE, ENOBUFS, ENOMEM). A listener
// seeing it from Accept should stop polling for input and retry on a timer
// (libzmq 4.3.4 does not, and busy-loops): the pending connection stays queued, so a
// level-triggered poller would otherwise spin.
func IsExhausted(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	switch errno {
	case unix.EMFILE, unix.ENFILE, unix.ENOBUFS, unix.ENOMEM:
		return true
	}
	return false
}
