//go:build faults

package faults

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/testproc"
)

// waitTimeout bounds waits for something that must happen; only a broken peer reaches it.
const waitTimeout = 20 * time.Second

// ready waits for a peer's "ready" line and returns the endpoint it bound or connected to.
func ready(t *testing.T, c *testproc.Child) string {
	t.Helper()
	ep, err := c.Next("ready", waitTimeout)
	if err != nil {
		t.Fatal(err)
	}
	return ep
}

// waitMsg waits up to d for a peer's "msg" line whose text starts with prefix, and returns
// the message size; the msg lines before it are returned too.
func waitMsg(c *testproc.Child, prefix string, d time.Duration) (size int, before []string, err error) {
	deadline := time.Now().Add(d)
	for {
		line, err := c.Next("msg", time.Until(deadline))
		if err != nil {
			return 0, before, err
		}
		sz, text, _ := strings.Cut(line, " ")
		if strings.HasPrefix(text, prefix) {
			size, _ = strconv.Atoi(sz)
			return size, before, nil
		}
		before = append(before, line)
	}
}

// waitEvent waits up to d for a peer's next "event <kind>" line and returns its monotonic
// time stamp in nanoseconds.
func waitEvent(c *testproc.Child, kind string, d time.Duration) (int64, error) {
	deadline := time.Now().Add(d)
	for {
		line, err := c.Next("event", time.Until(deadline))
		if err != nil {
			return 0, err
		}
		if f := strings.Fields(line); len(f) == 3 && f[0] == kind {
			return strconv.ParseInt(f[2], 10, 64)
		}
	}
}

// peerStat asks a peer for its counters ("stat" line) and returns them by name.
func peerStat(t *testing.T, c *testproc.Child) map[string]int {
	t.Helper()
	if err := c.Send("stat"); err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	line, err := c.Next("stat", waitTimeout)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, kv := range strings.Fields(line) {
		k, v, _ := strings.Cut(kv, "=")
		m[k], _ = strconv.Atoi(v)
	}
	return m
}

// rss is the resident set of process pid in bytes, failing t if it cannot be read.
func rss(t *testing.T, pid int) int64 {
	t.Helper()
	n, err := testproc.RSS(pid)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// rssAfterGC asks a peer to give free memory back to the system first ("gc": a forced Go GC
// that returns freed pages, or malloc_trim), so that what is left is memory still held.
func rssAfterGC(t *testing.T, c *testproc.Child) int64 {
	t.Helper()
	if err := c.Send("gc"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Next("gc", waitTimeout); err != nil {
		t.Fatal(err)
	}
	return rss(t, c.Pid())
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// newContext makes a zreactor context in the test process, closed when the test ends.
func newContext(t *testing.T) *zmq.Context {
	t.Helper()
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ctx.Close(); err != nil {
			t.Errorf("Context.Close: %v", err)
		}
	})
	return ctx
}

// newPush makes a PUSH in ctx connected to ep, closed when the test ends.
func newPush(t *testing.T, ctx *zmq.Context, ep string) *zmq.Socket {
	t.Helper()
	s, err := ctx.NewSocket(zmq.PUSH)
	if err == nil {
		err = errors.Join(s.SetLinger(0), s.SetSndTimeo(waitTimeout), s.Connect(ep))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Raw ZMTP 3.1 bytes for hostile peers (RFC 23/37): a NULL greeting and a READY of a PUSH.
func zmtpGreeting() []byte {
	g := make([]byte, 64)
	copy(g, []byte{0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3, 1})
	copy(g[12:], "NULL")
	return g
}

func zmtpReadyPush() []byte {
	body := append([]byte{5}, "READY"...)
	body = append(body, 11)
	body = append(body, "Socket-Type"...)
	body = binary.BigEndian.AppendUint32(body, 4)
	body = append(body, "PUSH"...)
	return append([]byte{0x04, byte(len(body))}, body...) // a short command frame
}

// zmtpLongHeader is the header of a long message frame declaring size bytes.
func zmtpLongHeader(size uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{0x02}, size)
}
