package zmtp

import (
	"math"

	"github.com/zreactor/zmq/msg"
)

// DefaultReadBufSize is the decoder's default read buffer size (docs/performance.md P3).
const DefaultReadBufSize = 64 << 10

// directReadMin is the smallest rest of a big frame that Buffer offers to read straight into
// the frame's own buffer (libzmq does so from its 8 KiB batch size). Below it, reading into
// the read buffer lets one read(2) also bring the frames that follow, for one small copy.
const directReadMin = 8 << 10

// DecoderConfig configures a Decoder.
type DecoderConfig struct {
	Version Version // picks the framing (v1 for ZMTP 1.0, v2 otherwise)
	// MaxMsgSize bounds each frame's body (ZMQ_MAXMSGSIZE, per frame, checked when the size
	// is read); negative means unlimited (libzmq's -1). 0 allows only empty frames.
	MaxMsgSize int64
	// BufSize is the (initial) read buffer size; 0 means DefaultReadBufSize. At least 64.
	BufSize int
	// MaxBufSize, when larger than BufSize, lets the read buffer double, up to it, each time a
	// read fills it: idle connections keep a small buffer, busy ones get big reads.
	MaxBufSize int
}

// Decoder states.
const (
	stHeader = iota // collecting a frame header into hdr
	stSmall         // collecting a body of at most msg.InlineSize bytes into small
	stBig           // collecting a larger body into big
)

// Decoder parses ZMTP frames out of a byte stream into msg.Msg values. It owns a read buffer
// and tells the caller where to read next, libzmq decoder_base_t style:
//
//	for {
//		p := d.Buffer()          // read buffer, or the rest of a big frame's own buffer
//		n, err := unix.Read(fd, p)
//		...
//		d.Filled(n)
//		for {
//			ok, err := d.Next(&m)
//			if err != nil { /* protocol error: close */ }
//			if !ok { break }     // all bytes consumed; read again
//			push(m)              // on backpressure keep m and stop calling Next for now
//		}
//	}
//
// Frames of at most msg.InlineSize bytes are copied into the Msg (no allocation). A frame
// larger than what is left of the current read gets memory of its own, which follows the
// bytes that have arrived, never the declared size alone (decoder_buf.go): a frame up to
// MaxBufSize (plus what came with its header) takes one buffer, a bigger one is assembled in
// chunks unless it is known to be safe, and a frame in progress holds about 1.25 times what
// arrived plus MaxBufSize, whatever size the peer declared. While at least directReadMin
// bytes of it are missing, Buffer returns the rest of that memory, so big bodies are read
// straight into place (libzmq's get_buffer). Every body
// that is not inline is a pooled one (msg.GetBody, flag msg.Pooled), so frames the
// application frees come back as warm buffers and the read buffer itself is reused read after
// read. Next overwrites m, so push (or copy) m before calling it again.
type Decoder struct {
	framing    Framing
	maxMsgSize int64
	sizeErr    error // what a frame over maxMsgSize fails with: ErrMsgSize unless SetMaxMsgSize said
	bufSize    int   // size of the next read buffer to allocate
	maxBufSize int   // bufSize may double up to this

	buf        []byte // read buffer, allocated by the first Buffer; bytes buf[rpos:wpos] are not decoded yet
	rpos, wpos int
	intoBig    bool // the last Buffer() was the free part of big

	state   int
	hdr     [10]byte // header bytes collected across reads
	hn      int
	flags   msg.Flags // of the frame in progress
	size    int       // body size of the frame in progress
	small   [msg.InlineSize]byte
	got     int      // body bytes collected into small
	big     []byte   // own buffer of a larger frame, or its last chunk; len is the bytes in it
	bigFull []byte   // big's whole allocation (its capacity is the pool class's)
	chunks  [][]byte // the earlier chunks of a frame assembled in chunks, each full
	chunked int      // bytes in chunks
	// recycled: big is a pooled buffer of the declared size, which growBig takes whole
	// (memory already committed); the bound on what a frame holds is about fresh memory.
	recycled bool
	proven   int       // the largest frame delivered from its own buffer: frames up to it skip growth
	arena    msg.Arena // bodies are carved from here while their pool is empty
	copies   int       // bodies allocated one by one so far, up to arenaAfter
	err      error     // sticky
}

// While a body's pool is empty (the application keeps what it receives, or has not freed
// anything yet), bodies are carved from a shared 64 KiB arena chunk: one allocation per chunk
// instead of one per frame. A frame the application keeps pins its chunk (at most 8x its
// size for 8 KiB frames). A connection uses the arena only after its first arenaAfter such
// bodies, so that thousands of mostly idle connections do not each hold a 64 KiB chunk for a
// few small messages.
const arenaAfter = 64

// arenaFor returns the arena a pooled body may be carved from when its pool is empty: none
// for a connection's first arenaAfter frames (each then gets an allocation of its own).
func (d *Decoder) arenaFor() *msg.Arena {
	if d.copies < arenaAfter {
		d.copies++
		return nil
	}
	return &d.arena
}

// NewDecoder returns a decoder; its read buffer is allocated by the first Buffer call.
func NewDecoder(cfg DecoderConfig) *Decoder {
	d := &Decoder{}
	d.Init(cfg)
	return d
}

// Init (re)initialises d, keeping its read buffer when it has the initial size. A buffer is
// allocated only when a read needs one.
func (d *Decoder) Init(cfg DecoderConfig) {
	size := cfg.BufSize
	if size <= 0 {
		size = DefaultReadBufSize
	}
	size = max(size, 64)
	buf := d.buf
	if len(buf) != size {
		buf = nil
	}
	*d = Decoder{framing: cfg.Version.Framing(), maxMsgSize: cfg.MaxMsgSize,
		bufSize: size, maxBufSize: max(size, cfg.MaxBufSize), buf: buf}
}

// Feed copies as much of p as fits into the read buffer (as a read would) and returns the
// count. It serves the greeting's leftover bytes and tests.
func (d *Decoder) Feed(p []byte) int {
	n := copy(d.Buffer(), p)
	d.Filled(n)
	return n
}

// Buffered is the number of received bytes not yet decoded into frames.
func (d *Decoder) Buffered() int { return d.wpos - d.rpos }

// Err is the sticky error, if any.
func (d *Decoder) Err() error { return d.err }

// Next decodes the next complete frame into m. It returns false when every buffered byte has
// been consumed without completing a frame; after an error every call returns it again.
func (d *Decoder) Next(m *msg.Msg) (bool, error) {
	if d.err != nil {
		return false, d.err
	}
	if d.state == stHeader && d.hn == 0 && d.framing == FramingV2 && d.nextSmallV2(m) {
		return true, nil
	}
	for {
		switch d.state {
		case stHeader:
			ok, err := d.header(m)
			if ok || err != nil || d.state == stHeader {
				return ok, err
			}
		case stSmall:
			n := copy(d.small[d.got:d.size], d.buf[d.rpos:d.wpos])
			d.rpos += n
			d.got += n
			if d.got < d.size {
				return false, nil
			}
			copy(m.InitSize(d.size, d.flags, false), d.small[:d.size])
			d.state = stHeader
			return true, nil
		case stBig:
			d.fillBig()
			if d.arrived() < d.size {
				return false, nil
			}
			m.InitRef(d.assembleBig(), d.flags|msg.Pooled) // from msg.GetBody
			d.proven = max(d.proven, d.size)
			d.big, d.bigFull, d.state = nil, nil, stHeader
			return true, nil
		}
	}
}

// nextSmallV2 is the hot path: a short v2 frame of at most msg.InlineSize bytes, wholly in
// the read buffer, copied into m.
func (d *Decoder) nextSmallV2(m *msg.Msg) bool {
	p := d.buf[d.rpos:d.wpos]
	if len(p) < 2 || p[0]&flagLong != 0 {
		return false
	}
	size := int(p[1])
	if size > msg.InlineSize || size > len(p)-2 || (d.maxMsgSize >= 0 && int64(size) > d.maxMsgSize) {
		return false
	}
	copy(m.InitSize(size, msg.Flags(p[0]&(flagMore|flagCommand)), false), p[2:2+size])
	d.rpos += 2 + size
	return true
}

// header parses a frame header, straight from the read buffer when it is all there, and
// delivers the frame at once when its body is there too.
func (d *Decoder) header(m *msg.Msg) (bool, error) {
	var hlen int
	var size uint64
	var flags msg.Flags
	var err error
	if d.hn == 0 {
		hlen, size, flags, err = d.parseHeader(d.buf[d.rpos:d.wpos])
		d.rpos += hlen
	}
	if hlen == 0 && err == nil {
		complete := d.collectHeader()
		_, size, flags, err = d.parseHeader(d.hdr[:d.hn])
		if !complete && err == nil {
			return false, nil // a v1 zero length is reported before its flags arrive
		}
		d.hn = 0
	}
	if err == nil {
		err = d.checkSize(size)
	}
	if err != nil {
		d.err = err
		return false, err
	}
	return d.begin(m, int(size), flags), nil
}

// collectHeader copies header bytes into hdr one need at a time; true when complete.
func (d *Decoder) collectHeader() bool {
	for {
		need := d.headerLen(d.hdr[:d.hn])
		if d.hn == need {
			return true
		}
		if d.rpos == d.wpos {
			return false
		}
		n := copy(d.hdr[d.hn:need], d.buf[d.rpos:d.wpos])
		d.hn += n
		d.rpos += n
	}
}

func (d *Decoder) headerLen(p []byte) int {
	if d.framing == FramingV1 {
		return v1HeaderLen(p)
	}
	return v2HeaderLen(p)
}

// parseHeader returns the header length (0 when p holds too little), body size and flags.
func (d *Decoder) parseHeader(p []byte) (int, uint64, msg.Flags, error) {
	if d.framing == FramingV1 {
		return parseV1Header(p)
	}
	return parseV2Header(p)
}

// SetMaxMsgSize bounds the frames whose header is read from now on to n bytes (negative:
// unlimited), failing a bigger one with err (ErrMsgSize when nil). The engine bounds the
// security handshake's commands this way (Mechanism.MaxHandshakeCommand).
func (d *Decoder) SetMaxMsgSize(n int64, err error) {
	d.maxMsgSize, d.sizeErr = n, err
}

// checkSize enforces MaxMsgSize at size time, before anything is allocated.
func (d *Decoder) checkSize(size uint64) error {
	if d.maxMsgSize >= 0 && size > uint64(d.maxMsgSize) {
		if d.sizeErr != nil {
			return d.sizeErr
		}
		return ErrMsgSize
	}
	if size > math.MaxInt {
		return ErrMsgSize
	}
	return nil
}

// begin starts a frame of size bytes: delivers it if its body is buffered, else starts
// collecting it.
func (d *Decoder) begin(m *msg.Msg, size int, flags msg.Flags) bool {
	d.flags, d.size = flags, size
	avail := d.wpos - d.rpos
	if size <= avail {
		body := d.buf[d.rpos : d.rpos+size : d.rpos+size]
		d.rpos += size
		switch {
		case size <= msg.InlineSize:
			copy(m.InitSize(size, flags, false), body)
		default:
			// A pooled body, recycled when the application frees it: a busy connection
			// reuses warm memory and its one read buffer instead of taking new ones.
			m.InitPooledCopy(body, flags, d.arenaFor())
		}
		return true
	}
	if size <= msg.InlineSize {
		d.state, d.got = stSmall, 0
		return false
	}
	d.state, d.big, d.bigFull, d.chunked = stBig, nil, nil, 0
	return false
}
