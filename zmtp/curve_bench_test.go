package zmtp

import (
	"testing"

	"github.com/zreactor/zmq/msg"
)

var curveBenchSizes = []struct {
	name string
	n    int
}{{"1B", 1}, {"64B", 64}, {"1KiB", 1 << 10}, {"64KiB", 64 << 10}}

func BenchmarkCurveEncode(b *testing.B) {
	for _, sz := range curveBenchSizes {
		b.Run(sz.name, func(b *testing.B) { benchCurve(b, sz.n, false) })
	}
}

func BenchmarkCurveDecode(b *testing.B) {
	for _, sz := range curveBenchSizes {
		b.Run(sz.name, func(b *testing.B) { benchCurve(b, sz.n, true) })
	}
}

// benchCurve boxes (or opens) one n-byte frame per iteration on a connected client and
// server. Decoding opens the same MESSAGE each time, restored into the same buffer (the
// payload lands over the box) with the sequence check rewound, so the figure includes one
// copy of the frame.
func benchCurve(b *testing.B, n int, decode bool) {
	c, s := curveReadyPair(b)
	data := curvePattern(n)
	var m msg.Msg
	m.InitRef(data, 0)
	if err := c.Encode(&m); err != nil {
		b.Fatal(err)
	}
	sealed := append([]byte(nil), m.Bytes()...)
	buf := make([]byte, len(sealed))
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if !decode {
			m.InitRef(data, 0)
			if err := c.Encode(&m); err != nil {
				b.Fatal(err)
			}
			continue
		}
		copy(buf, sealed)
		m.InitRef(buf, 0)
		s.codec.peerNonce = 0
		if err := s.Decode(&m); err != nil {
			b.Fatal(err)
		}
	}
}
