//go:build linux || dragonfly || freebsd

package tcp

import "golang.org/x/sys/unix"

// sockFlags make socket(2) and accept4(2) return a non-blocking, close-on-exec fd in one call.
const sockFlags = unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC

// sysSocket is socket(2).
func sysSocket(domain, typ, proto int) (int, error) { return unix.Socket(domain, typ, proto) }

// sysAccept4 is accept4(2).
func sysAccept4(fd, flags int) (int, unix.Sockaddr, error) { return unix.Accept4(fd, flags) }
