package zmtp

import (
	"bytes"
	"testing"
	"unsafe"

	"github.com/zreactor/zmq/msg"
)

func TestEncodeDealerMessage(t *testing.T) {
	got := encodeAll(t, V31, 64, []frame{{msg.More, []byte("x")}, {0, []byte("hello")}})
	if want := unhex(t, "01 01 78 00 05 68 65 6c 6c 6f"); !bytes.Equal(got, want) {
		t.Fatalf("% x", got)
	}
}

func TestEncodeV2SizeBoundaries(t *testing.T) {
	for _, c := range []struct {
		size int
		hdr  string
	}{
		{0, "00 00"}, {255, "00 ff"}, {256, "02 00 00 00 00 00 00 01 00"},
		{70000, "02 00 00 00 00 00 01 11 70"},
	} {
		got := encodeAll(t, V31, 1024, []frame{{0, make([]byte, c.size)}})
		if want := unhex(t, c.hdr); !bytes.Equal(got[:len(want)], want) || len(got) != len(want)+c.size {
			t.Errorf("size %d: header % x", c.size, got[:min(len(got), 9)])
		}
	}
	got := encodeAll(t, V31, 64, []frame{{msg.Command | msg.More, []byte("ab")}})
	if !bytes.Equal(got, unhex(t, `05 02 "ab"`)) {
		t.Errorf("command|more: % x", got)
	}
}

func TestEncodeV1SizeBoundaries(t *testing.T) {
	for _, c := range []struct {
		size int
		hdr  string
	}{
		{0, "01 00"}, {253, "fe 00"}, {254, "ff 00 00 00 00 00 00 00 ff 00"},
	} {
		got := encodeAll(t, V10, 1024, []frame{{0, make([]byte, c.size)}})
		if want := unhex(t, c.hdr); !bytes.Equal(got[:len(want)], want) {
			t.Errorf("size %d: header % x", c.size, got[:10])
		}
	}
	// v1 carries MORE only; a command flag cannot be expressed and is dropped.
	got := encodeAll(t, V10Unversioned, 64, []frame{{msg.More | msg.Command, []byte("a")}})
	if !bytes.Equal(got, unhex(t, `02 01 "a"`)) {
		t.Errorf("% x", got)
	}
}

func TestEncodeSubscriptionForms(t *testing.T) {
	for _, c := range []struct {
		v      Version
		cancel bool
		want   string
	}{
		{V31, false, `04 0b 09 "SUBSCRIBE" 41`},
		{V31, true, `04 08 06 "CANCEL" 41`},
		{V30, false, "00 02 01 41"},
		{V30, true, "00 02 00 41"},
		{V20, false, "00 02 01 41"},
		{V10, false, "03 00 01 41"},
	} {
		e := NewEncoder(EncoderConfig{Version: c.v, Batch: make([]byte, 64)})
		if !e.EncodeSubscription([]byte("A"), c.cancel) {
			t.Fatal("no room")
		}
		if got := e.Pending()[0]; !bytes.Equal(got, unhex(t, c.want)) {
			t.Errorf("%v cancel=%v: % x", c.v, c.cancel, got)
		}
	}
}

// Big bodies are referenced, not copied, and the batch resumes after them.
func TestEncodeZeroCopySegments(t *testing.T) {
	e := NewEncoder(EncoderConfig{Version: V31, Batch: make([]byte, 1024), ZeroCopyMin: 100})
	big := bytes.Repeat([]byte{7}, 5000)
	var a, b, c msg.Msg
	a.Init([]byte("a"), msg.More)
	b.InitRef(big, msg.More)
	c.Init([]byte("c"), 0)
	if !e.Encode(&a) || !e.Encode(&b) || !e.Encode(&c) {
		t.Fatal("no room")
	}
	segs := e.Pending()
	if len(segs) != 3 || unsafe.SliceData(segs[1]) != unsafe.SliceData(big) {
		t.Fatalf("segments %d, body referenced: %v", len(segs), len(segs) > 1 && unsafe.SliceData(segs[1]) == unsafe.SliceData(big))
	}
	if !bytes.Equal(segs[0], unhex(t, `01 01 "a" 03 00 00 00 00 00 00 13 88`)) ||
		!bytes.Equal(segs[2], unhex(t, `00 01 "c"`)) || e.Buffered() != 12+5000+3 {
		t.Fatalf("% x / % x / %d", segs[0], segs[2], e.Buffered())
	}
	// Partial writes across segment boundaries, then the batch is reused from its start.
	e.Advance(5)
	e.Advance(10)
	if e.Buffered() != 5000 || len(e.Pending()) != 2 || len(e.Pending()[0]) != 4997 {
		t.Fatalf("after partial advance: %d bytes, %d segs", e.Buffered(), len(e.Pending()))
	}
	e.Advance(5000)
	if e.Buffered() != 0 || len(e.Pending()) != 0 || e.wpos != 0 {
		t.Fatal("not reset")
	}
}

func TestEncodeBatchFull(t *testing.T) {
	e := NewEncoder(EncoderConfig{Version: V31, Batch: make([]byte, 100)})
	var m msg.Msg
	m.Init(make([]byte, 50), 0)
	if !e.Encode(&m) || e.Encode(&m) {
		t.Fatal("second 50-byte frame must not fit a 100-byte batch")
	}
	// The segment list is bounded too.
	e = NewEncoder(EncoderConfig{Version: V31, Batch: make([]byte, 4096), ZeroCopyMin: 64})
	m.Init(make([]byte, 64), 0)
	n := 0
	for e.Encode(&m) {
		n++
	}
	if n == 0 || len(e.Pending()) > maxSegments {
		t.Fatalf("%d frames, %d segments", n, len(e.Pending()))
	}
}

func TestEncodeZeroAlloc(t *testing.T) {
	e := NewEncoder(EncoderConfig{Version: V31, Batch: make([]byte, 64<<10)})
	var m msg.Msg
	m.Init(make([]byte, 64), msg.More)
	topic := []byte("topic")
	allocs := testing.AllocsPerRun(1000, func() {
		if !e.Encode(&m) {
			e.Advance(e.Buffered())
		}
		e.EncodeSubscription(topic, false)
	})
	if allocs != 0 {
		t.Fatalf("%v allocs per frame", allocs)
	}
}

// Lead cuts a write 8 KiB into the first big body not yet started, after whatever precedes
// it; PendingPrefix lists that cut without touching the pending segments.
func TestEncoderLead(t *testing.T) {
	e := NewEncoder(EncoderConfig{Version: V31, Batch: make([]byte, 64<<10)})
	big := bytes.Repeat([]byte("b"), 100_000)
	mid := bytes.Repeat([]byte("m"), 20_000)
	for _, f := range []frame{{0, []byte("small")}, {0, mid}, {0, big}} {
		var m msg.Msg
		m.InitRef(f.body, f.flags)
		if !e.Encode(&m) {
			t.Fatal("encode refused")
		}
	}
	// "small" (2+5), mid's header (9) and body, big's header (9): then the big body.
	before := 7 + 9 + len(mid) + 9
	if got := e.Lead(50_000, 8192); got != before+8192 {
		t.Fatalf("Lead = %d, want %d", got, before+8192)
	}
	if got := e.Lead(200_000, 8192); got != 0 {
		t.Fatalf("Lead with no body that big = %d", got)
	}
	var scratch [8][]byte
	iov := e.PendingPrefix(before+8192, scratch[:])
	n := 0
	for _, s := range iov {
		n += len(s)
	}
	if n != before+8192 || len(iov[len(iov)-1]) != 8192 || &iov[len(iov)-1][0] != &big[0] {
		t.Fatalf("prefix of %d bytes in %d segments", n, len(iov))
	}
	if e.Buffered() != before+len(big) {
		t.Fatal("PendingPrefix changed what is pending")
	}
	if e.PendingPrefix(before+8192, scratch[:2]) != nil {
		t.Fatal("a prefix longer than its scratch was listed")
	}
	// Once the lead is written, the rest of that body goes in one write.
	e.Advance(before + 8192)
	if got := e.Lead(50_000, 8192); got != 0 {
		t.Fatalf("Lead after the body started = %d", got)
	}
	e.Advance(e.Buffered())
	// A body whose lead would be all of it is not cut.
	var m msg.Msg
	m.Init(bytes.Repeat([]byte("x"), 60_000), 0)
	e.Encode(&m)
	if got := e.Lead(50_000, 60_000); got != 0 {
		t.Fatalf("Lead leaving nothing to follow = %d", got)
	}
}
