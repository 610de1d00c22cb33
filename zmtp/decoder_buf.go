package zmtp

import "github.com/zreactor/zmq/msg"

// The decoder's memory: the read buffer, which starts at BufSize and doubles up to
// MaxBufSize when reads fill it, and the own buffer of a frame too big for it, which grows
// with the bytes that arrive, never with the size the peer declared.

// Buffer returns where the next read should land. Call Filled with the count read before
// any other method. Call Next until it returns false before calling Buffer again, or the
// space offered may be small.
func (d *Decoder) Buffer() []byte {
	if d.state == stBig && d.rpos == d.wpos && d.size-len(d.big) >= min(directReadMin, d.bufSize) {
		// libzmq's get_buffer trick: read the big body straight into its own buffer.
		if cap(d.big)-len(d.big) < min(directReadMin, d.bufSize) {
			d.growBig(len(d.big))
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

// fillBig moves buffered bytes into the big frame's own buffer.
func (d *Decoder) fillBig() {
	n := min(d.size-len(d.big), d.wpos-d.rpos)
	if n == 0 {
		return
	}
	if cap(d.big)-len(d.big) < n {
		d.growBig(len(d.big) + n)
	}
	d.big = append(d.big, d.buf[d.rpos:d.rpos+n]...)
	d.rpos += n
}

// growBig gives the big frame a buffer for arrived bytes plus a generous step:
// max(3*arrived, maxBufSize), capped at the frame's size. So memory stays within four times
// the bytes received plus one maximal read buffer, whatever size the peer declared, while a
// frame of up to about maxBufSize takes a single allocation and a bigger one grows fourfold
// (a 1 MiB frame: 64 KiB read, then 256 KiB, then its full size), which halves the copies of
// doubling. The whole frame gets its buffer at once, though, when that costs no memory the
// peer has not already made us hold: a recycled buffer of the declared size (memory already
// committed), or a frame no bigger than one this connection has delivered before. Either way
// the growth copies (a third of a 1 MiB frame's bytes) and the outgrown buffers are saved.
func (d *Decoder) growBig(arrived int) {
	newCap := min(d.size, arrived+max(3*arrived, d.maxBufSize))
	if newCap <= cap(d.big) {
		return
	}
	// Bodies come from the body pool: an outgrown buffer goes straight back (only the decoder
	// ever saw it), and the application may return the finished one (Msg.Free). The
	// three-index slice hides the class slack so reads never pass the frame's end.
	l := len(d.big)
	nb := msg.TryGetBody(d.size)
	d.recycled = nb != nil
	if d.recycled || d.size <= d.proven {
		newCap = d.size
	}
	if nb == nil {
		nb = msg.GetBody(newCap, d.arenaFor())
	}
	copy(nb, d.big)
	if d.bigFull != nil {
		msg.PutBody(d.bigFull)
	}
	d.bigFull = nb
	d.big = nb[:l:newCap]
}
