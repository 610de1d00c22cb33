package zmtp

import (
	"bytes"
	"encoding/binary"

	"github.com/zreactor/zmq/msg"
	"golang.org/x/crypto/nacl/box"
)

// Buffer policy for the MESSAGE hot path: boxes are sealed and opened in place
// (curve_inplace.go), so a received payload stays in the frame's own buffer, and outgoing
// boxes are pooled bodies (msg.GetBody: recycled once the encoder is done with them, carved
// from a shared chunk while the pool is empty).

// curveCodec boxes and unboxes data frames once the handshake is done (libzmq
// curve_encoding_t): every frame, commands included, becomes a MESSAGE in a plain data
// frame, its MORE and COMMAND flags inside the box.
type curveCodec struct {
	key        [32]byte // precomputed from C' and S': the connection's session key
	sendPrefix string   // curveNonceMessageC or curveNonceMessageS
	recvPrefix string
	sent       curveCounter // last short nonce sent
	peerNonce  uint64       // last short nonce received; a MESSAGE must exceed it
	arena      msg.Arena    // where boxes are carved while their pool is empty
}

// encode replaces m by the MESSAGE frame boxing it: the flags octet and the data are
// written where the box goes and sealed there.
func (c *curveCodec) encode(m *msg.Msg) error {
	n, err := c.sent.next()
	if err != nil {
		return err
	}
	data := m.Bytes()
	out := c.carve(curveMessageHead + box.Overhead + 1 + len(data))
	copy(out, curveMessageName)
	binary.BigEndian.PutUint64(out[8:], n)
	text := out[curveMessageHead+box.Overhead:]
	text[0] = boxFlags(m.Flags())
	copy(text[1:], data)
	if m.Flags()&(msg.Pooled|msg.Shared) == msg.Pooled {
		msg.PutBody(data) // sealed into the box: nothing refers to the plaintext any more
	}
	nonce := shortNonce(c.sendPrefix, n)
	sealInPlace(out[curveMessageHead:], &nonce, &c.key)
	m.InitRef(out, msg.Pooled) // the encoder returns it once written
	return nil
}

// decode replaces the MESSAGE frame m by the frame it boxes, with that frame's MORE and
// COMMAND flags. Checks run in libzmq's order: command structure, name, size, nonce order,
// then the box.
func (c *curveCodec) decode(m *msg.Msg) error {
	body := m.Bytes()
	switch {
	case !basicCommandOK(body):
		return ErrMalformedCommand
	case len(body) < len(curveMessageName) || string(body[:len(curveMessageName)]) != curveMessageName:
		return ErrUnexpectedCommand
	case len(body) < curveMessageMinSize:
		return errCurveMessageSize
	}
	n := binary.BigEndian.Uint64(body[8:])
	if n <= c.peerNonce {
		return ErrCurveInvalidSequence
	}
	if m.Flags()&msg.Shared != 0 {
		// Others read this body too: open a copy (never the case for received frames).
		body = bytes.Clone(body)
	}
	nonce := shortNonce(c.recvPrefix, n)
	plain, ok := openInPlace(body[curveMessageHead:], &nonce, &c.key)
	if !ok {
		return ErrCurveCryptographic
	}
	c.peerNonce = n
	// Pooled is dropped unless the payload is moved to its pooled buffer's start below.
	f := m.Flags()&^(msg.More|msg.Command|msg.Shared|msg.Pooled) | msgFlags(plain[0])
	data := plain[1:]
	switch {
	case len(data) <= msg.InlineSize:
		m.Init(data, f)
	case m.Flags()&(msg.Pooled|msg.Shared) == msg.Pooled:
		// A pooled frame buffer: move the payload to its start so the application can give
		// the whole buffer back (Msg.Free). The move is cheap next to the page faults and
		// cache misses of a fresh buffer for every MESSAGE.
		k := copy(body, data)
		m.InitRef(body[:k], f|msg.Pooled)
	default:
		// The received frame's buffer is m's alone (the decoder never rewrites a body it
		// delivered): the payload stays where it was decrypted.
		m.InitRef(data[:len(data):len(data)], f)
	}
	return nil
}

// openCommand opens the box of a handshake command sealed with the session key under the
// short nonce prefix and counter, and records the counter as the peer's last nonce.
func (c *curveCodec) openCommand(prefix string, counter, sealed []byte) ([]byte, error) {
	n := binary.BigEndian.Uint64(counter)
	nonce := shortNonce(prefix, n)
	plain, ok := box.OpenAfterPrecomputation(nil, sealed, &nonce, &c.key)
	if !ok {
		return nil, ErrCurveCryptographic
	}
	c.peerNonce = n
	return plain, nil
}

// carve returns a pooled body of n bytes for an outgoing box.
func (c *curveCodec) carve(n int) []byte { return msg.GetBody(n, &c.arena) }

// boxFlags maps msg flags to the flags octet inside a MESSAGE box.
func boxFlags(f msg.Flags) byte {
	b := byte(f & msg.More)
	if f&msg.Command != 0 {
		b |= curveFlagCommand
	}
	return b
}

// msgFlags maps a MESSAGE box's flags octet to msg flags; reserved bits are ignored, as in
// libzmq.
func msgFlags(b byte) msg.Flags {
	f := msg.Flags(b & curveFlagMore)
	if b&curveFlagCommand != 0 {
		f |= msg.Command
	}
	return f
}
