package zmtp

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
	// DefaultMaxBatch is the size an adaptive batch grows to (docs/performance.md P3: writes up to
	// 64 KiB).
	DefaultMaxBatch = 64 << 10
	// smallBatch is the adaptive batch's starting size, inside the Encoder: a handshake's
	// commands and occasional small frames fit; bigger bodies go by reference.
	smallBatch = 256
	// initialBatch is the adaptive batch's first heap size, once a batch has filled up.
	initialBatch = 8 << 10
)

var (
	subscribeCmdPrefix = []byte("\x09SUBSCRIBE")
	cancelCmdPrefix    = []byte("\x06CANCEL")
	subscribeMsgPrefix = []byte{1}
	cancelMsgPrefix    = []byte{0}
)

// Encoder turns frames into ZMTP bytes. It packs as many frames as fit into one batch buffer
// and, for bodies of at least ZeroCopyMin bytes, writes only the header into the batch and
// keeps a reference to the body, so the output is a short list of segments for one
// writev(2). Pending bytes, referenced bodies included, stay within about one batch, so the
// encoder never pulls frames far ahead of what the socket takes. Encoding never allocates,
// except when an adaptive batch grows.
//
// The batch is either caller-owned (EncoderConfig.Batch, fixed) or adaptive: it starts as a
// small array inside the Encoder, which is enough for handshakes and occasional frames, and
// once a batch fills up it is replaced by a heap buffer (initialBatch, then doubling up to
// MaxBatch) when its bytes have been written, so busy connections get big writes and idle
// ones cost almost nothing.
//
// Use: call Encode (or EncodeSubscription) until it returns false or the source is empty;
// write Pending() (e.g. with writev) and report the bytes written with Advance; repeat.
// Encode may be called again while bytes are pending, so a partial write does not stop the
// batching. Referenced bodies must stay unmodified until Advance has consumed them; msg.Msg
// bodies are immutable once sent, so that holds for frames taken from a pipe.
type Encoder struct {
	framing     Framing
	subCmds     bool   // SUBSCRIBE/CANCEL as commands (3.1) rather than prefixed messages
	zeroCopyCfg int    // the configured ZeroCopyMin
	zeroCopyMin int    // bodies this long or longer are referenced, not copied
	buf         []byte // the batch
	maxBatch    int    // adaptive batch: the size it may grow to; 0 for a caller-owned batch
	full        bool   // a frame did not fit: grow the adaptive batch once it is written
	wpos        int    // end of encoded bytes in buf
	segs        [maxSegments][]byte
	release     [maxSegments][]byte // pooled bodies (msg.Pooled), returned once written
	body        [maxSegments]bool   // segs[i] is a referenced body
	head, nsegs int                 // pending segments are segs[head:nsegs]
	headCut     bool                // segs[head] has been written in part
	lastInBuf   bool                // segs[nsegs-1] is a slice of buf ending at wpos
	pending     int                 // bytes in pending segments
	small       [smallBatch]byte
}

// EncoderConfig configures an Encoder.
type EncoderConfig struct {
	Version Version // picks the framing and the subscription form
	// Batch is a caller-owned batch buffer, e.g. 64 KiB; at least 64 bytes. When nil, the
	// encoder uses an adaptive batch growing up to MaxBatch.
	Batch []byte
	// MaxBatch bounds the adaptive batch; 0 means DefaultMaxBatch.
	MaxBatch int
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

// Init (re)initialises e, dropping anything pending. An adaptive batch restarts small.
func (e *Encoder) Init(cfg EncoderConfig) {
	maxBatch := 0
	if cfg.Batch == nil {
		maxBatch = cfg.MaxBatch
		if maxBatch <= 0 {
			maxBatch = DefaultMaxBatch
		}
		maxBatch = max(maxBatch, smallBatch)
	} else if len(cfg.Batch) < 64 {
		panic("engine: encoder batch smaller than 64 bytes") // our own configuration bug
	}
	zc := cfg.ZeroCopyMin
	if zc <= 0 {
		zc = DefaultZeroCopyMin
	}
	*e = Encoder{framing: cfg.Version.Framing(), subCmds: cfg.Version.SubscribeCommands(),
		zeroCopyCfg: zc, buf: cfg.Batch, maxBatch: maxBatch}
	if e.buf == nil {
		e.buf = e.small[:]
	}
	e.setZeroCopyMin()
}

// setZeroCopyMin lowers the configured threshold to fit the batch. Inline bodies alias their
// Msg, which the caller reuses, so they are always copied.
func (e *Encoder) setZeroCopyMin() {
	e.zeroCopyMin = max(min(e.zeroCopyCfg, len(e.buf)-maxHeader), msg.InlineSize+1)
}

// grow replaces a filled-up adaptive batch, once nothing pending refers to it, by a heap
// buffer twice as big (the first one initialBatch).
func (e *Encoder) grow() {
	e.full = false
	if e.maxBatch <= len(e.buf) {
		return
	}
	size := max(2*len(e.buf), initialBatch)
	e.buf = make([]byte, min(size, e.maxBatch))
	e.setZeroCopyMin()
}

// Encode appends one frame. It returns false, encoding nothing, when the batch (or the
// segment list) has no room for it; write Pending() and try again. A frame whose body is
// below ZeroCopyMin always fits an empty batch.
func (e *Encoder) Encode(m *msg.Msg) bool {
	f := m.Flags()
	if f&(msg.Pooled|msg.Shared) != msg.Pooled {
		return e.encode(f, nil, m.Bytes())
	}
	body := m.Bytes()
	if !e.encode(f, nil, body) {
		return false
	}
	if last := e.nsegs - 1; !e.lastInBuf && len(body) > 0 && &e.segs[last][0] == &body[0] {
		e.release[last] = body // referenced: returned by Advance once written
	} else {
		msg.PutBody(body) // copied into the batch: nothing refers to it any more
	}
	return true
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
	if len(e.buf)-e.wpos < need || e.nsegs+2 > maxSegments || (ref && e.pending >= len(e.buf)) {
		// Full. Counting referenced bodies against the batch keeps the frames pulled ahead
		// of the socket, and the bodies kept alive, within one batch plus one body.
		e.full = e.pending > 0
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
		e.body[e.nsegs] = true
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

// Lead is where to cut the first write of Pending so that the first big body in it (a
// referenced body of at least min bytes, none of it written yet) starts with a short write:
// the bytes before that body plus its first bite bytes. It is 0 when there is no such body or
// the cut would leave nothing for a second write.
func (e *Encoder) Lead(min, bite int) int {
	n := 0
	for i := e.head; i < e.nsegs; i++ {
		if e.body[i] && len(e.segs[i]) >= min && (i != e.head || !e.headCut) {
			if n+bite >= e.pending {
				return 0
			}
			return n + bite
		}
		n += len(e.segs[i])
	}
	return 0
}

// PendingPrefix is Pending cut after its first n bytes, listed in scratch so that the
// pending segments stay whole; nil when scratch is too short for it.
func (e *Encoder) PendingPrefix(n int, scratch [][]byte) [][]byte {
	out := scratch[:0]
	for _, s := range e.Pending() {
		if n <= 0 {
			break
		}
		if len(out) == len(scratch) {
			return nil
		}
		if len(s) > n {
			s = s[:n]
		}
		out = append(out, s)
		n -= len(s)
	}
	return out
}

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
			e.headCut = true
			return
		}
		n -= len(*s)
		*s = nil // drop the reference so a sent body can be collected
		if r := e.release[e.head]; r != nil {
			msg.PutBody(r)
			e.release[e.head] = nil
		}
		e.body[e.head] = false
		e.head++
		e.headCut = false
	}
	if e.pending == 0 {
		for i := e.head; i < e.nsegs; i++ {
			e.segs[i], e.release[i], e.body[i] = nil, nil, false
		}
		e.head, e.nsegs, e.wpos, e.lastInBuf = 0, 0, 0, false
		if e.full && e.maxBatch > 0 {
			e.grow()
		}
	}
}
