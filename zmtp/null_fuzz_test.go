package zmtp

import (
	"math/rand/v2"
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// FuzzHandshake plays the peer's side of a whole ZMTP 3.x connection against our greeting,
// v2 decoder and NULL mechanism (a ROUTER), then parses whatever commands follow.
func FuzzHandshake(f *testing.F) {
	dealer := func(extra ...frame) []byte {
		fs := append([]frame{{msg.Command, AppendReady(nil, options.DEALER, []byte("peer"), map[string]string{"X-k": "v"})}}, extra...)
		return append(peerGreeting3(3, 1, "NULL"), encodeAll(f, V31, 4096, fs)...)
	}
	f.Add(uint64(0), dealer())
	f.Add(uint64(1), dealer(frame{msg.More, []byte("x")}, frame{0, []byte("hello")}))
	f.Add(uint64(2), dealer(frame{msg.Command, AppendPing(nil, 10, []byte("c"))}, frame{msg.Command, AppendSubscribe(nil, []byte("t"), false)}))
	f.Add(uint64(3), append(peerGreeting3(3, 0, "NULL"), encodeAll(f, V31, 4096, []frame{{msg.Command, AppendError(nil, "400")}})...))
	f.Add(uint64(4), append(peerGreeting3(3, 1, "NULL"), encodeAll(f, V31, 4096, []frame{{msg.Command, AppendReady(nil, options.PUB, nil, nil)}})...))
	f.Fuzz(func(t *testing.T, seed uint64, in []byte) {
		rng := rand.New(rand.NewPCG(seed, 4))
		var g GreetingExchange
		g.Init(GreetingConfig{SocketType: options.ROUTER})
		for !g.Done() && len(in) > 0 {
			n, _ := g.In(in[:min(len(in), 1+rng.IntN(20))])
			in = in[n:]
		}
		if g.Err() != nil || (g.Version() != V30 && g.Version() != V31) {
			return
		}
		d := NewDecoder(DecoderConfig{Version: g.Version(), MaxMsgSize: 1 << 20, BufSize: 256})
		mech := NewNullMechanism(MechanismOptions{SocketType: options.ROUTER, RecvRoutingID: true, MaxMetadataSize: 1024})
		var out msg.Msg
		if ok, err := mech.NextHandshakeCommand(&out); !ok || err != nil {
			t.Fatal("no READY to send")
		}
		var m msg.Msg
		for len(in) > 0 {
			in = in[d.Feed(in[:min(len(in), 1+rng.IntN(300))]):]
			for {
				ok, err := d.Next(&m)
				if err != nil {
					return
				}
				if !ok {
					break
				}
				if mech.Status() != Ready {
					if mech.ProcessHandshakeCommand(&m) != nil {
						return
					}
					continue
				}
				if m.IsCommand() {
					ParsePing(m.Bytes())
					ParsePong(m.Bytes())
				}
				ParseSubscription(m.Flags(), m.Bytes())
			}
		}
		if mech.Status() == Ready {
			if st := mech.PeerProperties()[PropSocketType]; st != "" && !options.ROUTER.Compatible([]byte(st)) {
				t.Fatalf("accepted peer type %q", st)
			}
			if id, ok := mech.PeerRoutingID(); ok && len(id) > 1024 {
				t.Fatal("identity over the metadata bound")
			}
		}
	})
}
