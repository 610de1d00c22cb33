package gss

import (
	"testing"
)

// BenchmarkWrap and BenchmarkUnwrap measure the per-message cost of the CFX tokens with
// aes256-cts-hmac-sha1-96, the type MIT realms default to.
func BenchmarkWrap(b *testing.B) {
	for _, n := range []int{64, 16 << 20} {
		b.Run(sizeName(n), func(b *testing.B) {
			ini, _ := fixedPair(b)
			msg := make([]byte, n)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ini.Wrap(nil, msg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUnwrap(b *testing.B) {
	for _, n := range []int{64, 16 << 20} {
		b.Run(sizeName(n), func(b *testing.B) {
			ini, acc := fixedPair(b)
			msg := make([]byte, n)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			toks := make([][]byte, 0, 16)
			for b.Loop() {
				b.StopTimer()
				if len(toks) == 0 {
					for i := 0; i < 16; i++ {
						tok, _ := ini.Wrap(nil, msg)
						toks = append(toks, tok)
					}
				}
				tok := toks[0]
				toks = toks[1:]
				b.StartTimer()
				if _, err := acc.Unwrap(nil, tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func sizeName(n int) string {
	if n >= 1<<20 {
		return "16MiB"
	}
	return "64B"
}
