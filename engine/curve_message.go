package engine

import (
	"encoding/binary"

	"github.com/zreactor/zmq/msg"
	"golang.org/x/crypto/nacl/box"
)

// Buffer policy for the MESSAGE hot path. x/crypto never seals or opens in place, so each
// direction needs the plaintext apart from the box: a scratch buffer kept up to
// curveScratchMax (64 KiB messages then allocate nothing on receive), and outgoing frames up
// to curveCarveMax carved from shared chunks (one allocation per chunk, not per frame; a
// chunk is freed once the encoder has written its last frame).
const (
	curveScratchMax = 64<<10 + 64
	curveCarveMax   = 2 << 10
	curveChunkSize  = 32 << 10
)

// curveCodec boxes and unboxes data frames once the handshake is done (libzmq
// curve_encoding_t): every frame, commands included, becomes a MESSAGE in a plain data
// frame, its MORE and COMMAND flags inside the box.
type curveCodec struct {
	key        [32]byte // precomputed from C' and S': the connection's session key
	sendPrefix string   // curveNonceMessageC or curveNonceMessageS
	recvPrefix string
	sent       curveCounter // last short nonce sent
	peerNonce  uint64       // last short nonce received; a MESSAGE must exceed it
	scratch    []byte
	chunk      []byte // unused tail of the current carving chunk
}

// encode replaces m by the MESSAGE frame boxing it.
func (c *curveCodec) encode(m *msg.Msg) error {
	n, err := c.sent.next()
	if err != nil {
		return err
	}
	data := m.Bytes()
	plain := c.scratchFor(1 + len(data))
	plain[0] = boxFlags(m.Flags())
	copy(plain[1:], data)
	out := c.carve(curveMessageHead + box.Overhead + len(plain))
	copy(out, curveMessageName)
	binary.BigEndian.PutUint64(out[8:], n)
	nonce := shortNonce(c.sendPrefix, n)
	box.SealAfterPrecomputation(out[:curveMessageHead], plain, &nonce, &c.key)
	m.InitRef(out, 0)
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
	sealed := body[curveMessageHead:]
	size := len(sealed) - box.Overhead
	fresh := size > curveScratchMax
	var plain []byte
	if fresh {
		plain = make([]byte, 0, size)
	} else {
		plain = c.scratchFor(size)[:0]
	}
	nonce := shortNonce(c.recvPrefix, n)
	plain, ok := box.OpenAfterPrecomputation(plain, sealed, &nonce, &c.key)
	if !ok {
		return ErrCurveCryptographic
	}
	c.peerNonce = n
	c.deliver(m, body, plain, fresh)
	return nil
}

// deliver sets m to plain's payload. The received frame's own buffer is exclusively m's
// (the decoder never rewrites a buffer it lent), so the payload is copied back over the box
// rather than into a new allocation, unless the body is shared or plain is a fresh buffer
// of its own already.
func (c *curveCodec) deliver(m *msg.Msg, body, plain []byte, fresh bool) {
	f := m.Flags()&^(msg.More|msg.Command|msg.Shared) | msgFlags(plain[0])
	data := plain[1:]
	switch {
	case len(data) <= msg.InlineSize || m.Flags()&msg.Shared != 0:
		m.Init(data, f)
	case fresh:
		m.InitRef(data, f)
	default:
		k := copy(body, data)
		m.InitRef(body[:k:k], f)
	}
}

// scratchFor returns c's scratch buffer resized to n bytes, or a temporary one when n is
// over curveScratchMax.
func (c *curveCodec) scratchFor(n int) []byte {
	if n > curveScratchMax {
		return make([]byte, n)
	}
	if cap(c.scratch) < n {
		c.scratch = make([]byte, n, min(max(n, 2*cap(c.scratch)), curveScratchMax))
	}
	return c.scratch[:n]
}

// carve returns n fresh bytes for an outgoing frame, capacity clipped so nothing appends
// into the next frame.
func (c *curveCodec) carve(n int) []byte {
	if n > curveCarveMax {
		return make([]byte, n)
	}
	if len(c.chunk) < n {
		c.chunk = make([]byte, curveChunkSize)
	}
	b := c.chunk[:n:n]
	c.chunk = c.chunk[n:]
	return b
}

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
