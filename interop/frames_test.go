//go:build cgo

package interop_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// interopFrameSizes cross every framing boundary: empty, one byte, the largest short frame
// (255), the smallest long one (256), 64 KiB (larger than an 8 KiB I/O batch) and 16 MiB.
var interopFrameSizes = []int{0, 1, 255, 256, 64 << 10, 16 << 20}

// patternFrame is a frame of n bytes whose content depends on n and on seed, so that frames
// swapped, truncated or shifted are told apart. The pattern repeats every 256 bytes, which lets
// it be built by doubling copies: a byte loop over 16 MiB is slow under the race detector.
func patternFrame(n, seed int) []byte {
	b := make([]byte, n)
	for i := range min(n, 256) {
		b[i] = byte(i*31 + n + seed)
	}
	for k := 256; k < n; k *= 2 {
		copy(b[k:], b[:k])
	}
	return b
}

// checkBigFrame compares one received frame with its expected content without printing 16 MiB.
func checkBigFrame(t testing.TB, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	t.Fatalf("%s: got %d bytes, want %d; first difference at byte %d", what, len(got), len(want), i)
}

// Frames of every size boundary cross intact in both directions, whichever side binds: each
// alone, then all but the 16 MiB one together in one multipart message (16 MiB is sent alone
// only: under the race detector every 16 MiB buffer costs about a second).
func TestInteropFrameSizes(t *testing.T) {
	t.Parallel()
	frames := make([][]byte, len(interopFrameSizes))
	for i, n := range interopFrameSizes {
		frames[i] = patternFrame(n, i)
	}
	multi := append(frames[:len(frames)-1:len(frames)-1], []byte("end"))
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.PAIR, libzmq.PAIR)
		for _, f := range frames {
			testutil.Must(t, l.zr.Send(f, 0), "Send %d B", len(f))
			got := libRecv(t, l.lib)
			if len(got) != 1 {
				t.Fatalf("libzmq received %d frames, want 1 of %d B", len(got), len(f))
			}
			checkBigFrame(t, fmt.Sprintf("%d B frame to libzmq", len(f)), got[0], f)

			libSend(t, l.lib, f)
			back, err := testutil.RecvWithTimeout(l.zr, testutil.WaitTimeout)
			testutil.Must(t, err, "receive %d B", len(f))
			if len(back) != 1 {
				t.Fatalf("received %d frames, want 1 of %d B", len(back), len(f))
			}
			checkBigFrame(t, fmt.Sprintf("%d B frame from libzmq", len(f)), back[0], f)
		}
		testutil.Must(t, l.zr.SendMulti(multi, 0), "SendMulti")
		checkBigFrames(t, "multipart to libzmq", libRecv(t, l.lib), multi)
		testutil.Must(t, l.lib.SendMulti(multi, 0), "libzmq SendMulti")
		got, err := testutil.RecvWithTimeout(l.zr, testutil.WaitTimeout)
		testutil.Must(t, err, "receive multipart")
		checkBigFrames(t, "multipart from libzmq", got, multi)
	})
}

func checkBigFrames(t testing.TB, what string, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d frames, want %d", what, len(got), len(want))
	}
	for i := range want {
		checkBigFrame(t, fmt.Sprintf("%s, frame %d", what, i), got[i], want[i])
	}
}

// A message of many frames (a routing envelope, empty delimiters, a large body) keeps its
// frames, their order and their boundaries, through our DEALER and libzmq's ROUTER and back.
func TestInteropManyFrames(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.DEALER, libzmq.ROUTER)
		var frames [][]byte
		for i := range 300 {
			frames = append(frames, patternFrame(i%7*50, i))
		}
		testutil.Must(t, l.zr.SendMulti(frames, 0), "SendMulti")
		got := libRecv(t, l.lib)
		checkBigFrames(t, "300 frames to libzmq (after the routing id)", got[1:], frames)
		libSend(t, l.lib, got...) // back to the same routing id
		back, err := testutil.RecvWithTimeout(l.zr, testutil.WaitTimeout)
		testutil.Must(t, err, "receive 300 frames")
		checkBigFrames(t, "300 frames from libzmq", back, frames)
	})
}

// interopMillion is how many messages the ordering tests stream in each direction.
const interopMillion = 1_000_000

// seqFrame writes sequence number i into buf (8 bytes, big-endian) and returns it.
func seqFrame(buf []byte, i int) []byte {
	binary.BigEndian.PutUint64(buf, uint64(i))
	return buf
}

// One million small messages from us to libzmq: none lost, none duplicated, order kept. Each
// carries its sequence number. Sender and receiver run concurrently, so HWM blocking is crossed
// many times.
func TestInteropMillionToLibzmq(t *testing.T) {
	leakcheck.FDs(t) // alone (no t.Parallel): it needs both cores to stay fast under -race
	l := zrToLib(t, zmq.PUSH, libzmq.PULL)
	testutil.Must(t, l.zr.SetSndTimeo(testutil.WaitTimeout), "SetSndTimeo")
	sent := make(chan error, 1)
	defer func() { <-sent }() // on failure too: the socket must not be closed under the sender
	go func() {
		var buf [8]byte
		for i := range interopMillion {
			if err := l.zr.Send(seqFrame(buf[:], i), 0); err != nil {
				sent <- fmt.Errorf("Send %d: %w", i, err)
				return
			}
		}
		sent <- nil
	}()
	start := time.Now()
	for i := range interopMillion {
		b, more, err := l.lib.Recv(0)
		if err != nil {
			t.Fatalf("libzmq receive %d: %v (sender: %v)", i, err, pollErr(sent))
		}
		if more || len(b) != 8 || binary.BigEndian.Uint64(b) != uint64(i) {
			t.Fatalf("message %d is %x (more %v): lost, duplicated or reordered", i, b, more)
		}
	}
	testutil.Must(t, waitErr(sent), "sender")
	t.Logf("%d messages in %v", interopMillion, time.Since(start))
}

// One million small messages from libzmq to us, libzmq binding: none lost, order kept.
func TestInteropMillionFromLibzmq(t *testing.T) {
	leakcheck.FDs(t) // alone, as above
	l := libToZr(t, zmq.PULL, libzmq.PUSH)
	testutil.Must(t, l.zr.SetRcvTimeo(testutil.WaitTimeout), "SetRcvTimeo")
	sent := make(chan error, 1)
	defer func() { <-sent }() // on failure too: the socket must not be closed under the sender
	go func() {
		var buf [8]byte
		for i := range interopMillion {
			if err := l.lib.Send(seqFrame(buf[:], i), 0); err != nil {
				sent <- fmt.Errorf("libzmq send %d: %w", i, err)
				return
			}
		}
		sent <- nil
	}()
	start := time.Now()
	for i := range interopMillion {
		b, err := l.zr.Recv(0)
		if err != nil {
			t.Fatalf("receive %d: %v (sender: %v)", i, err, pollErr(sent))
		}
		if l.zr.RcvMore() || len(b) != 8 || binary.BigEndian.Uint64(b) != uint64(i) {
			t.Fatalf("message %d is %x: lost, duplicated or reordered", i, b)
		}
	}
	testutil.Must(t, waitErr(sent), "sender")
	t.Logf("%d messages in %v", interopMillion, time.Since(start))
}

// waitErr waits for what a sender goroutine reports and leaves it in the channel.
func waitErr(ch chan error) error {
	err := <-ch
	ch <- err
	return err
}

// pollErr returns what a sender goroutine reported, or nil if it is still running; it leaves
// the report in the channel for the next reader.
func pollErr(ch chan error) error {
	select {
	case err := <-ch:
		ch <- err
		return err
	default:
		return nil
	}
}
