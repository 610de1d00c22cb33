//go:build cgo

package libzmq

/*
#include <stdlib.h>
#include <zmq.h>
*/
import "C"

import "unsafe"

// SetInt sets an int option (Linger, RcvHWM, HeartbeatIvl, RouterMandatory ...).
func (s *Socket) SetInt(opt Option, v int) error {
	cv := C.int(v)
	rc, err := C.zmq_setsockopt(s.p, C.int(opt), unsafe.Pointer(&cv), C.size_t(unsafe.Sizeof(cv)))
	return check("zmq_setsockopt", rc, err)
}

// SetInt64 sets an int64 option (MaxMsgSize, Affinity).
func (s *Socket) SetInt64(opt Option, v int64) error {
	cv := C.int64_t(v)
	rc, err := C.zmq_setsockopt(s.p, C.int(opt), unsafe.Pointer(&cv), C.size_t(unsafe.Sizeof(cv)))
	return check("zmq_setsockopt", rc, err)
}

// SetBytes sets a binary option (RoutingID, Subscribe, Unsubscribe, keys ...).
// An empty value is passed as a zero-length option, e.g. subscribe-all.
func (s *Socket) SetBytes(opt Option, v []byte) error {
	var p unsafe.Pointer
	if len(v) > 0 {
		p = C.CBytes(v)
		defer C.free(p)
	}
	rc, err := C.zmq_setsockopt(s.p, C.int(opt), p, C.size_t(len(v)))
	return check("zmq_setsockopt", rc, err)
}

// SetString sets a string option (PlainUsername, ZapDomain, Z85 keys ...).
func (s *Socket) SetString(opt Option, v string) error { return s.SetBytes(opt, []byte(v)) }

// GetInt reads an int option (Linger, RcvMore, Type, Events ...).
func (s *Socket) GetInt(opt Option) (int, error) {
	var v C.int
	size := C.size_t(unsafe.Sizeof(v))
	rc, err := C.zmq_getsockopt(s.p, C.int(opt), unsafe.Pointer(&v), &size)
	return int(v), check("zmq_getsockopt", rc, err)
}

// GetInt64 reads an int64 option (MaxMsgSize, Affinity).
func (s *Socket) GetInt64(opt Option) (int64, error) {
	var v C.int64_t
	size := C.size_t(unsafe.Sizeof(v))
	rc, err := C.zmq_getsockopt(s.p, C.int(opt), unsafe.Pointer(&v), &size)
	return int64(v), check("zmq_getsockopt", rc, err)
}

// GetBytes reads a binary option (RoutingID, keys).
func (s *Socket) GetBytes(opt Option) ([]byte, error) {
	buf := (*[256]byte)(C.malloc(256))
	defer C.free(unsafe.Pointer(buf))
	size := C.size_t(len(buf))
	rc, err := C.zmq_getsockopt(s.p, C.int(opt), unsafe.Pointer(buf), &size)
	if err := check("zmq_getsockopt", rc, err); err != nil {
		return nil, err
	}
	return append([]byte(nil), buf[:size]...), nil
}

// GetString reads a string option (LastEndpoint ...), without its NUL.
func (s *Socket) GetString(opt Option) (string, error) {
	b, err := s.GetBytes(opt)
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return string(b), err
}
