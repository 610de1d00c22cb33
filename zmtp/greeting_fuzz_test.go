package zmtp

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/zreactor/zmq/options"
)

func FuzzGreeting(f *testing.F) {
	f.Add(uint64(0), peerGreeting3(3, 1, "NULL"))
	f.Add(uint64(1), peerGreeting3(3, 0, "NULL"))
	f.Add(uint64(2), peerGreeting3(3, 1, "PLAIN"))
	f.Add(uint64(3), peerGreeting3(1, 5, "")[:14])
	f.Add(uint64(4), peerGreeting3(0, 5, "")[:12])
	f.Add(uint64(5), []byte{1, 0, 'x'})
	f.Add(uint64(6), unhex(f, "ff 00 00 00 00 00 00 00 02 00 41"))
	f.Fuzz(func(t *testing.T, seed uint64, peer []byte) {
		rng := rand.New(rand.NewPCG(seed, 3))
		cfg := GreetingConfig{SocketType: options.DEALER, RoutingID: []byte("rid")}
		var whole, chunked GreetingExchange
		whole.Init(cfg)
		chunked.Init(cfg)
		wn, werr := whole.In(peer)
		cn := 0
		var cerr error
		for cn < len(peer) && !chunked.Done() {
			k := min(1+rng.IntN(16), len(peer)-cn)
			var c int
			c, cerr = chunked.In(peer[cn : cn+k])
			cn += c
			if c < k && !chunked.Done() {
				t.Fatal("In stopped early without finishing")
			}
		}
		if wn != cn || werr != cerr || whole.Version() != chunked.Version() ||
			!bytes.Equal(whole.Out(), chunked.Out()) || !bytes.Equal(whole.Replay(), chunked.Replay()) {
			t.Fatalf("chunking changed the outcome: %d/%d %v/%v %v/%v", wn, cn, werr, cerr, whole.Version(), chunked.Version())
		}
		if wn > V3GreetingSize || !bytes.Equal(whole.Replay(), peer[:wn]) {
			t.Fatalf("consumed %d", wn)
		}
		switch out := whole.Out(); whole.Version() {
		case V30, V31:
			if len(out) != V3GreetingSize || wn != V3GreetingSize {
				t.Fatalf("3.x: sent %d, read %d", len(out), wn)
			}
		case V10, V20:
			if len(out) != V2GreetingSize || out[11] != byte(options.DEALER) || wn != V2GreetingSize {
				t.Fatalf("2.0: sent % x", out)
			}
		case V10Unversioned:
			if !bytes.Equal(out[SignatureSize:], []byte("rid")) {
				t.Fatalf("1.0: sent % x", out)
			}
		}
	})
}
