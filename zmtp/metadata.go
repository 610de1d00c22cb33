package zmtp

import (
	"encoding/binary"
	"sort"

	"github.com/zreactor/zmq/options"
)

// Property names libzmq puts in READY/INITIATE.
const (
	PropSocketType = "Socket-Type"
	PropIdentity   = "Identity"
)

// DefaultMaxMetadataSize bounds the property list of one handshake command. libzmq has no
// bound beyond the frame size; 64 KiB is far above anything real (Socket-Type, a 255-byte
// Identity and a few X- properties) and keeps a hostile READY from costing memory.
const DefaultMaxMetadataSize = 64 << 10

// AppendProperty appends one ZMTP property: 1-octet name length, name, 4-octet big-endian
// value length, value. name must be 1..255 bytes (callers pass constants or validated
// ZMQ_METADATA names).
func AppendProperty(dst []byte, name string, value []byte) []byte {
	dst = append(dst, byte(len(name)))
	dst = append(dst, name...)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(value)))
	return append(dst, value...)
}

// AppendBasicProperties appends the properties libzmq puts in READY (NULL, PLAIN) and
// INITIATE (PLAIN, CURVE): Socket-Type; Identity (possibly empty) for REQ, DEALER and ROUTER
// only; then the X- user metadata sorted by name, as libzmq's std::map iterates it.
func AppendBasicProperties(dst []byte, t options.Type, routingID []byte, meta map[string]string) []byte {
	dst = AppendProperty(dst, PropSocketType, []byte(t.String()))
	if t.SendsIdentity() {
		dst = AppendProperty(dst, PropIdentity, routingID)
	}
	names := make([]string, 0, len(meta))
	for k := range meta {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		dst = AppendProperty(dst, k, []byte(meta[k]))
	}
	return dst
}

// ParseProperties walks a property list and calls fn for each property in order (libzmq
// keeps the first of duplicates; callers filling a map do the same). Names are not interpreted; fn compares them
// case-sensitively. A truncated property or trailing bytes (even one) is ErrInvalidMetadata;
// a list longer than limit (if limit > 0) is ErrMetadataTooLarge. The slices passed to fn
// alias p. An error from fn stops the walk and is returned.
func ParseProperties(p []byte, limit int, fn func(name, value []byte) error) error {
	if limit > 0 && len(p) > limit {
		return ErrMetadataTooLarge
	}
	for len(p) > 0 {
		nl := int(p[0])
		if len(p) < 1+nl+4 {
			return ErrInvalidMetadata
		}
		name := p[1 : 1+nl]
		vl := binary.BigEndian.Uint32(p[1+nl:])
		p = p[1+nl+4:]
		if uint64(vl) > uint64(len(p)) {
			return ErrInvalidMetadata
		}
		if err := fn(name, p[:vl]); err != nil {
			return err
		}
		p = p[vl:]
	}
	return nil
}
