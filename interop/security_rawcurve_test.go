//go:build cgo

package interop_test

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"testing"

	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
	"golang.org/x/crypto/nacl/box"
)

// A hostile CURVE client written by hand (RFC 25/26, laid out as libzmq 4.3.4 lays it out):
// it speaks the client side of the handshake over a zmtptest.Peer, so a test can send any command
// exactly right, or exactly wrong, and then tamper with MESSAGE boxes and nonces.

// curveKey is one long-term CURVE key pair.
type curveKey struct{ pub, sec [32]byte }

func newCurveKey(t testing.TB) curveKey {
	t.Helper()
	pub, sec, err := box.GenerateKey(rand.Reader)
	testutil.Must(t, err, "box.GenerateKey")
	return curveKey{pub: *pub, sec: *sec}
}

// z85 encodes a 32-byte key as its 40 Z85 characters (with libzmq's encoder).
func z85(t testing.TB, key [32]byte) string {
	t.Helper()
	s, err := libzmq.Z85Encode(key[:])
	testutil.Must(t, err, "Z85Encode")
	return s
}

// Nonce prefixes of RFC 26.
const (
	curveHelloPrefix    = "CurveZMQHELLO---"
	curveInitiatePrefix = "CurveZMQINITIATE"
	curveReadyPrefix    = "CurveZMQREADY---"
	curveMessageC       = "CurveZMQMESSAGEC"
	curveMessageS       = "CurveZMQMESSAGES"
)

// curveNonce is a full 24-byte nonce: a 16-byte prefix and a 64-bit counter.
func curveNonce(prefix string, n uint64) *[24]byte {
	var b [24]byte
	copy(b[:], prefix)
	binary.BigEndian.PutUint64(b[16:], n)
	return &b
}

// longNonce is a full nonce with an 8-byte prefix and 16 given bytes.
func longNonce(prefix string, rest []byte) *[24]byte {
	var b [24]byte
	copy(b[:], prefix)
	copy(b[8:], rest)
	return &b
}

// rawCurve is the client state of one hostile connection.
type rawCurve struct {
	*zmtptest.Peer
	server        [32]byte // S, the server's long-term public key
	key           curveKey // C, c
	cnPub, cnSec  [32]byte // C', c'
	cnServer      [32]byte // S'
	cookie        [96]byte
	precom        [32]byte // C'/S' shared key, after WELCOME
	nonce         uint64   // next short nonce we send (libzmq starts at 1)
	peerNonce     uint64   // last short nonce the server used
	lastSentNonce uint64
	againstLib    bool // the server is libzmq's (for the few cases where ours differs)
}

// newRawCurve makes the CURVE client of connection p, with long-term key, for a server whose
// public key is server. A raw PLAIN client uses it too, for its connection only.
func newRawCurve(p *zmtptest.Peer, server [32]byte, key curveKey) *rawCurve {
	cn := newCurveKey(p.T)
	return &rawCurve{Peer: p, server: server, key: key, cnPub: cn.pub, cnSec: cn.sec, nonce: 1}
}

// greet exchanges ZMTP 3.1 CURVE greetings (as-server 0) and checks the server's.
func (c *rawCurve) greet() {
	c.T.Helper()
	c.Write(zmtptest.Greeting(3, 1, "CURVE"))
	g := c.Read(64)
	if g[0] != 0xFF || g[10] != 3 || string(bytes.TrimRight(g[12:32], "\x00")) != "CURVE" {
		c.T.Fatalf("unexpected server greeting % x", g)
	}
}

// nextNonce returns the next short nonce and advances the counter.
func (c *rawCurve) nextNonce() uint64 {
	n := c.nonce
	c.nonce++
	c.lastSentNonce = n
	return n
}

// helloBody is a correct 200-byte HELLO: name, version 1.0, 72 bytes of zero padding, C',
// short nonce, Box[64 zero bytes](C'->S).
func (c *rawCurve) helloBody() []byte {
	n := c.nextNonce()
	b := append([]byte("\x05HELLO"), 1, 0)
	b = append(b, make([]byte, 72)...)
	b = append(b, c.cnPub[:]...)
	b = binary.BigEndian.AppendUint64(b, n)
	return box.Seal(b, make([]byte, 64), curveNonce(curveHelloPrefix, n), &c.server, &c.cnSec)
}

// readWelcome reads the WELCOME and keeps S' and the cookie.
func (c *rawCurve) readWelcome() {
	c.T.Helper()
	flags, body := c.ReadFrame()
	if flags != zmtptest.FlagCommand || len(body) != 168 || string(body[:8]) != "\x07WELCOME" {
		c.T.Fatalf("want WELCOME, got flags %#x body %q", flags, body)
	}
	plain, ok := box.Open(nil, body[24:], longNonce("WELCOME-", body[8:24]), &c.server, &c.cnSec)
	if !ok || len(plain) != 128 {
		c.T.Fatalf("cannot open WELCOME box")
	}
	copy(c.cnServer[:], plain[:32])
	copy(c.cookie[:], plain[32:])
	box.Precompute(&c.precom, &c.cnServer, &c.cnSec)
}

// initiateBody is a correct INITIATE: cookie, short nonce, Box[C + vouch + metadata](C'->S'),
// vouch = 16-byte nonce + Box[C' + S](C->S').
func (c *rawCurve) initiateBody(metadata []byte) []byte {
	return c.initiateBodyVouching(c.cnPub, metadata)
}

// initiateBodyVouching is initiateBody with a vouch for the short-term key vouched (honest
// clients vouch for their own C').
func (c *rawCurve) initiateBodyVouching(vouched [32]byte, metadata []byte) []byte {
	var vn [16]byte
	rand.Read(vn[:])
	vouch := box.Seal(append([]byte(nil), vn[:]...), append(vouched[:], c.server[:]...),
		longNonce("VOUCH---", vn[:]), &c.cnServer, &c.key.sec)
	plain := append(append(append([]byte(nil), c.key.pub[:]...), vouch...), metadata...)
	n := c.nextNonce()
	b := append([]byte("\x08INITIATE"), c.cookie[:]...)
	b = binary.BigEndian.AppendUint64(b, n)
	return box.SealAfterPrecomputation(b, plain, curveNonce(curveInitiatePrefix, n), &c.precom)
}

// curveMetadata is the property list of a socket of type socketType.
func curveMetadata(socketType string) []byte {
	b := zmtptest.Prop(nil, "Socket-Type", socketType)
	if socketType == "DEALER" || socketType == "REQ" || socketType == "ROUTER" {
		b = zmtptest.Prop(b, "Identity", "")
	}
	return b
}

// readReady reads the READY and checks its box and nonce.
func (c *rawCurve) readReady() {
	c.T.Helper()
	flags, body := c.ReadFrame()
	if flags != zmtptest.FlagCommand || len(body) < 30 || string(body[:6]) != "\x05READY" {
		c.T.Fatalf("want READY, got flags %#x body %q", flags, body)
	}
	n := binary.BigEndian.Uint64(body[6:14])
	if _, ok := box.OpenAfterPrecomputation(nil, body[14:], curveNonce(curveReadyPrefix, n), &c.precom); !ok {
		c.T.Fatalf("cannot open READY box")
	}
	c.peerNonce = n
}

// handshake runs the whole client handshake as a socket of type socketType.
func (c *rawCurve) handshake(socketType string) {
	c.T.Helper()
	c.greet()
	c.Write(zmtptest.Frame(zmtptest.FlagCommand, c.helloBody()))
	c.readWelcome()
	c.Write(zmtptest.Frame(zmtptest.FlagCommand, c.initiateBody(curveMetadata(socketType))))
	c.readReady()
}

// messageBody boxes one frame into a MESSAGE command with short nonce n: flags byte (More
// 0x01, Command 0x02), then the data.
func (c *rawCurve) messageBody(n uint64, flags byte, data []byte) []byte {
	b := binary.BigEndian.AppendUint64([]byte("\x07MESSAGE"), n)
	return box.SealAfterPrecomputation(b, append([]byte{flags}, data...), curveNonce(curveMessageC, n), &c.precom)
}

// messageFrames boxes a multipart message, each part under the next nonce, as the ZMTP
// frames libzmq sends: a MESSAGE is a data frame without MORE, the More bit is inside the box.
func (c *rawCurve) messageFrames(parts ...string) []byte {
	var out []byte
	for i, p := range parts {
		fl := byte(0)
		if i < len(parts)-1 {
			fl = zmtptest.FlagMore
		}
		out = append(out, zmtptest.Frame(0, c.messageBody(c.nextNonce(), fl, []byte(p)))...)
	}
	return out
}

// readMessage reads and opens MESSAGE frames until a whole message is in, skipping boxed
// commands (PINGs).
func (c *rawCurve) readMessage() []string {
	c.T.Helper()
	var parts []string
	for {
		_, body := c.ReadFrame()
		if len(body) < 8+8+16+1 || string(body[:8]) != "\x07MESSAGE" {
			c.T.Fatalf("want MESSAGE, got %q", body)
		}
		n := binary.BigEndian.Uint64(body[8:16])
		if n <= c.peerNonce {
			c.T.Fatalf("server MESSAGE nonce %d after %d", n, c.peerNonce)
		}
		c.peerNonce = n
		plain, ok := box.OpenAfterPrecomputation(nil, body[16:], curveNonce(curveMessageS, n), &c.precom)
		if !ok {
			c.T.Fatalf("cannot open server MESSAGE box")
		}
		if plain[0]&0x02 != 0 {
			continue
		}
		parts = append(parts, string(plain[1:]))
		if plain[0]&zmtptest.FlagMore == 0 {
			return parts
		}
	}
}

// A raw PLAIN client needs no state: these build its commands (RFC 24).

func plainHelloBody(user, pass string) []byte {
	b := append([]byte("\x05HELLO"), byte(len(user)))
	b = append(b, user...)
	b = append(b, byte(len(pass)))
	return append(b, pass...)
}

func plainInitiateBody(socketType string) []byte {
	return append([]byte("\x08INITIATE"), curveMetadata(socketType)...)
}
