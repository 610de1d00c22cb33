package zmtp

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/zreactor/zmq/msg"
)

func FuzzV2Decoder(f *testing.F) { fuzzDecoder(f, V31) }

func FuzzV1Decoder(f *testing.F) { fuzzDecoder(f, V10) }

// seedFrames are the encoder-made streams the decoder fuzzers start from.
func seedStreams(t testing.TB, v Version) [][]byte {
	mk := func(fs ...frame) []byte { return encodeAll(t, v, 4096, fs) }
	streams := [][]byte{
		mk(frame{msg.More, []byte("x")}, frame{0, []byte("hello")}),
		mk(frame{msg.Command, AppendPing(nil, 15, []byte("ctx"))}),
		mk(frame{0, make([]byte, 255)}, frame{msg.More, make([]byte, 256)}, frame{0, nil}),
		mk(frame{0, make([]byte, 33)}, frame{0, make([]byte, 5000)}),
	}
	if v.Framing() == FramingV2 {
		streams = append(streams, unhex(t, "02 80 00 00 00 00 00 00 00"), unhex(t, "fa 00 00 00 00 00 00 00 02 41 42"),
			unhex(t, "02 7f ff ff ff ff ff ff ff 00 01 02"))
	} else {
		streams = append(streams, unhex(t, "00"), unhex(t, "ff 00 00 00 00 00 00 00 00"),
			unhex(t, "ff 7f ff ff ff ff ff ff ff 00 01 02"))
	}
	return streams
}

func fuzzDecoder(f *testing.F, v Version) {
	for i, s := range seedStreams(f, v) {
		f.Add(uint64(i), s)
	}
	f.Fuzz(func(t *testing.T, seed uint64, stream []byte) {
		rng := rand.New(rand.NewPCG(seed, 2))
		whole := NewDecoder(DecoderConfig{Version: v, MaxMsgSize: -1, BufSize: 4096})
		want, werr := decodeChunks(whole, stream, rng, len(stream)+1)
		chunked := NewDecoder(DecoderConfig{Version: v, MaxMsgSize: -1, BufSize: 64})
		got, gerr := decodeChunks(chunked, stream, rng, 1+rng.IntN(100))
		if !equalFrames(got, want) || !errors.Is(gerr, werr) {
			t.Fatalf("chunking changed the result: %d/%d frames, %v/%v", len(got), len(want), gerr, werr)
		}
		// Fresh memory follows the bytes received, whatever size was declared: what arrived
		// plus one chunk (a recycled buffer of the declared size, taken whole, is memory
		// already committed).
		for _, d := range []*Decoder{whole, chunked} {
			if !d.recycled && d.held() > heldBound(len(stream), d.maxBufSize) {
				t.Fatalf("%d bytes held for a %d-byte stream", d.held(), len(stream))
			}
		}
		// MaxMsgSize: every delivered frame is within it.
		limited := NewDecoder(DecoderConfig{Version: v, MaxMsgSize: 100, BufSize: 128})
		lf, lerr := decodeChunks(limited, stream, rng, 50)
		for _, fr := range lf {
			if len(fr.body) > 100 {
				t.Fatalf("frame of %d bytes passed MaxMsgSize 100", len(fr.body))
			}
		}
		if lerr != nil && werr == nil && !errors.Is(lerr, ErrMsgSize) {
			t.Fatalf("limit produced %v", lerr)
		}
		// Round trip: what was decoded re-encodes and decodes to the same frames.
		again, err := decodeChunks(NewDecoder(DecoderConfig{Version: v, MaxMsgSize: -1, BufSize: 4096}),
			encodeAll(t, v, 4096, want), rng, 1+rng.IntN(300))
		if err != nil || !equalFrames(again, want) {
			t.Fatalf("round trip: %v", err)
		}
	})
}
