package zmtp

import (
	"bytes"
	"testing"

	"github.com/zreactor/zmq/msg"
)

// drain decodes everything pending with a fresh decoder's view: it returns the bytes.
func drain(e *Encoder) []byte {
	var out []byte
	for _, s := range e.Pending() {
		out = append(out, s...)
	}
	e.Advance(e.Buffered())
	return out
}

// An adaptive batch lives inside the encoder until a batch fills up, then grows to
// initialBatch and doubles up to MaxBatch; it stays allocation-free once grown.
func TestEncoderAdaptiveBatch(t *testing.T) {
	e := NewEncoder(EncoderConfig{Version: V31, MaxBatch: 32 << 10})
	if len(e.buf) != smallBatch || &e.buf[0] != &e.small[0] {
		t.Fatal("adaptive batch does not start inside the encoder")
	}
	var m msg.Msg
	m.Init(bytes.Repeat([]byte("x"), 100), 0)
	// Occasional frames: written before the batch fills, no growth.
	for range 10 {
		if !e.Encode(&m) {
			t.Fatal("no room in an empty batch")
		}
		drain(e)
	}
	if len(e.buf) != smallBatch {
		t.Fatalf("batch grew to %d without filling up", len(e.buf))
	}
	var sizes []int
	var out []byte
	frames := 0
	for range 8 {
		for e.Encode(&m) {
			frames++
		}
		out = append(out, drain(e)...)
		sizes = append(sizes, len(e.buf))
	}
	want := []int{initialBatch, 16 << 10, 32 << 10, 32 << 10}
	for i, w := range want {
		if sizes[i] != w {
			t.Fatalf("batch sizes %v, want %v...", sizes, want)
		}
	}
	got, err := decodeChunks(NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1}), out, newRand(t), 5000)
	if err != nil || len(got) != frames || !bytes.Equal(got[frames-1].body, m.Bytes()) {
		t.Fatalf("%d/%d frames, %v", len(got), frames, err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		for e.Encode(&m) {
		}
		e.Advance(e.Buffered())
	})
	if allocs != 0 {
		t.Fatalf("%v allocs per full batch", allocs)
	}
}

// Referenced bodies count against the batch: the encoder takes no new big body once a
// batch's worth is pending, so frames are not pulled far ahead of the socket.
func TestEncoderBoundsReferencedBytes(t *testing.T) {
	e := NewEncoder(EncoderConfig{Version: V31, MaxBatch: 64 << 10})
	big := make([]byte, 1<<20)
	var m, s msg.Msg
	m.InitRef(big, 0)
	s.Init([]byte("small frame"), 0)
	if !e.Encode(&m) {
		t.Fatal("a big body must fit an empty batch by reference")
	}
	if e.Encode(&m) {
		t.Fatal("second 1 MiB body taken while 1 MiB is pending")
	}
	if !e.Encode(&s) {
		t.Fatal("a small frame still fits the batch's room")
	}
	e.Advance(e.Buffered())
	if !e.Encode(&m) {
		t.Fatal("no room after the batch was written")
	}
}
