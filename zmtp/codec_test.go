package zmtp

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/msg"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// frame is a decoded or to-be-encoded frame, compared by value in tests.
type frame struct {
	flags msg.Flags
	body  []byte
}

// unhex parses hex with spaces, and "READY"-style quoted words as ASCII: `04 29 "READY"`.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	var out []byte
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(w, `"`) {
			out = append(out, strings.Trim(w, `"`)...)
			continue
		}
		b, err := hex.DecodeString(w)
		if err != nil {
			t.Fatalf("bad hex %q: %v", w, err)
		}
		out = append(out, b...)
	}
	return out
}

// encodeAll encodes frames with a small batch, draining Pending as a writer would, and returns
// the byte stream.
func encodeAll(t testing.TB, v Version, batch int, frames []frame) []byte {
	t.Helper()
	e := NewEncoder(EncoderConfig{Version: v, Batch: make([]byte, batch)})
	var out []byte
	drain := func() {
		for _, s := range e.Pending() {
			out = append(out, s...)
		}
		e.Advance(e.Buffered())
	}
	for _, f := range frames {
		var m msg.Msg
		m.Init(f.body, f.flags)
		for !e.Encode(&m) {
			if e.Buffered() == 0 {
				t.Fatalf("frame of %d bytes never fits", len(f.body))
			}
			drain()
		}
	}
	drain()
	return out
}

// decodeChunks decodes stream fed in random chunk sizes (up to maxChunk) through
// Buffer/Filled and returns the frames and the first error.
func decodeChunks(d *Decoder, stream []byte, rng *rand.Rand, maxChunk int) ([]frame, error) {
	var out []frame
	var m msg.Msg
	for {
		for {
			ok, err := d.Next(&m)
			if err != nil {
				return out, err
			}
			if !ok {
				break
			}
			out = append(out, frame{m.Flags() &^ msg.Pooled, append([]byte{}, m.Bytes()...)})
		}
		if len(stream) == 0 {
			return out, nil
		}
		p := d.Buffer()
		n := min(len(p), len(stream), 1+rng.IntN(maxChunk))
		copy(p, stream[:n])
		d.Filled(n)
		stream = stream[n:]
	}
}

func equalFrames(a, b []frame) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].flags != b[i].flags || !bytes.Equal(a[i].body, b[i].body) {
			return false
		}
	}
	return true
}

func newRand(t testing.TB) *rand.Rand {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	return rand.New(rand.NewPCG(seed, 1))
}
