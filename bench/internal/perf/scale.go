package perf

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// ScalePull binds one PULL for the connection-scale run. It counts one "H"
// hello per connecting PUSH (all connected), then times Count data messages
// from first to last, and reports its RSS at each stage.
func ScalePull(lib Lib, a Args) (string, error) {
	s, err := lib.Listen(Pull, a.Endpoint)
	if err != nil {
		return "", err
	}
	defer s.Close()
	base := RSSKiB()
	Ready()
	var hellos, data int
	var tConn int64
	connRSS := int64(-1)
	var first, last time.Time
	for hellos < a.Conns || data < a.Count {
		b, err := s.Recv()
		if err != nil {
			return "", fmt.Errorf("recv: %w", err)
		}
		if len(b) > 0 && b[0] == 'H' {
			if hellos++; hellos == a.Conns {
				tConn, connRSS = MonoNS(), RSSKiB()
			}
			continue
		}
		if data++; data == 1 {
			first = time.Now()
		}
		last = time.Now()
	}
	el := max(last.Sub(first), 1)
	return fmt.Sprintf("role=scale_pull conns=%d size=%d count=%d connected_mono_ns=%d elapsed_ns=%d "+
		"msgs_per_s=%.0f rss_base_kib=%d rss_connected_kib=%d rss_end_kib=%d",
		a.Conns, a.Size, a.Count, tConn, el.Nanoseconds(), float64(a.Count-1)/el.Seconds(),
		base, connRSS, RSSKiB()), nil
}

// ScalePush opens Conns PUSH sockets to one endpoint, sends one hello on
// each, then Count data messages round robin over them.
func ScalePush(lib Lib, a Args) (string, error) {
	start := MonoNS()
	socks := make([]Socket, 0, a.Conns)
	defer func() {
		for _, s := range socks {
			s.Close()
		}
	}()
	hello := []byte("H")
	for range a.Conns {
		s, err := lib.Dial(Push, a.Endpoint)
		if err != nil {
			return "", err
		}
		socks = append(socks, s)
		if err := s.Send(hello); err != nil {
			return "", fmt.Errorf("send hello: %w", err)
		}
	}
	buf := payload(max(a.Size, 1))
	buf[0] = 'D'
	for i := range a.Count {
		if err := socks[i%len(socks)].Send(buf); err != nil {
			return "", fmt.Errorf("send: %w", err)
		}
	}
	return fmt.Sprintf("role=scale_push conns=%d start_mono_ns=%d rss_kib=%d", a.Conns, start, RSSKiB()), nil
}

// MonoNS reads CLOCK_MONOTONIC, which is system wide, so stamps from two
// processes can be subtracted.
func MonoNS() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		return 0
	}
	return ts.Nano()
}

// RSSKiB returns this process's VmRSS in KiB, or -1.
func RSSKiB() int64 { return statusKiB("VmRSS:") }

// PeakRSSKiB returns this process's peak RSS (VmHWM) in KiB, or -1. Every result line ends
// with it: the harness cannot learn it from wait4 (see harness/run.go).
func PeakRSSKiB() int64 { return statusKiB("VmHWM:") }

// statusKiB returns a "kB" field of /proc/self/status, or -1.
func statusKiB(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, field); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return -1
}
