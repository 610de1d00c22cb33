//go:build faults

package faults

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/testproc"
)

// runPeer is the zreactor side of the fault cases (role "peer"): one socket driven by lines on
// stdin, reporting on stdout, with the arguments and lines of the libzmq side, c/peer.c (its
// header comment is the protocol).
func runPeer(args []string) int {
	p, err := newPeerProc(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "peer:", err)
		return 3
	}
	return p.serve()
}

// peerProc is the state of a zreactor peer process.
type peerProc struct {
	quiet, events bool
	ctx           *zmq.Context
	sock          *zmq.Socket
	out           sync.Mutex // one line at a time on stdout
	msgs          atomic.Int64
	wg            sync.WaitGroup
}

func newPeerProc(args []string) (*peerProc, error) {
	fs := flag.NewFlagSet("peer", flag.ContinueOnError)
	typ := fs.String("type", "", "pull or push")
	bind := fs.String("bind", "", "endpoint to bind")
	connect := fs.String("connect", "", "endpoint to connect to")
	nofile := fs.Uint64("nofile", 0, "RLIMIT_NOFILE to set first")
	hb := fs.Int("hb", 0, "heartbeat interval, ms")
	hbTimeout := fs.Int("hbtimeout", 0, "heartbeat timeout, ms")
	backlog := fs.Int("backlog", 0, "listen backlog")
	p := &peerProc{}
	fs.BoolVar(&p.quiet, "quiet", false, "no line per message")
	fs.BoolVar(&p.events, "events", false, "a monitor, and a line per event")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *nofile > 0 {
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: *nofile, Max: *nofile}); err != nil {
			return nil, fmt.Errorf("setrlimit: %v", err)
		}
	}
	var err error
	if p.ctx, err = zmq.NewContext(); err != nil {
		return nil, err
	}
	typs := map[string]zmq.SocketType{"pull": zmq.PULL, "push": zmq.PUSH}
	if p.sock, err = p.ctx.NewSocket(typs[*typ]); err != nil {
		return nil, err
	}
	errs := []error{p.sock.SetLinger(0)}
	if *hb > 0 {
		errs = append(errs, p.sock.SetHeartbeatIvl(time.Duration(*hb)*time.Millisecond),
			p.sock.SetHeartbeatTimeout(time.Duration(*hbTimeout)*time.Millisecond))
	}
	if *backlog > 0 {
		errs = append(errs, p.sock.SetBacklog(*backlog))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if p.events {
		mon, err := p.sock.Monitor(zmq.EventAll)
		if err != nil {
			return nil, err
		}
		p.wg.Go(func() { p.watch(mon) })
	}
	if *connect != "" {
		return p, p.sock.Connect(*connect)
	}
	return p, bindRetry(p.sock, *bind)
}

// bindRetry binds, retrying for 10 s while the address is taken (a SIGKILLed predecessor's).
func bindRetry(s *zmq.Socket, ep string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := s.Bind(ep)
		if !errors.Is(err, zmq.ErrAddrInUse) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *peerProc) println(format string, args ...any) {
	p.out.Lock()
	defer p.out.Unlock()
	fmt.Printf(format+"\n", args...)
}

// watch prints the socket's monitor events until the channel closes.
func (p *peerProc) watch(mon <-chan zmq.Event) {
	for ev := range mon {
		p.println("event %v %d %d", ev.Kind, ev.Value, testproc.MonoNow())
	}
}

// receive prints (unless -quiet) and counts messages until the socket is closed.
func (p *peerProc) receive() {
	for {
		b, err := p.sock.Recv(0)
		if errors.Is(err, zmq.ErrNotSocket) {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "peer: Recv:", err)
			os.Exit(3)
		}
		p.msgs.Add(1)
		if !p.quiet {
			p.println("msg %d %s", len(b), printable(b[:min(len(b), 32)]))
		}
	}
}

func printable(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 127 {
			return r
		}
		return '.'
	}, string(b))
}

// serve runs commands from stdin until "quit" or end of file, then closes everything.
func (p *peerProc) serve() int {
	p.println("ready %s", p.sock.LastEndpoint())
	if p.sock.Type() == zmq.PULL {
		p.wg.Go(p.receive)
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() && p.command(in.Text()) {
	}
	_ = p.sock.Close() // a blocked Recv in the receiver returns ErrNotSocket
	if err := p.ctx.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "peer: Context.Close:", err)
		return 3
	}
	p.wg.Wait()
	p.println("bye")
	return 0
}

// command runs one command line; false on quit.
func (p *peerProc) command(line string) bool {
	var n, size int
	var tag string
	switch {
	case line == "quit":
		return false
	case line == "gc": // what c/peer.c does with malloc_trim
		debug.FreeOSMemory()
		p.println("gc")
	case line == "stat":
		fds, _ := testproc.CountFDs(0)
		p.println("stat msgs=%d fds=%d goroutines=%d", p.msgs.Load(), fds, runtime.NumGoroutine())
	default:
		if _, err := fmt.Sscanf(line, "send %d %d %s", &n, &size, &tag); err != nil {
			fmt.Fprintln(os.Stderr, "peer: unknown command", line)
			return true
		}
		for i := range n {
			if err := p.sock.Send(payload(tag, i, size), 0); err != nil {
				fmt.Fprintln(os.Stderr, "peer: Send:", err)
				os.Exit(3)
			}
		}
		p.println("sent %d", n)
	}
	return true
}

// payload is message i of a "send" command: "<tag>-<i>" padded with 'x' to size.
func payload(tag string, i, size int) []byte {
	head := fmt.Sprintf("%s-%d", tag, i)
	b := make([]byte, max(size, len(head)))
	copy(b, head)
	for j := len(head); j < len(b); j++ {
		b[j] = 'x'
	}
	return b
}
