package ipc

import (
	"os"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/tcp"
)

// listen binds and listens on addr, with what an ipc bind does around it: "*" (libzmq takes
// any name starting with '*') becomes a socket in a new private directory, and a stale
// socket file at the path is removed first. The Bound's Release removes the file (if it is
// still the one bound here) and the directory.
func listen(addr string, o *options.Options) (tcp.Bound, error) {
	var dir string
	if strings.HasPrefix(addr, "*") {
		var err error
		if dir, addr, err = wildcardDir(); err != nil {
			return tcp.Bound{}, err
		}
	}
	b, id, err := bindPath(addr, o.Backlog)
	if err != nil && dir != "" {
		_ = os.Remove(dir)
	}
	if err == nil && !IsAbstract(addr) {
		b.Release = releaser(addr, dir, id)
	}
	return b, err
}

// pathMu makes each bind's "remove the stale file, bind" and each release's "is the file
// still ours, unlink it" atomic with respect to each other within the process, so a listener
// closing on its I/O thread never unlinks the file a Bind of the same path just made on a
// socket's goroutine (libzmq's test_rebind_ipc does exactly that). Held for a few syscalls on
// cold paths only. Other processes are not covered: nothing in the file system API is.
var pathMu sync.Mutex

// bindPath binds and listens on addr and identifies the file the bind made (none for an
// abstract name).
func bindPath(addr string, backlog int) (tcp.Bound, fileID, error) {
	sa, err := Parse(addr)
	if err != nil {
		return tcp.Bound{}, fileID{}, err
	}
	abstract := IsAbstract(addr)
	pathMu.Lock()
	defer pathMu.Unlock()
	if !abstract {
		removeStale(addr)
	}
	fd, _, err := tcp.Listen(sa, backlog, tcp.DefaultOptions())
	if err != nil {
		return tcp.Bound{}, fileID{}, err
	}
	var id fileID
	if !abstract {
		id = identify(addr)
	}
	return tcp.Bound{FD: fd, Endpoint: "ipc://" + addr}, id, nil
}

// removeStale unlinks a socket file left at path by an earlier bind (libzmq unlinks whatever
// is there; other kinds of file are left for bind to refuse with EADDRINUSE). Any error is
// bind's to report.
func removeStale(path string) {
	var st unix.Stat_t
	if unix.Lstat(path, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFSOCK {
		_ = unix.Unlink(path)
	}
}

// fileID names one file: its device and inode.
type fileID struct {
	dev, ino uint64
	ok       bool
}

func identify(path string) fileID {
	var st unix.Stat_t
	if unix.Lstat(path, &st) != nil {
		return fileID{}
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino, ok: true}
}

// releaser returns the Bound.Release of a bind to path: unlink the socket file if it is still
// the one bound (a later Bind of the same path, here or in another process, removed it and
// put its own there, which must stay), then remove dir, the directory of "ipc://*", if any.
// It runs on the listener's I/O thread while the listening fd is still open, so the inode
// bound here is still allocated and no replacement can have its number; pathMu keeps binds
// of this process out between the check and the unlink.
func releaser(path, dir string, id fileID) func() error {
	return func() error {
		pathMu.Lock()
		defer pathMu.Unlock()
		if id.ok && identify(path) == id {
			if err := unix.Unlink(path); err != nil && err != unix.ENOENT {
				return os.NewSyscallError("unlink", err)
			}
		}
		if dir != "" {
			if err := unix.Rmdir(dir); err != nil {
				return os.NewSyscallError("rmdir", err)
			}
		}
		return nil
	}
}
