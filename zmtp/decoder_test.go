package zmtp

import (
	"bytes"
	"errors"
	"math"
	"syscall"
	"testing"
	"unsafe"

	"github.com/zreactor/zmq/msg"
)

var allVersions = []Version{V10Unversioned, V10, V20, V30, V31}

func boundaryFrames(huge bool) []frame {
	sizes := []int{0, 1, 31, 32, 33, 255, 256, 8191, 8192, 65535, 65536, 65537}
	if huge {
		sizes = append(sizes, 16<<20)
	}
	var fs []frame
	for i, n := range sizes {
		b := make([]byte, n)
		for j := range b {
			b[j] = byte(i + j*7)
		}
		fs = append(fs, frame{msg.Flags(i%2) * msg.More, b})
	}
	return fs
}

// Round trip through encoder and decoder, random chunks, every version.
func TestRoundTripBoundarySizes(t *testing.T) {
	rng := newRand(t)
	for _, v := range allVersions {
		frames := boundaryFrames(false)
		stream := encodeAll(t, v, 64<<10, frames)
		for _, maxChunk := range []int{70000, 1000, 7} {
			d := NewDecoder(DecoderConfig{Version: v, MaxMsgSize: -1, BufSize: 8192})
			got, err := decodeChunks(d, stream, rng, maxChunk)
			if err != nil || !equalFrames(got, frames) {
				t.Fatalf("%v chunk=%d: err=%v, %d frames", v, maxChunk, err, len(got))
			}
		}
	}
}

// A 16 MiB frame between small ones, for both framings.
func TestRoundTrip16MiB(t *testing.T) {
	rng := newRand(t)
	frames := boundaryFrames(true)
	for _, v := range []Version{V10, V31} {
		stream := encodeAll(t, v, 64<<10, frames)
		d := NewDecoder(DecoderConfig{Version: v, MaxMsgSize: 16 << 20})
		got, err := decodeChunks(d, stream, rng, 1<<20)
		if err != nil || !equalFrames(got, frames) {
			t.Fatalf("%v: err=%v, %d frames", v, err, len(got))
		}
	}
}

func TestRoundTripSmallFramesByteAtATime(t *testing.T) {
	rng := newRand(t)
	var frames []frame
	for i := range 300 {
		b := make([]byte, rng.IntN(300))
		for j := range b {
			b[j] = byte(rng.Uint32())
		}
		frames = append(frames, frame{msg.Flags(i%2) | msg.Flags(i%3/2)*msg.Command, b})
	}
	for _, v := range []Version{V10, V31} {
		want := frames
		if v.Framing() == FramingV1 {
			want = nil
			for _, f := range frames {
				want = append(want, frame{f.flags & msg.More, f.body})
			}
		}
		d := NewDecoder(DecoderConfig{Version: v, MaxMsgSize: -1, BufSize: 64})
		got, err := decodeChunks(d, encodeAll(t, v, 4096, frames), rng, 1)
		if err != nil || !equalFrames(got, want) {
			t.Fatalf("%v: err=%v, %d frames", v, err, len(got))
		}
	}
}

func TestDecodeDealerMessageAndFlags(t *testing.T) {
	// LONG for a small size, reserved bits set: both accepted, as libzmq does.
	in := unhex(t, `01 01 78 00 05 "hello" fa 00 00 00 00 00 00 00 02 "hi" 0c 00`)
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1})
	got, err := decodeChunks(d, in, newRand(t), 100)
	want := []frame{{msg.More, []byte("x")}, {0, []byte("hello")}, {0, []byte("hi")}, {msg.Command, []byte{}}}
	if err != nil || !equalFrames(got, want) {
		t.Fatalf("err=%v got %v", err, got)
	}
}

func TestDecodeMaxMsgSize(t *testing.T) {
	for _, v := range []Version{V10, V31} {
		ok := encodeAll(t, v, 1024, []frame{{0, make([]byte, 100)}})
		bad := encodeAll(t, v, 1024, []frame{{0, make([]byte, 101)}})
		d := NewDecoder(DecoderConfig{Version: v, MaxMsgSize: 100})
		if got, err := decodeChunks(d, ok, newRand(t), 9); err != nil || len(got) != 1 {
			t.Fatalf("%v: %v", v, err)
		}
		_, err := decodeChunks(d, bad[:12], newRand(t), 9) // rejected at size time
		if !errors.Is(err, ErrMsgSize) || !errors.Is(err, syscall.EMSGSIZE) {
			t.Fatalf("%v: %v", v, err)
		}
		var m msg.Msg
		if _, err2 := d.Next(&m); err2 != err {
			t.Fatal("error not sticky")
		}
	}
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: 0})
	if got, err := decodeChunks(d, unhex(t, "00 00 00 01 41"), newRand(t), 9); len(got) != 1 || !errors.Is(err, ErrMsgSize) {
		t.Fatalf("MaxMsgSize 0: %d frames, %v", len(got), err)
	}
}

// A declared 2^63 (or 2^63-1 with no limit) must neither allocate from the declared size nor
// panic; memory follows the bytes that actually arrive.
func TestDecodeHugeDeclaredSize(t *testing.T) {
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1})
	if _, err := decodeChunks(d, unhex(t, "02 80 00 00 00 00 00 00 00 aa"), newRand(t), 9); !errors.Is(err, ErrMsgSize) {
		t.Fatalf("2^63: %v", err)
	}
	d = NewDecoder(DecoderConfig{Version: V10, MaxMsgSize: -1})
	if _, err := decodeChunks(d, unhex(t, "ff ff ff ff ff ff ff ff ff 00"), newRand(t), 9); !errors.Is(err, ErrMsgSize) {
		t.Fatalf("v1 2^64-1: %v", err)
	}
	for _, v := range []Version{V10, V31} {
		d = NewDecoder(DecoderConfig{Version: v, MaxMsgSize: -1, BufSize: 4096})
		hdr := unhex(t, "02 7f ff ff ff ff ff ff ff")
		if v == V10 {
			hdr = unhex(t, "ff 7f ff ff ff ff ff ff ff 00")
		}
		body := make([]byte, 100000)
		if got, err := decodeChunks(d, append(hdr, body...), newRand(t), 5000); err != nil || len(got) != 0 {
			t.Fatalf("%v: %v", v, err)
		}
		// The big frame's memory follows the bytes that arrive (decoder_buf.go): what the
		// peer actually sent plus a chunk, never what it declared.
		if h := d.held(); h > heldBound(len(body), d.maxBufSize) {
			t.Fatalf("%v: %d bytes held for %d received", v, h, len(body))
		}
		if p := d.Buffer(); len(p) > heldBound(len(body), d.maxBufSize)-len(body) {
			t.Fatalf("%v: read target of %d bytes", v, len(p))
		}
	}
}

func TestDecodeV1ZeroLength(t *testing.T) {
	for _, in := range []string{"00", "ff 00 00 00 00 00 00 00 00", "02 00 41 00 00"} {
		d := NewDecoder(DecoderConfig{Version: V10, MaxMsgSize: -1})
		if _, err := decodeChunks(d, unhex(t, in), newRand(t), 3); !errors.Is(err, ErrZeroLength) || !errors.Is(err, syscall.EPROTO) {
			t.Errorf("%s: %v", in, err)
		}
	}
}

func TestDecodeTruncated(t *testing.T) {
	stream := encodeAll(t, V31, 1024, []frame{{0, []byte("abc")}, {msg.More, make([]byte, 300)}})
	for cut := range len(stream) {
		d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1})
		got, err := decodeChunks(d, stream[:cut], newRand(t), 7)
		if err != nil || (cut < 5 && len(got) != 0) || (cut >= 5 && len(got) != 1) {
			t.Fatalf("cut %d: %d frames, %v", cut, len(got), err)
		}
	}
}

// Delivered frames are the caller's: decoding on, with the read buffer reused, never
// overwrites them.
func TestDecodeKeepsDeliveredFrames(t *testing.T) {
	var frames []frame
	for i := range 200 {
		frames = append(frames, frame{0, bytes.Repeat([]byte{byte(i)}, 40+i)})
	}
	stream := encodeAll(t, V31, 64<<10, frames)
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 1024})
	var kept []msg.Msg
	var m msg.Msg
	for len(stream) > 0 {
		stream = stream[d.Feed(stream):]
		for {
			ok, err := d.Next(&m)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			kept = append(kept, m)
		}
	}
	if len(kept) != len(frames) {
		t.Fatalf("%d frames", len(kept))
	}
	for i := range kept {
		if !bytes.Equal(kept[i].Bytes(), frames[i].body) {
			t.Fatalf("frame %d overwritten", i)
		}
	}
}

// A frame bigger than the read buffer is read straight into its own memory (here, since the
// peer has proven nothing, its first chunk of MaxBufSize).
func TestDecodeReadsBigBodyInPlace(t *testing.T) {
	body := bytes.Repeat([]byte("z"), 1<<20)
	stream := encodeAll(t, V31, 64<<10, []frame{{msg.More, body}})
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 8192, MaxBufSize: 64 << 10})
	stream = stream[d.Feed(stream[:100]):]
	var m msg.Msg
	if ok, _ := d.Next(&m); ok {
		t.Fatal("frame complete too early")
	}
	p := d.Buffer()
	if len(p) < 8192 || unsafe.SliceData(p) != unsafe.SliceData(d.big[len(d.big):cap(d.big)]) {
		t.Fatalf("read target is not the frame's buffer (%d bytes)", len(p))
	}
	for len(stream) > 0 {
		p := d.Buffer()
		n := copy(p, stream)
		d.Filled(n)
		stream = stream[n:]
		if ok, err := d.Next(&m); err != nil || ok != (len(stream) == 0) {
			t.Fatalf("ok=%v err=%v with %d left", ok, err, len(stream))
		}
	}
	if !bytes.Equal(m.Bytes(), body) || !m.More() {
		t.Fatal("body differs")
	}
}

func TestDecodeZeroAllocSmallFrames(t *testing.T) {
	stream := encodeAll(t, V31, 64<<10, []frame{{msg.More, []byte("abc")}, {0, make([]byte, 32)}})
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1})
	var m msg.Msg
	allocs := testing.AllocsPerRun(1000, func() {
		for off := 0; off < len(stream); {
			off += d.Feed(stream[off : off+min(3, len(stream)-off)])
			for {
				if ok, _ := d.Next(&m); !ok {
					break
				}
			}
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocs", allocs)
	}
}

func TestDecodeSizeFitsInt(t *testing.T) {
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: math.MaxInt64})
	if err := d.checkSize(1 << 63); !errors.Is(err, ErrMsgSize) {
		t.Fatal(err)
	}
}

// A caller that stops calling Next (backpressure) and reads again gets the undecoded bytes
// moved to the front of the read buffer.
func TestDecodeCompactsAfterBackpressure(t *testing.T) {
	var frames []frame
	for i := range 40 {
		frames = append(frames, frame{0, bytes.Repeat([]byte{byte(i)}, 40)})
	}
	stream := encodeAll(t, V31, 4096, frames)
	{
		d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 256})
		var got []msg.Msg
		var m msg.Msg
		in := stream
		for len(in) > 0 || d.Buffered() > 0 {
			in = in[d.Feed(in):]
			if ok, err := d.Next(&m); err != nil {
				t.Fatal(err)
			} else if ok {
				got = append(got, m) // one frame per read: the pipe is "full"
			}
		}
		for {
			ok, _ := d.Next(&m)
			if !ok {
				break
			}
			got = append(got, m)
		}
		if len(got) != len(frames) {
			t.Fatalf("%d frames", len(got))
		}
		for i := range got {
			if !bytes.Equal(got[i].Bytes(), frames[i].body) {
				t.Fatalf("frame %d differs", i)
			}
		}
	}
}
