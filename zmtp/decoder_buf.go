package zmtp

import "github.com/zreactor/zmq/msg"

// The decoder's memory: the read buffer, which starts at BufSize and doubles up to
// MaxBufSize when reads fill it, and the own memory of a frame too big for it, which follows
// the bytes that arrive, never the size the peer declared.
//
// A big frame takes its whole buffer at once when that commits no memory the peer has not
// already made us hold: when it is within MaxBufSize of what arrived with its header, when the
// pool has a recycled buffer of its size, or when this connection has delivered a frame at
// least as big before (proven). Otherwise it is assembled in chunks: each the larger of
// MaxBufSize and a quarter of what has arrived (at most maxChunk), so a frame in progress holds
// what arrived plus at most one chunk, about 1.25 times, however big it says it is. Chunks
// come from the body pool and go back to it once the complete frame is copied into a buffer
// of its own: one copy of the frame, and the chunks are warm for the next. A frame never
// completed (the connection ended) gives its memory back to the OS at once (Release).

// maxChunk bounds a chunk of a frame being assembled.
const maxChunk = 4 << 20

// Buffer returns where the next read should land. Call Filled with the count read before
// any other method. Call Next until it returns false before calling Buffer again, or the
// space offered may be small.
func (d *Decoder) Buffer() []byte {
	if d.state == stBig && d.rpos == d.wpos && d.size-d.arrived() >= min(directReadMin, d.bufSize) {
		// libzmq's get_buffer trick: read the big body straight into its own buffer.
		if len(d.big) == cap(d.big) {
			d.growBig(0)
		}
		d.intoBig = true
		return d.big[len(d.big):cap(d.big)]
	}
	d.intoBig = false
	switch {
	case d.rpos == d.wpos:
		d.rpos, d.wpos = 0, 0
		if len(d.buf) != d.bufSize {
			d.buf = make([]byte, d.bufSize)
		}
	case d.wpos == len(d.buf) && d.rpos > 0:
		d.compact()
	}
	return d.buf[d.wpos:]
}

// compact moves undecoded bytes to the start of the buffer (a new one if it is due to grow).
func (d *Decoder) compact() {
	dst := d.buf
	if len(dst) != d.bufSize {
		dst = make([]byte, d.bufSize)
	}
	n := copy(dst, d.buf[d.rpos:d.wpos])
	d.buf, d.rpos, d.wpos = dst, 0, n
}

// Filled records that n bytes were read into the slice the last Buffer call returned.
func (d *Decoder) Filled(n int) {
	if n <= 0 {
		return
	}
	if d.intoBig {
		d.big = d.big[:min(len(d.big)+n, cap(d.big))]
		d.intoBig = false
		return
	}
	d.wpos = min(d.wpos+n, len(d.buf))
	if n == len(d.buf) && d.bufSize < d.maxBufSize {
		// The read filled the whole buffer: more was probably waiting. The next buffer
		// (once this one is decoded) is twice as big.
		d.bufSize = min(2*d.bufSize, d.maxBufSize)
	}
}

// fillBig moves buffered bytes into the big frame's own memory.
func (d *Decoder) fillBig() {
	n := min(d.size-d.arrived(), d.wpos-d.rpos)
	for n > 0 {
		if len(d.big) == cap(d.big) {
			d.growBig(n)
		}
		k := min(n, cap(d.big)-len(d.big))
		d.big = append(d.big, d.buf[d.rpos:d.rpos+k]...)
		d.rpos += k
		n -= k
	}
}

// arrived is the big frame's bytes collected so far.
func (d *Decoder) arrived() int { return d.chunked + len(d.big) }

// growBig gives the big frame room for more bytes, pending of them about to be copied in:
// its whole buffer when that is free of risk (see the top of this file), else its next
// chunk. The three-index slice hides a pooled body's class slack, so that reads never pass
// the frame's end.
func (d *Decoder) growBig(pending int) {
	if d.bigFull == nil {
		nb := msg.TryGetBody(d.size)
		d.recycled = nb != nil
		if nb == nil && (d.size <= d.proven || d.size <= pending+d.maxBufSize) {
			nb = msg.GetBody(d.size, d.arenaFor())
		}
		if nb != nil {
			d.bigFull, d.big = nb, nb[:0:d.size]
			return
		}
	} else {
		d.chunks = append(d.chunks, d.bigFull[:len(d.big)]) // the class's capacity, for PutBody
		d.chunked += len(d.big)
	}
	rest := d.size - d.chunked
	nb := msg.GetBody(min(rest, max(d.maxBufSize, min(d.chunked/4, maxChunk))), nil)
	d.bigFull, d.big = nb, nb[:0:min(cap(nb), rest)]
}

// assembleBig returns the complete big frame's body: its own buffer, or one the chunks are
// copied into, the chunks going back to the pool.
func (d *Decoder) assembleBig() []byte {
	if len(d.chunks) == 0 {
		return d.bigFull[:d.size]
	}
	body := msg.GetBody(d.size, nil)
	n := 0
	for _, c := range d.chunks {
		n += copy(body[n:], c)
		msg.PutBody(c)
	}
	copy(body[n:], d.big)
	msg.PutBody(d.bigFull)
	clear(d.chunks)
	d.chunks, d.chunked = d.chunks[:0], 0
	return body
}

// Release gives back the memory of a frame in progress, for a connection that ends: straight
// to the OS (msg.DiscardBody), since a peer that stopped mid-frame may have made us take much
// more than anyone will reuse soon. The decoder must not be used afterwards except by Init.
func (d *Decoder) Release() {
	for _, c := range d.chunks {
		msg.DiscardBody(c)
	}
	if d.bigFull != nil {
		msg.DiscardBody(d.bigFull)
	}
	clear(d.chunks)
	d.chunks, d.chunked, d.big, d.bigFull = d.chunks[:0], 0, nil, nil
}
