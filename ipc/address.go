package ipc

import (
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// maxName is the longest name sun_path holds with its terminating NUL, libzmq's limit for
// paths and abstract names alike.
const maxName = len(unix.RawSockaddrUnix{}.Path) - 1

// Parse turns addr, an endpoint without "ipc://", into the address to bind or connect: a
// path, or an abstract name when addr starts with '@' (unix.SockaddrUnix makes that '@' the
// leading NUL of sun_path, and like libzmq counts no trailing NUL in the address length, so
// abstract names match libzmq's byte for byte). Errors are *AddrError wrapping ENAMETOOLONG
// for a name sun_path cannot hold and EINVAL for an empty one, as libzmq's ipc_address_t
// reports them, or for a NUL byte inside, which a C string cannot carry.
func Parse(addr string) (*unix.SockaddrUnix, error) {
	switch {
	case addr == "" || addr == "@":
		return nil, &AddrError{Addr: addr, Reason: "empty name", Errno: syscall.EINVAL}
	case strings.IndexByte(addr, 0) >= 0:
		return nil, &AddrError{Addr: addr, Reason: "NUL byte in name", Errno: syscall.EINVAL}
	case len(addr) > maxName:
		return nil, &AddrError{Addr: addr, Reason: "name longer than sun_path allows", Errno: syscall.ENAMETOOLONG}
	}
	return &unix.SockaddrUnix{Name: addr}, nil
}

// IsAbstract reports whether addr names a socket in the abstract namespace.
func IsAbstract(addr string) bool { return strings.HasPrefix(addr, "@") }

// AddrError reports an ipc endpoint that cannot be used. It wraps the errno libzmq sets for
// the same input.
type AddrError struct {
	Addr   string        // the endpoint text, without "ipc://"
	Reason string        // what was wrong, for people
	Errno  syscall.Errno // ENAMETOOLONG or EINVAL
}

// Error formats the error as `ipc: "<addr>": <reason>`.
func (e *AddrError) Error() string { return "ipc: \"" + e.Addr + "\": " + e.Reason }

// Unwrap exposes the errno to errors.Is.
func (e *AddrError) Unwrap() error { return e.Errno }
