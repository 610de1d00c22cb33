package main

import (
	"math/rand/v2"
	"testing"
)

// TestParserSplits feeds a stream of mixed frames cut at random points and
// checks every frame is counted exactly once.
func TestParserSplits(t *testing.T) {
	var stream []byte
	sizes := []int{0, 1, 255, 256, 70000, 3, 65536}
	for _, s := range sizes {
		stream = append(stream, frame(s)...)
	}
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 1))
		var p parser
		got := 0
		for b := stream; len(b) > 0; {
			n := min(len(b), 1+r.IntN(300))
			got += p.feed(b[:n])
			b = b[n:]
		}
		if got != len(sizes) {
			t.Fatalf("seed %d: %d frames, want %d", seed, got, len(sizes))
		}
	}
}
