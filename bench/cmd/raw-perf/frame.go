package main

import "encoding/binary"

// batchSize is the size of every read and of a pre-framed write batch.
const batchSize = 64 << 10

// frame returns one ZMTP-framed message of size payload bytes.
func frame(size int) []byte {
	var f []byte
	if size <= 255 {
		f = append(f, 0, byte(size))
	} else {
		f = append(f, 2)
		f = binary.BigEndian.AppendUint64(f, uint64(size))
	}
	for range size {
		f = append(f, 'x')
	}
	return f
}

// parser counts frames in a byte stream cut at arbitrary points.
type parser struct {
	hdr  [9]byte
	have int   // header bytes collected so far
	skip int64 // payload bytes still to skip
}

// feed consumes b and returns how many frames it completed.
func (p *parser) feed(b []byte) int {
	done, i := 0, 0
	for i < len(b) {
		if p.skip > 0 {
			t := int(min(p.skip, int64(len(b)-i)))
			i += t
			if p.skip -= int64(t); p.skip == 0 {
				done++
			}
			continue
		}
		if p.have == 0 && i+2 <= len(b) && b[i]&2 == 0 {
			// Fast path: a whole short header in this chunk.
			p.skip = int64(b[i+1])
			i += 2
			if p.skip == 0 {
				done++
			}
			continue
		}
		p.hdr[p.have] = b[i]
		p.have++
		i++
		need := 2
		if p.hdr[0]&2 != 0 {
			need = 9
		}
		if p.have < need {
			continue
		}
		if need == 2 {
			p.skip = int64(p.hdr[1])
		} else {
			p.skip = int64(binary.BigEndian.Uint64(p.hdr[1:9]))
		}
		p.have = 0
		if p.skip == 0 {
			done++
		}
	}
	return done
}
