//go:build faults

package faults

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zreactor/zmq/testproc"
)

// bigFrame is the frame the sender is killed in the middle of, after killAfter of it has
// reached the receiver.
const (
	bigFrame  = 16 << 20
	killAfter = 8 << 20
)

func TestSenderKilledMidFrame(t *testing.T) {
	// A PUSH process sends 5 messages, then 16 MiB, and is SIGKILLed when 8 MiB of it has
	// reached the PULL process (a relay paces the bytes); a new PUSH process bound on the same
	// port sends 5 more.
	r := row{rank: 2, name: "sender SIGKILLed mid 16 MiB frame",
		checked: "the PUSH process dies 8 MiB into the frame; its successor sends 5 more: the PULL " +
			"delivers 0 partial messages, reconnects, gets all 10 in order"}
	r.zreactor, r.libzmq = both(t, measureKilledMidFrame)
	report(t, r)
}

func measureKilledMidFrame(t *testing.T, im *impl) string {
	sender := im.start(t, "PUSH 1", nil, "-type", "push", "-bind", "tcp://127.0.0.1:*")
	senderEP := ready(t, sender)
	rl := startRelay(t, strings.TrimPrefix(senderEP, "tcp://"))
	recv := im.start(t, "PULL", nil, "-type", "pull", "-connect", "tcp://"+rl.addr())
	ready(t, recv)
	rssBefore := int64(0)
	send(t, sender, "send 5 100 before")
	for i := range 5 {
		if _, _, err := waitMsg(recv, fmt.Sprintf("before-%d", i), waitTimeout); err != nil {
			t.Fatal(err)
		}
	}
	rssBefore = rss(t, recv.Pid())
	start := rl.forwarded.Load()
	send(t, sender, "send 1 %d big", bigFrame)
	deadline := time.Now().Add(waitTimeout)
	for rl.forwarded.Load()-start < killAfter && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	sender.Kill()
	killed := time.Now()
	sender2 := im.start(t, "PUSH 2", nil, "-type", "push", "-bind", senderEP)
	ready(t, sender2)
	send(t, sender2, "send 5 100 after")
	var partial []string
	reconnect := time.Duration(0)
	for i := range 5 {
		_, before, err := waitMsg(recv, fmt.Sprintf("after-%d", i), waitTimeout)
		partial = append(partial, before...)
		if err != nil {
			t.Fatalf("message after-%d of the new sender: %v", i, err)
		}
		if i == 0 {
			reconnect = time.Since(killed)
		}
	}
	kept, held := rss(t, recv.Pid())-rssBefore, rssAfterGC(t, recv)-rssBefore
	if im == zreactor && len(partial) > 0 {
		t.Errorf("the PULL delivered %d messages besides the 10 sent whole: %q", len(partial), partial)
	}
	return fmt.Sprintf("%d partial; first later message %d ms after the kill; 5/5 in order; RSS %+.1f MiB after, %+.1f after gc",
		len(partial), reconnect.Milliseconds(), mib(kept), mib(held))
}

// send writes a command to a peer and waits for its "sent" line.
func send(t *testing.T, c *testproc.Child, format string, args ...any) {
	t.Helper()
	if err := c.Send(format, args...); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Next("sent", waitTimeout); err != nil {
		t.Fatal(err)
	}
}

// relay is a TCP relay between a receiver that connects to it and a sender it dials for each
// connection. It forwards the sender's bytes in paced 64 KiB steps (16 MiB/s), so a test can
// kill the sender at a chosen point of a frame; when either side ends, it ends the other the
// same way (a reset as a reset), as a direct connection would.
type relay struct {
	ln        net.Listener
	target    string
	forwarded atomic.Int64 // bytes from sender to receiver
}

func startRelay(t *testing.T, target string) *relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &relay{ln: ln, target: target}
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.serve()
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return r
}

func (r *relay) addr() string { return r.ln.Addr().String() }

func (r *relay) serve() {
	for {
		in, err := r.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", r.target)
		if err != nil {
			in.Close() // nothing listens yet: the receiver sees the connection end and retries
			continue
		}
		go r.pipe(out.(*net.TCPConn), in.(*net.TCPConn), true)
		go r.pipe(in.(*net.TCPConn), out.(*net.TCPConn), false)
	}
}

// pipe copies from src to dst until src ends, then ends dst likewise.
func (r *relay) pipe(src, dst *net.TCPConn, paced bool) {
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				err = werr
			}
			if paced {
				r.forwarded.Add(int64(n))
				time.Sleep(4 * time.Millisecond)
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				_ = dst.SetLinger(0) // a reset, passed on
			}
			dst.Close()
			src.Close()
			return
		}
	}
}
