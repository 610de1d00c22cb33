package tcp

import "github.com/zreactor/zmq/internal/sysio"

// The socket I/O calls live in internal/sysio, shared with the engine, so both retry EINTR,
// report EAGAIN bare, never raise SIGPIPE and see the same fault-injection hooks.

// Read reads from a connected non-blocking socket: unix.EAGAIN bare when nothing is buffered
// (arm the poller), io.EOF when the peer closed its side, other errors wrapped in
// *os.SyscallError. Neither success nor EAGAIN allocates.
func Read(fd int, p []byte) (int, error) { return sysio.Read(fd, p) }

// Write writes to a connected non-blocking socket and may write less than len(p): unix.EAGAIN
// bare when the send buffer is full, other errors (EPIPE, ECONNRESET) wrapped. Never SIGPIPE.
func Write(fd int, p []byte) (int, error) { return sysio.Write(fd, p) }

// Writev writes the buffers in order with one gather write, like Write otherwise. At most 64
// non-empty buffers are taken per call; a short count is normal.
func Writev(fd int, bufs [][]byte) (int, error) { return sysio.Writev(fd, bufs) }

// Close closes fd (EINTR is not retried: Linux has released the fd by then).
func Close(fd int) error { return sysio.Close(fd) }
