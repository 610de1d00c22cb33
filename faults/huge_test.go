//go:build faults

package faults

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// hostileBody is how much of a huge frame's body the hostile peer sends.
const hostileBody = 1 << 20

// rssBound is how much a server's RSS may grow while huge frames arrive: the body received
// (1 MiB) and buffers, not the size declared.
const rssBound = 32 << 20

func TestHugeFrameSizes(t *testing.T) {
	// A raw TCP peer completes a NULL handshake with the PULL process, declares the frame and
	// sends 1 MiB of its body; an honest zreactor PUSH must be served after each.
	r := row{rank: 1, name: "frames declaring huge sizes",
		checked: "a raw peer declares 2^62, 2^40 and 1 GiB + 10 B frames, sending 1 MiB of each: " +
			"the PULL's RSS grows < 32 MiB; the next honest peer is served"}
	r.zreactor, r.libzmq = both(t, measureHugeFrames)
	report(t, r)
}

func measureHugeFrames(t *testing.T, im *impl) string {
	srv := im.start(t, "PULL", nil, "-type", "pull", "-bind", "tcp://127.0.0.1:*")
	ep := ready(t, srv)
	honest := newPush(t, newContext(t), ep)
	served := 0
	serve := func(tag string) {
		if err := honest.Send([]byte("honest-"+tag), 0); err != nil {
			t.Fatalf("honest Send: %v", err)
		}
		if _, _, err := waitMsg(srv, "honest-"+tag, waitTimeout); err == nil {
			served++
		} else if im == zreactor {
			t.Errorf("the honest peer was not served after the %s frame: %v", tag, err)
		}
	}
	serve("warm-up")
	base := rss(t, srv.Pid())
	var growth []string
	var worst, after int64
	for _, size := range []struct {
		name string
		n    uint64
	}{{"2^62", 1 << 62}, {"2^40", 1 << 40}, {"1GiB+10", 1<<30 + 10}} {
		during := hostileFrame(t, ep, size.n, srv.Pid()) - base
		worst = max(worst, during)
		growth = append(growth, fmt.Sprintf("%s %+.1f", size.name, mib(during)))
		serve(size.name)
		after = rss(t, srv.Pid()) - base
		if im == zreactor && during > rssBound {
			t.Errorf("RSS grew by %.1f MiB while a frame declaring %s bytes arrived (bound %d MiB)",
				mib(during), size.name, rssBound>>20)
		}
	}
	held := rssAfterGC(t, srv) - base
	return fmt.Sprintf("RSS MiB while arriving: %s; %+.1f after, %+.1f after gc; honest peer served %d/3",
		strings.Join(growth, ", "), mib(after), mib(held), served-1)
}

// hostileFrame connects a raw peer to ep that completes the handshake, declares a frame of
// size bytes and sends hostileBody of it; it returns the server's RSS a moment later, then
// closes the connection.
func hostileFrame(t *testing.T, ep string, size uint64, pid int) int64 {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(ep, "tcp://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	msg := append(append(zmtpGreeting(), zmtpReadyPush()...), zmtpLongHeader(size)...)
	_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(msg); err != nil {
		t.Fatalf("hostile peer: %v", err)
	}
	_, _ = c.Write(make([]byte, hostileBody)) // the server may have closed already: fine
	time.Sleep(300 * time.Millisecond)
	return rss(t, pid)
}
