//go:build cgo

package interop_test

import (
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/zreactor/zmq/internal/testutil"
)

// tcpRelay is a TCP proxy the test runs between two sockets: it accepts connections on its own
// loopback port and forwards each, byte for byte, to target. freeze makes it stop forwarding
// (and reading) without closing anything, so each side sees a peer that went silent while TCP
// stays up: what a hung process or a black-holed network looks like.
type tcpRelay struct {
	ln     net.Listener
	target string // host:port
	frozen chan struct{}
	once   sync.Once
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  []net.Conn
	closed bool
	tap    func(dir string, b []byte) // if set, sees every chunk forwarded ("c>s" or "s>c")
}

// newTCPRelay starts a relay to a tcp:// endpoint; it is closed when the test ends.
func newTCPRelay(t testing.TB, target string) *tcpRelay {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	testutil.Must(t, err, "relay listen")
	r := &tcpRelay{ln: ln, target: strings.TrimPrefix(target, "tcp://"), frozen: make(chan struct{})}
	r.wg.Add(1)
	go r.accept()
	t.Cleanup(r.close)
	return r
}

// endpoint is the relay's own address, to connect to instead of the target.
func (r *tcpRelay) endpoint() string { return "tcp://" + r.ln.Addr().String() }

func (r *tcpRelay) accept() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		u, err := net.Dial("tcp4", r.target)
		if err != nil {
			c.Close()
			continue
		}
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			c.Close()
			u.Close()
			return
		}
		r.conns = append(r.conns, c, u)
		r.mu.Unlock()
		r.wg.Add(2)
		go r.pump(u, c, "c>s")
		go r.pump(c, u, "s>c")
	}
}

// pump copies from src to dst until an error or a freeze, after which it parks until close.
func (r *tcpRelay) pump(dst, src net.Conn, dir string) {
	defer r.wg.Done()
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		select {
		case <-r.frozen:
			return
		default:
		}
		if n > 0 {
			if r.tap != nil {
				r.tap(dir, buf[:n])
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			// Pass a close on as a close (both directions, like a real peer's).
			dst.Close()
			return
		}
	}
}

// freeze stops all forwarding; connections stay open until close.
func (r *tcpRelay) freeze() {
	r.once.Do(func() { close(r.frozen) })
}

// close stops the relay and closes every connection it made, then waits for its goroutines.
func (r *tcpRelay) close() {
	r.freeze()
	r.ln.Close()
	r.mu.Lock()
	r.closed = true
	for _, c := range r.conns {
		c.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
}
