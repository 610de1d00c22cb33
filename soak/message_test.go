//go:build soak

package soak

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
)

// Every frame of a soak message is self-checking:
//
//	[0:4]   link id, big endian (PUB/SUB subscribe to it as a topic)
//	[4:12]  the link's sequence number of the message
//	[12]    this frame's index in the message, [13] the message's frame count
//	[14:18] CRC-32C of every other byte of the frame
//	[18:]   payload
const headerLen = 18

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// filler is where payloads are copied from: random bytes, so a frame shifted or spliced
// within a message does not keep its checksum.
var filler = func() []byte {
	b := make([]byte, 1<<20+4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}()

// encodeFrame builds frame part of parts of message seq of link id, with size payload bytes.
func encodeFrame(id uint32, seq uint64, part, parts, size int) []byte {
	f := make([]byte, headerLen+size)
	binary.BigEndian.PutUint32(f[0:], id)
	binary.BigEndian.PutUint64(f[4:], seq)
	f[12], f[13] = byte(part), byte(parts)
	off := int(seq*7919+uint64(part)*131) % 4096
	copy(f[headerLen:], filler[off:off+size])
	binary.BigEndian.PutUint32(f[14:], frameCRC(f))
	return f
}

func frameCRC(f []byte) uint32 {
	c := crc32.Update(0, castagnoli, f[:14])
	return crc32.Update(c, castagnoli, f[headerLen:])
}

// msgID is what a received message says about itself.
type msgID struct {
	link uint32
	seq  uint64
}

// decodeMessage checks every frame of a received message and returns its link and sequence
// number, or an error describing the corruption.
func decodeMessage(frames [][]byte) (msgID, error) {
	var id msgID
	for i, f := range frames {
		if len(f) < headerLen {
			return id, fmt.Errorf("frame %d of %d is %d bytes, shorter than a header", i, len(frames), len(f))
		}
		if got, want := binary.BigEndian.Uint32(f[14:]), frameCRC(f); got != want {
			return id, fmt.Errorf("frame %d of %d (%d bytes): checksum %08x, computed %08x; starts %x",
				i, len(frames), len(f), got, want, f[:headerLen])
		}
		fid := msgID{binary.BigEndian.Uint32(f[0:]), binary.BigEndian.Uint64(f[4:])}
		if int(f[12]) != i || int(f[13]) != len(frames) {
			return id, fmt.Errorf("frame %d of %d says it is frame %d of %d (link %d seq %d)",
				i, len(frames), f[12], f[13], fid.link, fid.seq)
		}
		if i > 0 && fid != id {
			return id, fmt.Errorf("frame %d belongs to link %d seq %d, frame 0 to link %d seq %d",
				i, fid.link, fid.seq, id.link, id.seq)
		}
		id = fid
	}
	if len(frames) == 0 {
		return id, fmt.Errorf("empty message")
	}
	return id, nil
}

// messageSize picks a payload size: mostly small, some medium, a few big (only while little
// is in flight, so memory stays bounded).
func messageSize(r *rand.Rand, bigOK bool) int {
	switch p := r.IntN(1000); {
	case p < 700:
		return r.IntN(65)
	case p < 950:
		return 65 + r.IntN(8<<10)
	case p < 995 || !bigOK:
		return 8<<10 + r.IntN(120<<10)
	default:
		return 128<<10 + r.IntN(896<<10)
	}
}
