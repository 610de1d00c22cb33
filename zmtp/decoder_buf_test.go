package zmtp

import (
	"bytes"
	"testing"
	"unsafe"

	"github.com/zreactor/zmq/msg"
)

// read copies as much of *stream as the decoder offers (at most max bytes), as a read(2)
// would, and reports whether it landed in a big frame's own buffer.
func read(d *Decoder, stream *[]byte, limit int) (direct bool) {
	p := d.Buffer()
	n := copy(p[:min(len(p), limit)], *stream)
	direct = d.intoBig
	d.Filled(n)
	*stream = (*stream)[n:]
	return direct
}

// The read buffer is allocated on demand, stays small while reads do not fill it, and
// doubles up to MaxBufSize when they do.
func TestDecoderBufferGrows(t *testing.T) {
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 64, MaxBufSize: 256})
	if d.buf != nil {
		t.Fatal("read buffer allocated before any read")
	}
	var m msg.Msg
	small := encodeAll(t, V31, 1024, []frame{{0, []byte("hi")}})
	for range 10 {
		s := small
		read(d, &s, len(s))
		if ok, err := d.Next(&m); !ok || err != nil {
			t.Fatal(ok, err)
		}
		d.Next(&m)
	}
	if len(d.buf) != 64 {
		t.Fatalf("partial reads grew the buffer to %d", len(d.buf))
	}
	var many []frame
	for range 200 {
		many = append(many, frame{0, []byte("twenty bytes of body")})
	}
	stream := encodeAll(t, V31, 1024, many)
	var sizes []int
	for len(stream) > 0 {
		if !read(d, &stream, 1<<20) {
			sizes = append(sizes, len(d.buf))
		}
		for ok := true; ok; {
			ok, _ = d.Next(&m)
		}
	}
	if len(sizes) < 3 || sizes[0] != 64 || sizes[1] != 128 || sizes[2] != 256 || sizes[len(sizes)-1] != 256 {
		t.Fatalf("buffer sizes %v, want 64, 128, 256...", sizes)
	}
}

// A big frame gets one allocation when its size is within MaxBufSize of what arrived, and its
// rest is read straight into it.
func TestDecodeBigFrameOneAllocation(t *testing.T) {
	body := bytes.Repeat([]byte("z"), 64<<10)
	stream := encodeAll(t, V31, 1024, []frame{{0, []byte("a")}, {msg.More, body}, {0, []byte("b")}})
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 8 << 10, MaxBufSize: 64 << 10})
	var got []frame
	var m msg.Msg
	allocs, direct := 0, 0
	var bigPtr *byte
	seen := func() {
		if cap(d.big) > 0 && unsafe.SliceData(d.big) != bigPtr {
			allocs++
			bigPtr = unsafe.SliceData(d.big)
		}
	}
	for len(stream) > 0 {
		if read(d, &stream, 8<<10) {
			direct++
		}
		seen()
		for {
			ok, err := d.Next(&m)
			if err != nil {
				t.Fatal(err)
			}
			seen()
			if !ok {
				break
			}
			if m.Size() == len(body) && unsafe.SliceData(m.Bytes()) != bigPtr {
				t.Fatal("the frame was copied out of its own buffer")
			}
			got = append(got, frame{m.Flags() &^ msg.Pooled, bytes.Clone(m.Bytes())})
		}
	}
	if len(got) != 3 || !bytes.Equal(got[1].body, body) || got[1].flags != msg.More {
		t.Fatalf("%d frames", len(got))
	}
	if allocs != 1 || direct < 6 {
		t.Fatalf("%d allocations of the big frame, %d direct reads", allocs, direct)
	}
}

// held is the memory a big frame in progress holds: its chunks and its current buffer.
func (d *Decoder) held() int {
	n := cap(d.bigFull)
	for _, c := range d.chunks {
		n += cap(c)
	}
	return n
}

// heldBound is what a frame in progress may hold for arrived bytes: what arrived plus one
// chunk, the larger of MaxBufSize and a quarter of what arrived, rounded up to its pool class
// (at most a quarter more).
func heldBound(arrived, maxBufSize int) int {
	return arrived + max(maxBufSize, arrived/4)*5/4
}

// With an adaptive buffer, a declared 2^63-1 still costs only what arrives: about 1.25 times
// the bytes received plus MaxBufSize, through reads of any size, into the read buffer or
// straight into the frame's memory.
func TestDecodeHugeDeclaredSizeAdaptive(t *testing.T) {
	for _, chunk := range []int{5000, 100 << 10, 1 << 20} {
		d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 8 << 10, MaxBufSize: 64 << 10})
		stream := append(unhex(t, "02 7f ff ff ff ff ff ff ff"), make([]byte, 20<<20)...)
		received := len(stream)
		var m msg.Msg
		for len(stream) > 0 {
			read(d, &stream, chunk)
			if ok, err := d.Next(&m); ok || err != nil {
				t.Fatal(ok, err)
			}
			if h, arrived := d.held(), received-len(stream); h > heldBound(arrived, 64<<10) {
				t.Fatalf("reads of %d: %d bytes held for %d received", chunk, h, arrived)
			}
		}
		if p := d.Buffer(); len(p) > heldBound(received, 64<<10)-received {
			t.Fatalf("read target of %d bytes", len(p))
		}
		d.Release()
	}
}

// A frame assembled in chunks arrives whole and in one buffer of its own, and its chunks go
// back to the pool; a frame cut short by the end of its connection gives its memory back to
// the OS (Release): its chunks do not reach the pool.
func TestDecodeChunkedFrame(t *testing.T) {
	const size = 5 << 20
	body := make([]byte, size)
	for i := range body {
		body[i] = byte(i / 3)
	}
	stream := encodeAll(t, V31, 1024, []frame{{msg.More, body}})
	for msg.TryGetBody(size) != nil {
	}
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 8 << 10, MaxBufSize: 64 << 10})
	var m msg.Msg
	chunks := 0
	for s := stream; len(s) > 0; {
		read(d, &s, 300<<10)
		chunks = max(chunks, len(d.chunks))
		if ok, err := d.Next(&m); err != nil || ok != (len(s) == 0) {
			t.Fatal(ok, err)
		}
	}
	if chunks < 3 || !bytes.Equal(m.Bytes(), body) || m.Flags() != msg.More|msg.Pooled || len(d.chunks) != 0 {
		t.Fatalf("%d chunks; frame of %d bytes, flags %v", chunks, m.Size(), m.Flags())
	}
	before := msg.BigPoolBytes()
	cut := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 8 << 10, MaxBufSize: 64 << 10})
	for s := stream[:size/2]; len(s) > 0; {
		read(cut, &s, 300<<10)
		cut.Next(&m)
	}
	if len(cut.chunks) < 3 {
		t.Fatalf("%d chunks", len(cut.chunks))
	}
	cut.Release()
	if cut.held() != 0 || msg.BigPoolBytes() > before {
		t.Fatalf("a released frame still holds %d bytes, or gave %d to the pool", cut.held(), msg.BigPoolBytes()-before)
	}
}

// A recycled buffer of the declared size is taken whole: no growth copies, and the frame is
// read straight into it. Without one, the buffer follows the bytes that arrive.
func TestDecoderTakesRecycledBuffer(t *testing.T) {
	const size = 3 << 20
	body := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	stream := encodeAll(t, V31, 1024, []frame{{0, body}})
	decode := func() (*Decoder, []byte) {
		d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 8 << 10, MaxBufSize: 64 << 10})
		s := stream
		read(d, &s, 100) // the header and a few bytes
		var m msg.Msg
		if ok, err := d.Next(&m); ok || err != nil {
			t.Fatal(ok, err)
		}
		first := d.big
		for len(s) > 0 {
			read(d, &s, 256<<10)
			if ok, err := d.Next(&m); err != nil || ok != (len(s) == 0) {
				t.Fatal(ok, err)
			}
		}
		if !bytes.Equal(m.Bytes(), body) || m.Flags() != msg.Pooled {
			t.Fatalf("frame of %d bytes, flags %v", m.Size(), m.Flags())
		}
		return d, first
	}
	// Drain the pool's class first: other tests may have left buffers there.
	for msg.TryGetBody(size) != nil {
	}
	if d, first := decode(); d.recycled || cap(first) >= size {
		t.Fatalf("fresh decode: recycled %v, first buffer %d bytes for %d received", d.recycled, cap(first), len(first))
	}
	// sync.Pool may drop what it is given (it does so at random under -race): retry.
	for range 20 {
		recycled := msg.GetBody(size, nil)
		msg.PutBody(recycled)
		d, first := decode()
		if !d.recycled {
			continue
		}
		if cap(first) != size || unsafe.SliceData(first) != unsafe.SliceData(recycled) {
			t.Fatalf("recycled buffer not taken whole: cap %d", cap(first))
		}
		return
	}
	t.Fatal("a recycled buffer of the declared size was never taken")
}

// A connection that has delivered a frame of some size gets the whole buffer at once for the
// next frames up to that size, pool or not; a bigger one grows from the bytes again.
func TestDecoderTrustsProvenSize(t *testing.T) {
	const size = 3 << 20
	body := bytes.Repeat([]byte("fedcba9876543210"), size/16)
	bigger := append(bytes.Clone(body), body[:size/2]...)
	stream := encodeAll(t, V31, 1024, []frame{{0, body}, {0, body}, {0, bigger}})
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1, BufSize: 8 << 10, MaxBufSize: 64 << 10})
	var firstCaps []int // capacity of each frame's first own buffer
	var m msg.Msg
	var got [][]byte
	tracked := false
	track := func() {
		if !tracked && d.state == stBig && d.big != nil {
			firstCaps, tracked = append(firstCaps, cap(d.big)), true
		}
	}
	for len(stream) > 0 {
		for msg.TryGetBody(size) != nil || msg.TryGetBody(len(bigger)) != nil {
		} // an empty pool: only the proven size may skip growth
		read(d, &stream, 100<<10)
		track()
		for {
			ok, err := d.Next(&m)
			if err != nil {
				t.Fatal(err)
			}
			track()
			if !ok {
				break
			}
			got = append(got, bytes.Clone(m.Bytes()))
			tracked = false
			track()
		}
	}
	if len(got) != 3 || !bytes.Equal(got[0], body) || !bytes.Equal(got[1], body) || !bytes.Equal(got[2], bigger) {
		t.Fatalf("%d frames, or wrong contents", len(got))
	}
	if len(firstCaps) != 3 || firstCaps[0] >= size || firstCaps[1] != size || firstCaps[2] >= len(bigger) {
		t.Fatalf("first buffers %v: want the first and third grown from what arrived, the second whole (%d)", firstCaps, size)
	}
}
