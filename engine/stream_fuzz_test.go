package engine

import (
	"testing"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/zmtp"
	"golang.org/x/sys/unix"
)

var fuzzTypes = []options.Type{options.ROUTER, options.DEALER, options.PUB, options.SUB, options.XPUB, options.PAIR, options.STREAM}

// FuzzStream feeds arbitrary peer bytes through a socketpair into an engine, then closes the
// peer's side: the engine must end with an EngineError (at the latest on EOF), its fd closed,
// nothing leaked, and never a panic.
func FuzzStream(f *testing.F) {
	greetReady := func(typ options.Type, fs ...frame) []byte {
		all := append([]frame{{msg.Command, zmtp.AppendReady(nil, typ, []byte("id"), map[string]string{"X-K": "v"})}}, fs...)
		return append(greeting3(3, 1, "NULL"), wire(all)...)
	}
	f.Add(uint8(0), greetReady(options.DEALER, frame{msg.More, []byte("a")}, frame{0, make([]byte, 300)}))
	f.Add(uint8(1), greetReady(options.ROUTER, frame{msg.Command, zmtp.AppendPing(nil, 10, []byte("ctx"))}, frame{0, []byte("x")}))
	f.Add(uint8(2), greetReady(options.SUB, frame{msg.Command, zmtp.AppendSubscribe(nil, []byte("t"), false)}, frame{0, []byte("\x00t")}))
	f.Add(uint8(1), greetReady(options.ROUTER, frame{msg.Command, zmtp.AppendError(nil, "500")}))
	f.Add(uint8(0), append([]byte{0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 1, 5}, wire([]frame{{0, []byte("peer")}, {0, []byte("m")}})...))
	f.Add(uint8(2), []byte{0x01, 0x00, 0x03, 0x00, 'h', 'i'})
	f.Add(uint8(6), []byte("GET / HTTP/1.0\r\n\r\n"))
	f.Add(uint8(0), append(greeting3(3, 0, "NULL"), 0x06, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
	f.Fuzz(func(t *testing.T, typ uint8, in []byte) {
		checkFds(t)
		l := newLoop(t)
		fa, fb := socketpair(t)
		o := opts(fuzzTypes[int(typ)%len(fuzzTypes)], func(o *options.Options) {
			o.MaxMsgSize = 1 << 20
			o.HandshakeIvl = 0
		})
		sd := plugSide(t, l, fa, o)
		p := newRawPeer(t, l, fb)
		p.write(in)
		unix.Shutdown(p.fd, unix.SHUT_WR)
		l.runUntil(t, "engine error", func() bool { p.pump(); return len(sd.s.failed()) > 0 })
		p.waitEOF()
		if n := len(sd.s.failed()); n != 1 {
			t.Fatalf("%d EngineError calls", n)
		}
	})
}
