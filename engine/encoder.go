package engine

import "github.com/zreactor/zmq/msg"

// Encoder defaults.
const (
	// DefaultZeroCopyMin is the body size from which Encoder references a body instead of
	// copying it into the batch (libzmq zero-copies chunks of at least its 8 KiB batch).
	DefaultZeroCopyMin = 8 << 10
	// maxHeader is the longest frame header plus subscription prefix we ever write: v1 long
	// header (10) + "\x09SUBSCRIBE" (10).
	maxHeader = 20
	// maxSegments bounds the pending writev segments; a zero-copy body takes two (itself and
	// the batch bytes after it).
	maxSegments = 32
)

var (
	subscribeCmdPrefix = []byte("\x09SUBSCRIBE")
	cancelCmdPrefix    = []byte("\x06CANCEL")
	subscribeMsgPrefix = []byte{1}
	cancelMsgPrefix    = []byte{0}
)

// Encoder turns frames into ZMTP bytes. It packs as many frames as fit into one caller-owned
// batch buffer and, for bodies of at least ZeroCopyMin bytes, writes only the header into the
// batch and keeps a reference to the body, so the output is a short list of segments for one
// writev(2). Encoding never allocates.
//
// Use: call Encode (or EncodeSubscription) until it returns false or the source is empty;
// write Pending() (e.g. with writev) and report the bytes written with Advance; repeat.
// Encode may be called again while bytes are pending, so a partial write does not stop the
// batching. Referenced bodies must stay unmodified until Advance has consumed them; msg.Msg
// bodies are immutable once sent, so that holds for frames taken from a pipe.
type Encoder struct {
	framing     Framing
	subCmds     bool   // SUBSCRIBE/CANCEL as commands (3.1) rather than prefixed messages
	zeroCopyMin int    // bodies this long or longer are referenced, not copied
	buf         []byte // the batch
	wpos        int    // end of encoded bytes in buf
	segs        [maxSegments][]byte
	head, nsegs int  // pending segments are segs[head:nsegs]
	lastInBuf   bool // segs[nsegs-1] is a slice of buf ending at wpos
	pending     int  // bytes in pending segments
}

// EncoderConfig configures an Encoder.
type EncoderConfig struct {
	Version Version // picks the framing and the subscription form
	Batch   []byte  // the batch buffer, e.g. 64 KiB; at least 64 bytes
	// ZeroCopyMin is the smallest body sent by reference (0 means DefaultZeroCopyMin). It is
	// lowered to fit the batch, so every frame below it fits an empty batch.
	ZeroCopyMin int
}

// NewEncoder returns an encoder for a peer of the given version.
func NewEncoder(cfg EncoderConfig) *Encoder {
	e := &Encoder{}
	e.Init(cfg)
	return e
}

// Init (re)initialises e, dropping anything pending.
func (e *Encoder) Init(cfg EncoderConfig) {
	if len(cfg.Batch) < 64 {
		panic("engine: encoder batch smaller than 64 bytes") // our own configuration bug
	}
	zc := cfg.ZeroCopyMin
	if zc <= 0 {
		zc = DefaultZeroCopyMin
	}
	// Inline bodies alias their Msg, which the caller reuses, so they are always copied.
	zc = max(min(zc, len(cfg.Batch)-maxHeader), msg.InlineSize+1)
	*e = Encoder{framing: cfg.Version.Framing(), subCmds: cfg.Version.SubscribeCommands(),
		zeroCopyMin: zc, buf: cfg.Batch}
}

// Encode appends one frame. It returns false, encoding nothing, when the batch (or the
// segment list) has no room for it; write Pending() and try again. A frame whose body is
// below ZeroCopyMin always fits an empty batch.
func (e *Encoder) Encode(m *msg.Msg) bool {
	return e.encode(m.Flags(), nil, m.Bytes())
}

// EncodeSubscription appends a subscription (cancel=false) or unsubscription for topic in the
// form the peer expects: a SUBSCRIBE/CANCEL command for ZMTP 3.1, otherwise a message frame
// prefixed with 0x01/0x00 (libzmq v3_1_encoder vs v2/v1 encoders).
func (e *Encoder) EncodeSubscription(topic []byte, cancel bool) bool {
	switch {
	case e.subCmds && cancel:
		return e.encode(msg.Command, cancelCmdPrefix, topic)
	case e.subCmds:
		return e.encode(msg.Command, subscribeCmdPrefix, topic)
	case cancel:
		return e.encode(0, cancelMsgPrefix, topic)
	}
	return e.encode(0, subscribeMsgPrefix, topic)
}

// encode writes header+prefix into the batch, then the body by copy or by reference.
func (e *Encoder) encode(f msg.Flags, prefix, body []byte) bool {
	size := len(prefix) + len(body)
	ref := len(body) >= e.zeroCopyMin
	need := maxHeader
	if !ref {
		need += len(body)
	}
	if len(e.buf)-e.wpos < need || e.nsegs+2 > maxSegments {
		return false
	}
	start := e.wpos
	if e.framing == FramingV1 {
		e.wpos += putV1Header(e.buf[e.wpos:], f, size)
	} else {
		e.wpos += putV2Header(e.buf[e.wpos:], f, size)
	}
	e.wpos += copy(e.buf[e.wpos:], prefix)
	if !ref {
		e.wpos += copy(e.buf[e.wpos:], body)
	}
	e.extend(start)
	if ref && len(body) > 0 {
		e.segs[e.nsegs] = body
		e.nsegs++
		e.pending += len(body)
		e.lastInBuf = false
	}
	return true
}

// extend adds buf[start:wpos] to the pending segments, merging with the previous batch
// segment when they are adjacent.
func (e *Encoder) extend(start int) {
	e.pending += e.wpos - start
	if e.lastInBuf {
		last := &e.segs[e.nsegs-1]
		*last = (*last)[:len(*last)+e.wpos-start]
		return
	}
	e.segs[e.nsegs] = e.buf[start:e.wpos]
	e.nsegs++
	e.lastInBuf = true
}

// Pending returns the encoded bytes not yet written, in order, as segments for writev. The
// slice aliases the encoder and is valid until the next call on it.
func (e *Encoder) Pending() [][]byte { return e.segs[e.head:e.nsegs] }

// Buffered is the number of bytes in Pending.
func (e *Encoder) Buffered() int { return e.pending }

// Advance consumes the first n pending bytes (those a write reported). When nothing is left
// pending the batch is reused from its start.
func (e *Encoder) Advance(n int) {
	n = min(n, e.pending)
	e.pending -= n
	for n > 0 {
		s := &e.segs[e.head]
		if n < len(*s) {
			*s = (*s)[n:]
			return
		}
		n -= len(*s)
		*s = nil // drop the reference so a sent body can be collected
		e.head++
	}
	if e.pending == 0 {
		for i := e.head; i < e.nsegs; i++ {
			e.segs[i] = nil
		}
		e.head, e.nsegs, e.wpos, e.lastInBuf = 0, 0, 0, false
	}
}
