package zmtp

import (
	"testing"

	"github.com/zreactor/zmq/msg"
)

// Each op is one frame; batches are 64 KiB.

func BenchmarkEncode1B(b *testing.B)  { benchEncode(b, 1) }
func BenchmarkEncode64B(b *testing.B) { benchEncode(b, 64) }
func BenchmarkEncode1K(b *testing.B)  { benchEncode(b, 1024) }

func BenchmarkDecode1B(b *testing.B)  { benchDecode(b, 1) }
func BenchmarkDecode64B(b *testing.B) { benchDecode(b, 64) }
func BenchmarkDecode1K(b *testing.B)  { benchDecode(b, 1024) }

func benchEncode(b *testing.B, size int) {
	e := NewEncoder(EncoderConfig{Version: V31, Batch: make([]byte, 64<<10)})
	var m msg.Msg
	m.Init(make([]byte, size), 0)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if !e.Encode(&m) {
			e.Advance(e.Buffered()) // the write(2) of a full batch
			e.Encode(&m)
		}
	}
}

func benchDecode(b *testing.B, size int) {
	hdr := 2
	if size > 255 {
		hdr = 9
	}
	n := (64 << 10) / (hdr + size)
	frames := make([]frame, n)
	for i := range frames {
		frames[i] = frame{0, make([]byte, size)}
	}
	batch := encodeAll(b, V31, 64<<10, frames)
	d := NewDecoder(DecoderConfig{Version: V31, MaxMsgSize: -1})
	var m msg.Msg
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		d.Feed(batch) // the read(2) of one batch
		for {
			ok, err := d.Next(&m)
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
			if m.Flags()&msg.Pooled != 0 {
				msg.PutBody(m.Bytes()) // the receiving application frees each frame
			}
			done++
		}
	}
}
